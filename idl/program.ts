/**
 * Loads the root schema file and every file it imports, directly or not. Each file is read and
 * parsed once, however many files import it (docs/language.md "Imports": files may import each
 * other in a cycle). The only module of the compiler that touches the disk, and only through
 * `readFile`, so that the rest stays pure and testable from strings.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { DocumentNode, ImportDeclarationNode } from "./syntax/ast.js";
import type { SourceFile } from "./syntax/source-file.js";
import { createSourceFile } from "./syntax/source-file.js";
import { createDiagnostic, type DiagnosticReporter } from "./diagnostics/diagnostic.js";
import { decodeSource } from "./syntax/decode.js";
import { parse } from "./syntax/parser.js";

/** Reads a file's bytes or text; throws (as node:fs does) when it cannot. */
export type ReadFile = (path: string) => string | Uint8Array;

export interface LoadedFile {
  readonly file: SourceFile;
  readonly document: DocumentNode;
  /** True for the entry file, where `package` and `version` belong. */
  readonly isRoot: boolean;
  /** How many syntax diagnostics (errors) the file produced, so later stages can avoid cascades. */
  readonly syntaxErrors: number;
}

export interface Program {
  /**
   * Root first, then imported files breadth-first in the order their imports are met.
   * Empty when the entry file could not be read.
   */
  readonly files: readonly LoadedFile[];
}

export interface LoadOptions {
  /** @default node:fs readFileSync */
  readonly readFile?: ReadFile;
  /** The entry file's content when it is already in memory (`compileSource`). */
  readonly entryText?: string;
}

export function loadProgram(
  entryPath: string,
  report: DiagnosticReporter,
  options: LoadOptions = {},
): Program {
  const readFile = options.readFile ?? defaultReadFile;
  const files: LoadedFile[] = [];
  const seen = new Set<string>();

  let entryContent: string | Uint8Array;
  if (options.entryText !== undefined) {
    entryContent = options.entryText;
  } else {
    const read = tryRead(readFile, entryPath);
    if (!read.ok) {
      const file = createSourceFile(entryPath, "");
      report(
        createDiagnostic(file, { pos: 0, end: 0 }, "entry-unreadable", {
          path: entryPath,
          reason: read.reason,
        }),
      );
      return { files };
    }
    entryContent = read.content;
  }

  const queue: { path: string; content: string | Uint8Array }[] = [
    { path: entryPath, content: entryContent },
  ];
  seen.add(fileKey(entryPath));

  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const loaded = parseFile(next.path, next.content, report, files.length === 0);
    files.push(loaded);
    for (const declaration of loaded.document.declarations) {
      if (declaration.kind !== "ImportDeclaration") continue;
      const target = importTarget(loaded.file.path, declaration);
      const key = fileKey(target);
      if (key === fileKey(loaded.file.path)) {
        report(createDiagnostic(loaded.file, declaration.path, "self-import", {}));
        continue;
      }
      if (seen.has(key)) continue;
      seen.add(key);
      const read = tryRead(readFile, target);
      if (!read.ok) {
        report(
          createDiagnostic(loaded.file, declaration.path, "import-unreadable", {
            path: declaration.path.value,
            reason: read.reason,
          }),
        );
        continue;
      }
      queue.push({ path: target, content: read.content });
    }
  }
  return { files };
}

function parseFile(
  filePath: string,
  content: string | Uint8Array,
  report: DiagnosticReporter,
  isRoot: boolean,
): LoadedFile {
  let syntaxErrors = 0;
  const counting: DiagnosticReporter = (diagnostic) => {
    if (diagnostic.severity === "error") syntaxErrors++;
    report(diagnostic);
  };
  const file = decodeSource(filePath, content, counting);
  const document = parse(file, counting);
  return { file, document, isRoot, syntaxErrors };
}

/** `import "x.gidl"` is relative to the importing file; the result stays relative when the importer's path is. */
function importTarget(importer: string, declaration: ImportDeclarationNode): string {
  const written = declaration.path.value;
  if (path.isAbsolute(written)) return path.normalize(written);
  return path.join(path.dirname(importer), written);
}

/** Two spellings of one file (`a/../b.gidl`, `./b.gidl`) must map to one key so it is read once. */
function fileKey(filePath: string): string {
  return path.resolve(filePath);
}

type ReadResult = { ok: true; content: string | Uint8Array } | { ok: false; reason: string };

function tryRead(readFile: ReadFile, filePath: string): ReadResult {
  try {
    return { ok: true, content: readFile(filePath) };
  } catch (error) {
    return { ok: false, reason: describeReadError(error) };
  }
}

const readErrorReasons: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  EISDIR: "is a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENOTDIR: "a part of the path is not a directory",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the path is too long",
  EMFILE: "too many open files",
};

function describeReadError(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string") return readErrorReasons[code] ?? code;
    const message = (error as { message?: unknown }).message;
    if (typeof message === "string" && message !== "") return message;
  }
  return String(error);
}

function defaultReadFile(filePath: string): Uint8Array {
  return readFileSync(filePath);
}
