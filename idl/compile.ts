/**
 * The compiler's entry points: a schema in, a model plus diagnostics out. Synchronous and
 * total: whatever the input, it returns; a bug inside becomes an `internal-error` diagnostic,
 * never an exception or a stack trace in front of the user.
 */
import { check } from "./checker/checker.js";
import {
  compareDiagnostics,
  createDiagnostic,
  hasErrors,
  type Diagnostic,
} from "./diagnostics/diagnostic.js";
import type { Model } from "./model.js";
import { buildModel } from "./model-builder.js";
import { loadProgram, type ReadFile } from "./program.js";
import { createSourceFile, type SourceFile } from "./syntax/source-file.js";

export interface CompileOptions {
  /**
   * Reads the entry file (for `compile`) and every import. Throwing means "cannot be read";
   * an error's `code` (`ENOENT`, `EISDIR`, …) becomes the reason shown.
   * @default node:fs readFileSync
   */
  readonly readFile?: ReadFile;
}

export interface CompileResult {
  /** Present only when no diagnostic is an error. */
  readonly model?: Model;
  /** Sorted by file, position and code. */
  readonly diagnostics: Diagnostic[];
  /** Every file read, by the path diagnostics name, for rendering source lines. */
  readonly sources: ReadonlyMap<string, SourceFile>;
}

export function compile(entryFile: string, options: CompileOptions = {}): CompileResult {
  return run(entryFile, options, undefined);
}

/** Compiles schema text; its imports resolve relative to `fileName` through `options.readFile`. */
export function compileSource(
  text: string,
  fileName = "schema.gidl",
  options: CompileOptions = {},
): CompileResult {
  return run(fileName, options, text);
}

function run(entryFile: string, options: CompileOptions, entryText: string | undefined): CompileResult {
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, SourceFile>();
  let model: Model | undefined;
  try {
    const program = loadProgram(entryFile, (diagnostic) => diagnostics.push(diagnostic), {
      ...(options.readFile === undefined ? {} : { readFile: options.readFile }),
      ...(entryText === undefined ? {} : { entryText }),
    });
    for (const { file } of program.files) sources.set(file.path, file);
    if (program.files.length > 0) {
      const context = check(program.files, (diagnostic) => diagnostics.push(diagnostic));
      if (!hasErrors(diagnostics)) model = buildModel(context);
    }
  } catch (error) {
    model = undefined;
    const reason = error instanceof Error ? error.message : String(error);
    const file = sources.get(entryFile) ?? createSourceFile(entryFile, "");
    diagnostics.push(createDiagnostic(file, { pos: 0, end: 0 }, "internal-error", { reason }));
  }
  diagnostics.sort(compareDiagnostics);
  return { ...(model === undefined ? {} : { model }), diagnostics, sources };
}
