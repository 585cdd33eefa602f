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

/**
 * Code points in `text[from, to)`: UTF-16 units minus the second halves of surrogate pairs.
 * The pairs' offsets are found once per text, so that a thousand diagnostics on a
 * megabyte-long line cost a thousand binary searches, not a thousand scans.
 */
function countCodePoints(text: string, from: number, to: number): number {
  const pairs = surrogatePairEnds(text);
  return to - from - (lowerBound(pairs, to) - lowerBound(pairs, from + 1));
}

const pairEndsCache = new Map<string, readonly number[]>();

/** Offsets of the low surrogate of every surrogate pair in the text, ascending. */
function surrogatePairEnds(text: string): readonly number[] {
  const cached = pairEndsCache.get(text);
  if (cached) return cached;
  const ends: number[] = [];
  for (let i = 1; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch >= 0xdc00 && ch <= 0xdfff) {
      const previous = text.charCodeAt(i - 1);
      if (previous >= 0xd800 && previous <= 0xdbff) ends.push(i);
    }
  }
  // A few recent texts suffice: diagnostics are made file by file.
  if (pairEndsCache.size >= 8) pairEndsCache.clear();
  pairEndsCache.set(text, ends);
  return ends;
}

/** The index of the first element ≥ value. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((sorted[mid] ?? 0) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
