/**
 * Compiling schemas from strings in tests: an in-memory file system for imports, and short
 * views of the diagnostics a user would see.
 */
import * as path from "node:path";
import { compile, compileSource, type CompileResult } from "../../idl/compile.js";
import type { Diagnostic } from "../../idl/diagnostics/diagnostic.js";
import { diagnosticMessages, type DiagnosticId } from "../../idl/diagnostics/messages.js";
import type { Model } from "../../idl/model.js";

export interface MemoryFileSystem {
  readonly readFile: (filePath: string) => string | Uint8Array;
  /** Every path read, in order. */
  readonly reads: string[];
}

/** Files by path; `directories` exist but cannot be read, like on disk. */
export function memoryFileSystem(
  files: Readonly<Record<string, string | Uint8Array>>,
  directories: readonly string[] = [],
): MemoryFileSystem {
  const byPath = new Map(Object.entries(files).map(([name, content]) => [path.resolve(name), content]));
  const dirs = new Set(directories.map((name) => path.resolve(name)));
  const reads: string[] = [];
  return {
    reads,
    readFile(filePath) {
      reads.push(filePath);
      const key = path.resolve(filePath);
      if (dirs.has(key)) throw Object.assign(new Error(`EISDIR: ${filePath}`), { code: "EISDIR" });
      const content = byPath.get(key);
      if (content === undefined) throw Object.assign(new Error(`ENOENT: ${filePath}`), { code: "ENOENT" });
      return content;
    },
  };
}

/** Compiles one schema text, or several files (the first is the root), without touching the disk. */
export function compileTest(source: string | Readonly<Record<string, string>>): CompileResult {
  if (typeof source === "string") return compileSource(source, "schema.gidl", memoryFileSystem({}));
  const [root] = Object.keys(source);
  return compile(root ?? "missing.gidl", memoryFileSystem(source));
}

/** The model of a schema that must compile without errors. */
export function modelOf(source: string | Readonly<Record<string, string>>): Model {
  const result = compileTest(source);
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (result.model === undefined || errors.length > 0) {
    throw new Error(`expected no errors, got:\n${result.diagnostics.map(describe).join("\n")}`);
  }
  return result.model;
}

/** "GIDL3002 3:15 unknown type 'Wepon'": what a user reads, minus the file name. */
export function describe(diagnostic: Diagnostic): string {
  return `${diagnostic.code} ${diagnostic.line}:${diagnostic.col} ${diagnostic.message}`;
}

/** The diagnostics of one catalog entry. */
export function withId(result: CompileResult, id: DiagnosticId): Diagnostic[] {
  const code = diagnosticMessages[id].code;
  return result.diagnostics.filter((d) => d.code === code);
}

/** The catalog codes of all diagnostics, in order. */
export function codes(source: string | Readonly<Record<string, string>>): string[] {
  return compileTest(source).diagnostics.map((d) => d.code);
}

export function codeOf(id: DiagnosticId): string {
  return diagnosticMessages[id].code;
}
