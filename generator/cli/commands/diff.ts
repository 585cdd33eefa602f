// gidl diff <old.gidl> <new.gidl>: the changes that break clients built from the old schema when they
// talk to a server built from the new one (docs/cli.md "Commands"; docs/compatibility.md "The table").
import { Command } from "commander";
import { compile, type CompileResult } from "../../../idl/index.js";
import { diffModels, formatChange } from "../../diff/index.js";
import type { CliContext, CommandDefinition } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import { exitCodeFor, reportDiagnostics } from "../report.js";

export const diffCommand: CommandDefinition = (context) =>
  new Command("diff")
    .description(
      "list the changes that break clients built from <old> when they talk to a server built from <new>",
    )
    .argument("<old>", "the root .gidl file the clients were built from")
    .argument("<new>", "the root .gidl file of the new server")
    .action((oldPath: string, newPath: string) => {
      const oldResult = compileOrReport(oldPath, context);
      const newResult = compileOrReport(newPath, context);
      if (oldResult?.model === undefined || newResult?.model === undefined) return;
      const oldModel = oldResult.model;

      const changes = diffModels(oldModel, newResult.model);
      const breaking = changes.filter((change) => change.breaking);
      const compatible = changes.filter((change) => !change.breaking);
      if (breaking.length > 0) {
        context.stdout(breaking.map((change) => `${formatChange(change)}\n`).join(""));
        context.stderr(
          `${plural(breaking.length, "breaking change")}: clients built from ${oldPath} may fail against a server built from ${newPath}\n`,
        );
        context.exitCode = ExitCode.schemaErrors;
        return;
      }
      if (compatible.length > 0) {
        context.stderr(
          `compatible changes:\n${compatible.map((change) => `  ${formatChange(change)}\n`).join("")}`,
        );
      }
      // The hash alone on stdout, for scripts; the explanation on stderr.
      context.stderr(
        `no breaking changes: a server built from ${newPath} can serve clients built from ${oldPath} with\n`,
      );
      context.stderr(`  acceptSchemas: ["${oldModel.hash}"]\n`);
      context.stdout(`${oldModel.hash}\n`);
    });

/** Compiles one schema; on errors prints them and sets the exit status (2 when the file cannot be read). */
function compileOrReport(file: string, context: CliContext): CompileResult | undefined {
  const result = compile(file);
  const errors = result.model === undefined;
  if (result.diagnostics.length > 0) reportDiagnostics(result, context, { format: "text", entry: file });
  if (errors) {
    const status = exitCodeFor(result.diagnostics);
    // The worse status wins when both files fail: a usage error (2) over schema errors (1).
    if (status > context.exitCode) context.exitCode = status;
    return undefined;
  }
  return result;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
