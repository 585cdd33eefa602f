// gidl generate <schema.gidl> -o <dir> [--lang ts|js] [--templates <dir>]: writes every generated file.
import * as path from "node:path";
import { Command, Option } from "commander";
import { compile } from "../../../idl/index.js";
import { generate, GeneratedCodeError, TemplateError } from "../../index.js";
import { ForeignOutputDirectoryError, writeOutput } from "../../write-output.js";
import type { CommandDefinition } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import { exitCodeFor, reportDiagnostics } from "../report.js";

interface GenerateCommandOptions {
  readonly out: string;
  readonly lang: "ts" | "js";
  readonly templates?: string;
}

export const generateCommand: CommandDefinition = (context) =>
  new Command("generate")
    .description("generate types, validators, server, client, JSON Schema, docs and manifest from a schema")
    .argument("<schema>", "the root .gidl file")
    .requiredOption("-o, --out <dir>", "the output directory (replaced as a whole)")
    .addOption(
      new Option("--lang <lang>", "TypeScript sources, or JavaScript with .d.ts")
        .choices(["ts", "js"])
        .default("ts"),
    )
    .option(
      "--templates <dir>",
      "a directory of .hbs files that replace the built-in templates of the same name",
    )
    .action((schema: string, options: GenerateCommandOptions) => {
      const result = compile(schema);
      reportDiagnostics(result, context, { format: "text", entry: schema });
      if (result.model === undefined) {
        context.exitCode = exitCodeFor(result.diagnostics);
        return;
      }
      try {
        const { files } = generate(result.model, {
          lang: options.lang,
          schemaFile: path.basename(schema),
          ...(options.templates === undefined ? {} : { templatesDir: options.templates }),
        });
        writeOutput(options.out, files);
        context.stdout(`wrote ${files.length} files to ${options.out} (schema hash ${result.model.hash})\n`);
      } catch (error) {
        if (!(error instanceof Error)) throw error;
        if (error instanceof GeneratedCodeError) {
          // Generated code that does not compile is a bug of gidl (or of a --templates override).
          context.stderr(`gidl generate: internal error: ${error.message}\n`);
          context.exitCode = ExitCode.internal;
          return;
        }
        // A broken template override or an output directory that cannot be written: the command line's.
        if (!(error instanceof TemplateError || isFileSystemError(error))) throw error;
        context.stderr(`gidl generate: ${error.message}\n`);
        context.exitCode = ExitCode.usage;
      }
    });

/** node:fs errors carry a `code` such as ENOENT or EACCES. */
function isFileSystemError(error: Error): boolean {
  return (
    error instanceof ForeignOutputDirectoryError || typeof (error as { code?: unknown }).code === "string"
  );
}
