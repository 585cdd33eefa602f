/**
 * Turns diagnostics into the text a person reads (docs/cli.md "Diagnostics":
 * `file:line:col: error CODE: message`, then the source line and a caret under the span):
 *
 *     arena.gidl:12:11: error GIDL3002: unknown type 'Wepon'
 *      12 |   weapon: Wepon;
 *         |           ^^^^^
 *       = hint: did you mean 'Weapon'?
 *
 * The caret line must sit under the right characters in a terminal whatever the line holds:
 * tabs are copied into the padding (so they expand exactly like the source line's), wide CJK
 * characters and emoji take two cells, combining marks none.
 */
import { lineIndexOf, lineText, type SourceFile } from "../syntax/source-file.js";
import { codePointWidth } from "./char-width.js";
import type { Diagnostic } from "./diagnostic.js";

export interface RenderOptions {
  /** ANSI colours for a terminal. @default false */
  readonly color?: boolean;
}

/** Lines longer than this many code points are shown as a window around the span. */
const maxShownCodePoints = 160;
/** How much of the line before the span a window keeps. */
const windowContextBefore = 40;

const ansi = {
  red: "\x1b[1;31m",
  yellow: "\x1b[1;33m",
  blue: "\x1b[1;34m",
  cyan: "\x1b[1;36m",
  bold: "\x1b[1m",
  reset: "\x1b[0m",
} as const;

/** One diagnostic, without a trailing newline. Without `source`, only the header (and hint). */
export function renderDiagnostic(
  diagnostic: Diagnostic,
  source?: SourceFile,
  options: RenderOptions = {},
): string {
  const paint = options.color === true ? colorize : plain;
  const severityColor = diagnostic.severity === "error" ? ansi.red : ansi.yellow;
  const lines = [
    `${diagnostic.file}:${diagnostic.line}:${diagnostic.col}: ` +
      paint(`${diagnostic.severity} ${diagnostic.code}`, severityColor) +
      paint(`: ${escapeControls(diagnostic.message)}`, ansi.bold),
  ];
  if (source !== undefined) {
    const snippet = sourceSnippet(diagnostic, source);
    const gutter = " ".repeat(String(snippet.lineNumber).length);
    lines.push(
      paint(` ${snippet.lineNumber} |`, ansi.blue) + (snippet.text === "" ? "" : ` ${snippet.text}`),
    );
    lines.push(
      paint(` ${gutter} |`, ansi.blue) + ` ${snippet.padding}${paint(snippet.carets, severityColor)}`,
    );
  }
  if (diagnostic.hint !== undefined) {
    lines.push(paint("  = hint:", ansi.cyan) + ` ${escapeControls(diagnostic.hint)}`);
  }
  return lines.join("\n");
}

/**
 * Every diagnostic in the order given, separated by blank lines, without a trailing newline.
 * `sources` maps `Diagnostic.file` to its source file (`CompileResult.sources`).
 */
export function renderDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, SourceFile>,
  options: RenderOptions = {},
): string {
  return diagnostics.map((d) => renderDiagnostic(d, sources.get(d.file), options)).join("\n\n");
}

interface Snippet {
  readonly lineNumber: number;
  /** The source line as shown: control characters replaced, long lines cut to a window. */
  readonly text: string;
  /** Spaces and tabs that put the carets under the span. */
  readonly padding: string;
  readonly carets: string;
}

/** A multi-line span is underlined to the end of its first line; an empty span gets one caret. */
function sourceSnippet(diagnostic: Diagnostic, source: SourceFile): Snippet {
  const textLength = source.text.length;
  const pos = clamp(diagnostic.pos, 0, textLength);
  const lineIndex = lineIndexOf(source, pos);
  const lineStart = source.lineStarts[lineIndex] ?? 0;
  const line = lineText(source, lineIndex);
  // Offsets within the line; a span that starts on a line terminator points just past the text.
  const spanStart = clamp(pos - lineStart, 0, line.length);
  const spanEnd = clamp(diagnostic.end - lineStart, spanStart, line.length);

  const points = codePointsOf(line);
  const [first, last] = visibleWindow(points, spanStart);
  let text = first > 0 ? "…" : "";
  let padding = first > 0 ? " " : "";
  let carets = "";
  for (let k = first; k < last; k++) {
    const point = points[k];
    if (point === undefined) break;
    const shown = displayOf(point.codePoint);
    text += shown.text;
    if (point.offset < spanStart) {
      padding += point.codePoint === 0x09 ? "\t" : " ".repeat(shown.width);
    } else if (point.offset < spanEnd) {
      // A tab inside the span has no fixed width; one caret marks it.
      carets += "^".repeat(point.codePoint === 0x09 ? 1 : shown.width);
    }
  }
  if (last < points.length) text += "…";
  return { lineNumber: lineIndex + 1, text, padding, carets: carets === "" ? "^" : carets };
}

interface CodePoint {
  /** UTF-16 offset within the line. */
  readonly offset: number;
  readonly codePoint: number;
}

function codePointsOf(line: string): CodePoint[] {
  const points: CodePoint[] = [];
  for (let offset = 0; offset < line.length;) {
    const codePoint = line.codePointAt(offset) ?? 0;
    points.push({ offset, codePoint });
    offset += codePoint > 0xffff ? 2 : 1;
  }
  return points;
}

/** The [first, last) code-point indexes to show: the whole line, or a window that starts near the span. */
function visibleWindow(points: readonly CodePoint[], spanStart: number): [number, number] {
  if (points.length <= maxShownCodePoints) return [0, points.length];
  let startIndex = points.findIndex((p) => p.offset >= spanStart);
  if (startIndex === -1) startIndex = points.length;
  const first = Math.max(0, Math.min(startIndex - windowContextBefore, points.length - maxShownCodePoints));
  return [first, Math.min(points.length, first + maxShownCodePoints)];
}

/** What a source character looks like on screen; control characters must not reach a terminal raw. */
function displayOf(codePoint: number): { text: string; width: number } {
  if (codePoint === 0x09) return { text: "\t", width: 0 };
  if (isControl(codePoint)) return { text: "\uFFFD", width: 1 };
  return { text: String.fromCodePoint(codePoint), width: codePointWidth(codePoint) };
}

function isControl(codePoint: number): boolean {
  return (
    codePoint < 0x20 ||
    (codePoint >= 0x7f && codePoint <= 0x9f) ||
    (codePoint >= 0xd800 && codePoint <= 0xdfff)
  );
}

/** Messages quote user text; a newline or escape sequence in it must not break the one-line header. */
function escapeControls(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    out += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? `\\x${code.toString(16).padStart(2, "0")}` : ch;
  }
  return out;
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(value, high));
}

function plain(text: string): string {
  return text;
}

function colorize(text: string, color: string): string {
  return `${color}${text}${ansi.reset}`;
}
