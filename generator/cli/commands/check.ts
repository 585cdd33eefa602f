// gidl check <schema.gidl> [--format text|json]: compiles and prints diagnostics; nothing is written.
import { Command, Option } from "commander";
import { compile } from "../../../idl/index.js";
import type { CommandDefinition } from "../context.js";
import { diagnosticFormats, exitCodeFor, reportDiagnostics, type DiagnosticFormat } from "../report.js";

interface CheckOptions {
  readonly format: DiagnosticFormat;
  readonly color?: true;
}

export const checkCommand: CommandDefinition = (context) =>
  new Command("check")
    .description("compile a schema and print its diagnostics; nothing is written")
    .argument("<schema>", "the root .gidl file")
    .addOption(
      new Option("--format <format>", "how to print diagnostics").choices(diagnosticFormats).default("text"),
    )
    .option("--color", "colour the text output (for a terminal)")
    .action((schema: string, options: CheckOptions) => {
      const result = compile(schema);
      reportDiagnostics(result, context, {
        format: options.format,
        color: options.color === true,
        entry: schema,
      });
      context.exitCode = exitCodeFor(result.diagnostics);
    });
