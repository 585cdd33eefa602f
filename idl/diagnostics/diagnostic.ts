import type { TextRange } from "../syntax/ast.js";
import { lineAndColumnOf, type SourceFile } from "../syntax/source-file.js";
import { diagnosticMessages, type DiagnosticArgs, type DiagnosticId, type Severity } from "./messages.js";

/**
 * A problem found in a schema. Plain data: JSON-serializable, and exactly the fields of
 * `gidl check --format json` (docs/cli.md "Diagnostics") plus the offsets.
 */
export interface Diagnostic {
  readonly file: string;
  /** 1-based line and column (code points) of the first character. */
  readonly line: number;
  readonly col: number;
  /** 1-based line and column just past the last character. */
  readonly endLine: number;
  readonly endCol: number;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  /** E.g. "did you mean 'Weapon'?". */
  readonly hint?: string;
  /** UTF-16 offsets into the file's text. */
  readonly pos: number;
  readonly end: number;
}

export type DiagnosticReporter = (diagnostic: Diagnostic) => void;

/** Builds a diagnostic from the catalog; the message parameters are type-checked against the template. */
export function createDiagnostic<Id extends DiagnosticId>(
  file: SourceFile,
  range: TextRange,
  id: Id,
  args: DiagnosticArgs<Id>,
  hint?: string,
): Diagnostic {
  const definition = diagnosticMessages[id];
  const message = definition.message.replace(/\{(\w+)\}/g, (_, name: string) =>
    String((args as Record<string, string | number | bigint>)[name]),
  );
  const start = lineAndColumnOf(file, range.pos);
  const end = lineAndColumnOf(file, Math.max(range.pos, range.end));
  return {
    file: file.path,
    line: start.line,
    col: start.col,
    endLine: end.line,
    endCol: end.col,
    severity: definition.severity,
    code: definition.code,
    message,
    ...(hint === undefined ? {} : { hint }),
    pos: range.pos,
    end: Math.max(range.pos, range.end),
  };
}

/** Orders diagnostics by file, then position, then code, so output is deterministic. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.pos - b.pos || a.end - b.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
