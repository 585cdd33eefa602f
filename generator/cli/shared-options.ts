/**
 * What the generating commands (`generate`, `docs`, `watch`) share: their options, the compile step
 * that reports diagnostics and stops on errors, and which thrown errors belong to the command line.
 */
import { Option } from "commander";
import { compile, type Model } from "../../idl/index.js";
import { ForeignOutputDirectoryError } from "../write-output.js";
import type { CliContext } from "./context.js";
import { exitCodeFor, reportDiagnostics } from "./report.js";

export const outDirOption = (): Option =>
  new Option("-o, --out <dir>", "the output directory (replaced as a whole)").makeOptionMandatory();

export const langOption = (): Option =>
  new Option("--lang <lang>", "TypeScript sources, or JavaScript with .d.ts")
    .choices(["ts", "js"])
    .default("ts");

export const templatesOption = (): Option =>
  new Option(
    "--templates <dir>",
    "a directory of .hbs files that replace the built-in templates of the same name; those under <dir>/extra/ render files of your own",
  );

/** Compiles the schema and reports its diagnostics; `undefined` (exit status set) when it has errors. */
export function compileForGeneration(schema: string, context: CliContext): Model | undefined {
  const result = compile(schema);
  reportDiagnostics(result, context, { format: "text", entry: schema });
  if (result.model === undefined) context.exitCode = exitCodeFor(result.diagnostics);
  return result.model;
}

/** node:fs errors carry a `code` such as ENOENT or EACCES; a folder gidl does not own is refused. */
export function isFileSystemError(error: Error): boolean {
  return (
    error instanceof ForeignOutputDirectoryError || typeof (error as { code?: unknown }).code === "string"
  );
}
