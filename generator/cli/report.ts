/**
 * How every command that compiles a schema shows its diagnostics and picks its exit status,
 * so that `check`, `generate`, `docs`… agree (docs/cli.md "Exit status", "Diagnostics").
 */
import { hasErrors, renderDiagnostics, type CompileResult, type Diagnostic } from "../../idl/index.js";
import type { CliContext } from "./context.js";
import { ExitCode } from "./exit-codes.js";

export type DiagnosticFormat = "text" | "json";
export const diagnosticFormats: readonly DiagnosticFormat[] = ["text", "json"];

/** Exactly the fields docs/cli.md "Diagnostics" lists for `--format json`, in that order. */
export interface JsonDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly endLine: number;
  readonly endCol: number;
  readonly severity: Diagnostic["severity"];
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
}

export interface ReportOptions {
  readonly format: DiagnosticFormat;
  /** ANSI colours in text output. */
  readonly color?: boolean;
  /** The entry file as the user wrote it, for the summary line. */
  readonly entry: string;
}

/**
 * Text: rendered diagnostics and a one-line summary on stderr, nothing at all when there are none.
 * JSON: the array on stdout, `[]` when there are none.
 */
export function reportDiagnostics(result: CompileResult, context: CliContext, options: ReportOptions): void {
  const { diagnostics } = result;
  if (options.format === "json") {
    context.stdout(`${JSON.stringify(diagnostics.map(toJsonDiagnostic), null, 2)}\n`);
    return;
  }
  if (diagnostics.length === 0) return;
  const rendered = renderDiagnostics(diagnostics, result.sources, { color: options.color === true });
  context.stderr(`${rendered}\n\n${summaryLine(options.entry, diagnostics)}\n`);
}

/** `arena.gidl: 2 errors, 1 warning`. */
export function summaryLine(entry: string, diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  return `${entry}: ${plural(errors, "error")}, ${plural(warnings, "warning")}`;
}

/**
 * docs/cli.md "Exit status": an entry file that cannot be read is a usage error (2); any other error
 * is a schema error (1).
 */
export function exitCodeFor(diagnostics: readonly Diagnostic[]): ExitCode {
  if (diagnostics.some((d) => d.code === entryUnreadableCode)) return ExitCode.usage;
  return hasErrors(diagnostics) ? ExitCode.schemaErrors : ExitCode.ok;
}

const entryUnreadableCode = "GIDL2010";

function toJsonDiagnostic(d: Diagnostic): JsonDiagnostic {
  return {
    file: d.file,
    line: d.line,
    col: d.col,
    endLine: d.endLine,
    endCol: d.endCol,
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.hint === undefined ? {} : { hint: d.hint }),
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
