// gidl scaffold <schema.gidl> --handlers <file.ts> [--generated <dir>]: adds a stub for every rpc and send
// that the file's handler classes do not implement yet; every existing line stays as it is.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { Command } from "commander";
import { compile } from "../../../idl/index.js";
import type { CliContext, CommandDefinition } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import { exitCodeFor, reportDiagnostics } from "../report.js";

interface ScaffoldCommandOptions {
  readonly handlers: string;
  readonly generated?: string;
}

export const scaffoldCommand: CommandDefinition = (context) =>
  new Command("scaffold")
    .description("add stubs for the rpcs and sends a handlers file does not implement yet (or create it)")
    .argument("<schema>", "the root .gidl file")
    .requiredOption("--handlers <file>", "the TypeScript file with the handler classes")
    .option(
      "--generated <dir>",
      "where `gidl generate -o` writes, for new imports (default: what the file imports its handler types from, else ./generated beside it)",
    )
    .action(async (schema: string, options: ScaffoldCommandOptions) => {
      const result = compile(schema);
      reportDiagnostics(result, context, { format: "text", entry: schema });
      if (result.model === undefined) {
        context.exitCode = exitCodeFor(result.diagnostics);
        return;
      }
      const file = path.resolve(options.handlers);
      const existing = readExisting(file, options.handlers, context);
      if (existing === null) return;

      // Loaded here: ts-morph takes a third of a second to load, which no other command should pay.
      const { scaffoldHandlers } = await import("../../scaffold/index.js");
      const scaffold = scaffoldHandlers(result.model, {
        fileName: file,
        existing,
        schemaFile: path.basename(schema),
        ...(options.generated === undefined
          ? {}
          : { generatedDir: moduleSpecifier(path.dirname(file), path.resolve(options.generated)) }),
      });
      for (const service of scaffold.unimplemented) {
        context.stderr(`note: nothing in ${options.handlers} implements the service ${service}\n`);
      }
      if (scaffold.added.length === 0 && !scaffold.created) {
        context.stdout(`${options.handlers}: nothing to add, every rpc and send has a handler\n`);
        return;
      }
      try {
        mkdirSync(path.dirname(file), { recursive: true });
        // In place rather than through a rename: the user's file keeps its mode, links and inode.
        writeFileSync(file, scaffold.content);
      } catch (error) {
        context.stderr(`gidl scaffold: cannot write ${options.handlers}: ${(error as Error).message}\n`);
        context.exitCode = ExitCode.usage;
        return;
      }
      for (const { target, method } of scaffold.added) context.stdout(`added ${method} to ${target}\n`);
      const count = `${scaffold.added.length} stub${scaffold.added.length === 1 ? "" : "s"}`;
      context.stdout(
        scaffold.created
          ? `created ${options.handlers} with ${count}\n`
          : `${options.handlers}: added ${count}\n`,
      );
    });

/** The file's text, `undefined` when it does not exist, `null` (after reporting) when it cannot be read. */
function readExisting(file: string, shown: string, context: CliContext): string | undefined | null {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return undefined;
    context.stderr(`gidl scaffold: cannot read ${shown}: ${(error as Error).message}\n`);
    context.exitCode = ExitCode.usage;
    return null;
  }
}

/** `src/generated` seen from `src` → `./generated`: a relative ESM specifier. */
function moduleSpecifier(fromDir: string, target: string): string {
  const relative = path.relative(fromDir, target).split(path.sep).join("/");
  if (relative === "") return ".";
  return relative.startsWith("../") || relative === ".." ? relative : `./${relative}`;
}
