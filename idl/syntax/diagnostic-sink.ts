/**
 * Where the scanner and parser of one file send their diagnostics. It stops after a limit: past a
 * hundred syntax errors the rest are noise, and a line of garbage (`@@@@…`, 100 KB long) would
 * otherwise cost a diagnostic per character, each positioned by counting columns along the line.
 */
import { createDiagnostic, type DiagnosticReporter } from "../diagnostics/diagnostic.js";
import type { DiagnosticArgs, DiagnosticId } from "../diagnostics/messages.js";
import type { TextRange } from "./ast.js";
import type { SourceFile } from "./source-file.js";

/** How many diagnostics one file's scanner and parser report before they report only that there are more. */
export const maxSyntaxDiagnostics = 100;

export interface DiagnosticSink {
  /** Builds and reports the diagnostic, unless the file is over the limit. */
  report<Id extends DiagnosticId>(range: TextRange, id: Id, args: DiagnosticArgs<Id>): void;
}

export function createDiagnosticSink(
  file: SourceFile,
  report: DiagnosticReporter,
  limit = maxSyntaxDiagnostics,
): DiagnosticSink {
  let count = 0;
  return {
    report(range, id, args) {
      count++;
      if (count <= limit) report(createDiagnostic(file, range, id, args));
      else if (count === limit + 1)
        report(createDiagnostic(file, range, "too-many-syntax-errors", { limit }));
    },
  };
}
