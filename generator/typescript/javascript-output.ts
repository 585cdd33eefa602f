/**
 * `--lang js`: the TypeScript compiler's JavaScript and declaration output, laid out like the
 * TypeScript sources (two-space indentation, a blank line between top-level declarations, the
 * do-not-edit header on every file).
 */
import type { OutputFile } from "../framework/generated-file.js";

export function layoutJavaScript(file: OutputFile, header: string): OutputFile {
  // The compiler leaves a trailing comma where it removed the last (type-only) import specifier.
  const lines = file.content
    .split("\n")
    .map((line) => (line.startsWith("import ") ? line.replace(/,\s*\}/, " }") : halveIndentation(line)));
  const spaced: string[] = [];
  for (const line of lines) {
    const previous = spaced.at(-1);
    if (
      previous !== undefined &&
      previous !== "" &&
      startsDeclaration(line) &&
      !continuesDeclaration(previous, line)
    ) {
      spaced.push("");
    }
    spaced.push(line);
  }
  let content = `${spaced.join("\n").trimEnd()}\n`;
  if (!content.startsWith(header)) content = `${header}\n\n${content}`;
  return { path: file.path, content };
}

/** The compiler indents by four spaces (JSDoc lines have one more, which stays). */
function halveIndentation(line: string): string {
  const indentation = /^ */.exec(line)?.[0].length ?? 0;
  const levels = Math.floor(indentation / 4);
  return " ".repeat(levels * 2 + (indentation % 4)) + line.slice(indentation);
}

function startsDeclaration(line: string): boolean {
  return /^(\/\*\*|export |function |const |declare |type |interface |import )/.test(line);
}

/** Inside a JSDoc block or right after one, or within the import/re-export block at the top. */
function continuesDeclaration(previous: string, line: string): boolean {
  if (/^ ?\*/.test(previous) || previous.startsWith("/**")) return true;
  return isImportExport(previous) && isImportExport(line);
}

function isImportExport(line: string): boolean {
  return /^(import |export (type )?\{[^}]*\} from |export \* from )/.test(line);
}
