/**
 * The conventions of a file that `gidl scaffold` adds code to, read from the file itself, so that
 * the stubs look like their neighbours: line endings, indentation unit, quotes, semicolons.
 */

export interface TextStyle {
  readonly newline: "\n" | "\r\n";
  /** One level of indentation: a tab or some spaces. */
  readonly indentUnit: string;
  readonly quote: '"' | "'";
  readonly semicolons: boolean;
}

/** What a new file gets: the style of gidl's own generated code (prettier's defaults). */
export const defaultStyle: TextStyle = { newline: "\n", indentUnit: "  ", quote: '"', semicolons: true };

export function detectStyle(text: string): TextStyle {
  const crlf = text.split("\r\n").length - 1;
  const lf = text.split("\n").length - 1 - crlf;
  return {
    newline: crlf > lf ? "\r\n" : "\n",
    indentUnit: detectIndentUnit(text),
    ...detectStatementStyle(text),
  };
}

/** The leading whitespace of the line that contains `offset`. */
export function indentationAt(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, offset), offset))?.[0] ?? "";
}

/** The offset where the line containing `offset` begins. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

function detectIndentUnit(text: string): string {
  let smallest = Infinity;
  for (const line of text.split("\n")) {
    if (line.startsWith("\t")) return "\t";
    const spaces = /^ +/.exec(line)?.[0].length ?? 0;
    // ` * ` continues a JSDoc block: one space that is not a level of indentation.
    if (spaces === 0 || line.trimStart().startsWith("*")) continue;
    smallest = Math.min(smallest, spaces);
  }
  return smallest === Infinity ? defaultStyle.indentUnit : " ".repeat(smallest);
}

/** Quotes and semicolons of the first import or export-from statement, gidl's defaults without one. */
function detectStatementStyle(text: string): Pick<TextStyle, "quote" | "semicolons"> {
  const statement = /\bfrom[ \t]*(["'])[^"'\r\n]*\1[ \t]*(;?)/.exec(text);
  if (statement === null) return { quote: defaultStyle.quote, semicolons: defaultStyle.semicolons };
  return { quote: statement[1] === "'" ? "'" : '"', semicolons: statement[2] === ";" };
}
