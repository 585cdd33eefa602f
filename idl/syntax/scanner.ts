/**
 * The scanner: text → tokens. It never throws; every lexical problem is reported through the
 * callback and the scanner carries on with a best-effort token, so the parser can report the
 * file's syntax errors too.
 */
import type { DiagnosticReporter } from "../diagnostics/diagnostic.js";
import type { DiagnosticArgs, DiagnosticId } from "../diagnostics/messages.js";
import { createDiagnosticSink, type DiagnosticSink } from "./diagnostic-sink.js";
import type { SourceFile } from "./source-file.js";
import { keywordKind, type DocComment, type RateUnit, type Token, type TokenKind } from "./tokens.js";

export interface Scanner {
  /** The next token; at the end, an `EndOfFile` token (again and again). */
  scan(): Token;
}

const CR = 0x0d;
const LF = 0x0a;

/** `sink`: the parser passes the one it reports through, so that both share the file's limit. */
export function createScanner(
  file: SourceFile,
  report: DiagnosticReporter,
  sink: DiagnosticSink = createDiagnosticSink(file, report),
): Scanner {
  const text = file.text;
  const length = text.length;
  let offset = 0;
  let docLines: string[] = [];
  let docPos = 0;
  let docEnd = 0;

  function error<Id extends DiagnosticId>(pos: number, end: number, id: Id, args: DiagnosticArgs<Id>): void {
    sink.report({ pos, end }, id, args);
  }

  function scan(): Token {
    skipTrivia();
    const pos = offset;
    const doc = takeDoc();
    if (pos >= length) return { kind: "EndOfFile", pos, end: pos, text: "", ...doc };
    const ch = text.charCodeAt(pos);
    if (isIdentifierStart(ch)) {
      offset = scanWhile(pos + 1, isIdentifierPart);
      const word = text.slice(pos, offset);
      return { kind: keywordKind(word) ?? "Identifier", pos, end: offset, text: word, ...doc };
    }
    if (isDigit(ch) || (ch === 0x2d /* - */ && isDigit(text.charCodeAt(pos + 1)))) {
      return { ...scanNumber(pos), ...doc };
    }
    if (ch === 0x22 /* " */) return { ...scanString(pos), ...doc };
    const punct = punctuationKind(ch);
    if (punct !== undefined) {
      offset = pos + 1;
      return { kind: punct, pos, end: offset, text: punct, ...doc };
    }
    // Unreachable: skipTrivia consumed every invalid character.
    offset = length;
    return { kind: "EndOfFile", pos: length, end: length, text: "", ...doc };
  }

  function takeDoc(): { doc?: DocComment } {
    if (docLines.length === 0) return {};
    const doc: DocComment = { text: docLines.join("\n"), pos: docPos, end: docEnd };
    docLines = [];
    return { doc };
  }

  /** Skips whitespace, comments and invalid characters, collecting `///` lines. */
  function skipTrivia(): void {
    while (offset < length) {
      const ch = text.charCodeAt(offset);
      if (ch === 0x20 || ch === 0x09 || ch === LF || ch === CR || ch === 0x0b || ch === 0x0c) {
        offset++;
      } else if (ch === 0x2f /* / */ && text.charCodeAt(offset + 1) === 0x2f) {
        scanLineComment();
      } else if (ch === 0x2f && text.charCodeAt(offset + 1) === 0x2a /* * */) {
        scanBlockComment();
      } else if (startsToken(ch, offset)) {
        return;
      } else {
        skipInvalidCharacters();
      }
    }
  }

  function scanLineComment(): void {
    const start = offset;
    const lineEnd = scanWhile(start, (c) => c !== LF && c !== CR);
    // docs/language.md "Files, comments and words": `///` is a doc comment; `////…` is an ordinary one.
    const isDoc = text.charCodeAt(start + 2) === 0x2f && text.charCodeAt(start + 3) !== 0x2f;
    if (isDoc) {
      let line = text.slice(start + 3, lineEnd);
      if (line.startsWith(" ")) line = line.slice(1);
      if (docLines.length === 0) docPos = start;
      docLines.push(line.trimEnd());
      docEnd = lineEnd;
    }
    offset = lineEnd;
  }

  function scanBlockComment(): void {
    const start = offset;
    const close = text.indexOf("*/", start + 2);
    if (close < 0) {
      error(start, start + 2, "unterminated-comment", {});
      offset = length;
    } else {
      offset = close + 2;
    }
  }

  /** One diagnostic for a run of invalid characters, so that garbage does not flood the output. */
  function skipInvalidCharacters(): void {
    const start = offset;
    const first = text.codePointAt(start) ?? 0;
    while (offset < length) {
      const ch = text.charCodeAt(offset);
      if (isWhitespace(ch) || startsToken(ch, offset) || ch === 0x2f) break;
      offset += (text.codePointAt(offset) ?? 0) > 0xffff ? 2 : 1;
    }
    if (offset === start) offset++; // a lone "/"
    error(start, offset, "invalid-character", { char: describeCharacter(first) });
  }

  function startsToken(ch: number, at: number): boolean {
    return (
      isIdentifierStart(ch) ||
      isDigit(ch) ||
      ch === 0x22 ||
      punctuationKind(ch) !== undefined ||
      (ch === 0x2d && isDigit(text.charCodeAt(at + 1)))
    );
  }

  function scanWhile(from: number, predicate: (ch: number) => boolean): number {
    let i = from;
    while (i < length && predicate(text.charCodeAt(i))) i++;
    return i;
  }

  function scanNumber(pos: number): Token {
    let i = text.charCodeAt(pos) === 0x2d ? pos + 1 : pos;
    const digitsStart = i;
    let valid = true;
    let isDecimal = false;
    let value: bigint | number = 0n;
    if (text.charCodeAt(i) === 0x30 && (text.charCodeAt(i + 1) | 0x20) === 0x78 /* x */) {
      const hexStart = i + 2;
      i = scanWhile(hexStart, isHexDigit);
      valid = i > hexStart;
      if (valid) value = BigInt("0x" + text.slice(hexStart, i));
    } else {
      i = scanWhile(i, isDigit);
      // Leading zeros would read as octal to a C programmer; refuse them rather than guess.
      if (i - digitsStart > 1 && text.charCodeAt(digitsStart) === 0x30) valid = false;
      if (text.charCodeAt(i) === 0x2e /* . */) {
        isDecimal = true;
        const fractionStart = i + 1;
        i = scanWhile(fractionStart, isDigit);
        if (i === fractionStart) valid = false;
      }
      if ((text.charCodeAt(i) | 0x20) === 0x65 /* e */) {
        isDecimal = true;
        let exponentStart = i + 1;
        const sign = text.charCodeAt(exponentStart);
        if (sign === 0x2b || sign === 0x2d) exponentStart++;
        i = scanWhile(exponentStart, isDigit);
        if (i === exponentStart) valid = false;
      }
      value = isDecimal ? Number(text.slice(digitsStart, i)) : BigInt(text.slice(digitsStart, i));
      if (isDecimal && !Number.isFinite(value)) valid = false;
    }
    // `10s`, `0x1G`, `1.5.2`: the whole run is one bad number, not a number and a word.
    const runEnd = scanWhile(i, (c) => isIdentifierPart(c) || c === 0x2e);
    if (runEnd > i) valid = false;
    i = runEnd;
    if (pos < digitsStart) value = typeof value === "bigint" ? -value : -value;
    if (text.charCodeAt(i) === 0x2f && isIdentifierStart(text.charCodeAt(i + 1))) {
      return scanRate(pos, i, valid && !isDecimal, value);
    }
    offset = i;
    const source = text.slice(pos, i);
    if (!valid) error(pos, i, "invalid-number", { text: source });
    if (isDecimal) return { kind: "DecimalLiteral", pos, end: i, text: source, decimal: Number(value) };
    return { kind: "IntegerLiteral", pos, end: i, text: source, integer: BigInt(value) };
  }

  /** `10/s`: `slash` is the offset of the "/". */
  function scanRate(pos: number, slash: number, validCount: boolean, count: bigint | number): Token {
    const unitEnd = scanWhile(slash + 1, isIdentifierPart);
    offset = unitEnd;
    const source = text.slice(pos, unitEnd);
    const unitText = text.slice(slash + 1, unitEnd);
    if (!validCount) error(pos, slash, "invalid-number", { text: text.slice(pos, slash) });
    let unit: RateUnit = "s";
    if (unitText === "s" || unitText === "m" || unitText === "h") unit = unitText;
    else error(slash + 1, unitEnd, "invalid-rate-unit", { unit: unitText });
    // A bad decimal count (`0E/s` reads as NaN) is already reported; the token still needs a value.
    const integer =
      typeof count === "bigint" ? count : Number.isFinite(count) ? BigInt(Math.trunc(count)) : 0n;
    return { kind: "RateLiteral", pos, end: unitEnd, text: source, integer, unit };
  }

  function scanString(pos: number): Token {
    let i = pos + 1;
    let value = "";
    let chunkStart = i;
    for (;;) {
      if (i >= length || text.charCodeAt(i) === LF || text.charCodeAt(i) === CR) {
        // docs/language.md "Files, comments and words": a string may not span lines.
        value += text.slice(chunkStart, i);
        error(pos, i, "unterminated-string", {});
        break;
      }
      const ch = text.charCodeAt(i);
      if (ch === 0x22) {
        value += text.slice(chunkStart, i);
        i++;
        break;
      }
      if (ch !== 0x5c /* \ */) {
        i++;
        continue;
      }
      value += text.slice(chunkStart, i);
      const escaped = scanEscape(i);
      value += escaped.value;
      i = escaped.end;
      chunkStart = i;
    }
    offset = i;
    return { kind: "StringLiteral", pos, end: i, text: value };
  }

  /** The escape starting at the backslash at `at`. */
  function scanEscape(at: number): { value: string; end: number } {
    const next = text.charCodeAt(at + 1);
    switch (next) {
      case 0x22:
        return { value: '"', end: at + 2 };
      case 0x5c:
        return { value: "\\", end: at + 2 };
      case 0x6e /* n */:
        return { value: "\n", end: at + 2 };
      case 0x74 /* t */:
        return { value: "\t", end: at + 2 };
      case 0x75 /* u */: {
        const hexEnd = Math.min(scanWhile(at + 2, isHexDigit), at + 6);
        if (hexEnd === at + 6) {
          return { value: String.fromCharCode(parseInt(text.slice(at + 2, hexEnd), 16)), end: hexEnd };
        }
        error(at, hexEnd, "invalid-escape", { escape: text.slice(at, hexEnd) });
        return { value: "", end: hexEnd };
      }
      default: {
        // A backslash at the end of the line escapes nothing; the string is then unterminated.
        if (Number.isNaN(next) || next === LF || next === CR) {
          error(at, at + 1, "invalid-escape", { escape: "\\" });
          return { value: "", end: at + 1 };
        }
        const end = at + 1 + ((text.codePointAt(at + 1) ?? 0) > 0xffff ? 2 : 1);
        error(at, end, "invalid-escape", { escape: text.slice(at, end) });
        return { value: text.slice(at + 1, end), end };
      }
    }
  }

  return { scan };
}

function isWhitespace(ch: number): boolean {
  return ch === 0x20 || ch === 0x09 || ch === LF || ch === CR || ch === 0x0b || ch === 0x0c;
}

function isDigit(ch: number): boolean {
  return ch >= 0x30 && ch <= 0x39;
}

function isHexDigit(ch: number): boolean {
  return isDigit(ch) || ((ch | 0x20) >= 0x61 && (ch | 0x20) <= 0x66);
}

function isIdentifierStart(ch: number): boolean {
  const lower = ch | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || ch === 0x5f;
}

function isIdentifierPart(ch: number): boolean {
  return isIdentifierStart(ch) || isDigit(ch);
}

function punctuationKind(ch: number): TokenKind | undefined {
  switch (ch) {
    case 0x7b:
      return "{";
    case 0x7d:
      return "}";
    case 0x28:
      return "(";
    case 0x29:
      return ")";
    case 0x3c:
      return "<";
    case 0x3e:
      return ">";
    case 0x3b:
      return ";";
    case 0x3a:
      return ":";
    case 0x2c:
      return ",";
    case 0x2e:
      return ".";
    case 0x3d:
      return "=";
    case 0x3f:
      return "?";
    case 0x40:
      return "@";
    default:
      return undefined;
  }
}

/** `'#'` for a visible character, `U+0007` for a control or invisible one. */
export function describeCharacter(codePoint: number): string {
  const hex = "U+" + codePoint.toString(16).toUpperCase().padStart(4, "0");
  const invisible =
    codePoint < 0x20 ||
    (codePoint >= 0x7f && codePoint <= 0xa0) ||
    codePoint === 0xad ||
    (codePoint >= 0x2000 && codePoint <= 0x200f) ||
    (codePoint >= 0x2028 && codePoint <= 0x202f) ||
    codePoint === 0xfeff ||
    (codePoint >= 0xd800 && codePoint <= 0xdfff);
  if (invisible) return hex;
  const char = String.fromCodePoint(codePoint);
  return codePoint < 0x80 ? `'${char}'` : `'${char}' (${hex})`;
}
