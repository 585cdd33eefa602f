/**
 * A source file's text and the mapping from offsets to 1-based line and column.
 * Lines end at "\n", "\r\n" or a lone "\r". Columns count Unicode code points from
 * the start of the line (a tab is one column, an emoji is one column), so that a
 * position means the same thing in any editor whatever the file's line endings.
 */
export interface SourceFile {
  /** The path as the compiler was given it (or the name passed to `compileSource`). */
  readonly path: string;
  readonly text: string;
  /** Offset of the first character of each line. */
  readonly lineStarts: readonly number[];
}

export interface LineAndColumn {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in code points. */
  readonly col: number;
}

export function createSourceFile(path: string, text: string): SourceFile {
  return { path, text, lineStarts: computeLineStarts(text) };
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x0d) {
      if (text.charCodeAt(i + 1) === 0x0a) i++;
      starts.push(i + 1);
    } else if (ch === 0x0a) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The 0-based index of the line holding `offset`. */
export function lineIndexOf(file: SourceFile, offset: number): number {
  const starts = file.lineStarts;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

export function lineAndColumnOf(file: SourceFile, offset: number): LineAndColumn {
  const clamped = Math.max(0, Math.min(offset, file.text.length));
  const lineIndex = lineIndexOf(file, clamped);
  const lineStart = file.lineStarts[lineIndex] ?? 0;
  return { line: lineIndex + 1, col: countCodePoints(file.text, lineStart, clamped) + 1 };
}

/** The text of a 0-based line, without its line terminator. */
export function lineText(file: SourceFile, lineIndex: number): string {
  const start = file.lineStarts[lineIndex] ?? file.text.length;
  const nextStart = file.lineStarts[lineIndex + 1] ?? file.text.length;
  let end = nextStart;
  if (end > start && file.text.charCodeAt(end - 1) === 0x0a) end--;
  if (end > start && file.text.charCodeAt(end - 1) === 0x0d) end--;
  return file.text.slice(start, end);
}

function countCodePoints(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    // A surrogate pair is one code point; a lone surrogate counts as one.
    if (ch >= 0xd800 && ch <= 0xdbff && i + 1 < to) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}
