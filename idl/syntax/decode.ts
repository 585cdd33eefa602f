/**
 * Bytes (or text) → SourceFile (docs/language.md "Files, comments and words"). A BOM is dropped;
 * invalid UTF-8 is reported once, at the first bad character, and decoded with U+FFFD so the rest
 * still parses; a NUL byte means the file is binary, reported once, and only the text before it is
 * kept so that garbage cannot flood the output with diagnostics.
 */
import { createDiagnostic, type DiagnosticReporter } from "../diagnostics/diagnostic.js";
import { createSourceFile, type SourceFile } from "./source-file.js";

const lenientDecoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function decodeSource(
  path: string,
  content: string | Uint8Array,
  report: DiagnosticReporter,
): SourceFile {
  return typeof content === "string" ? decodeText(path, content, report) : decodeBytes(path, content, report);
}

function decodeBytes(path: string, bytes: Uint8Array, report: DiagnosticReporter): SourceFile {
  const bomLength = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const nul = bytes.indexOf(0, bomLength);
  const body = bytes.subarray(bomLength, nul < 0 ? bytes.length : nul);
  if (nul >= 0) {
    const file = createSourceFile(path, lenientDecoder.decode(body));
    const at = { pos: file.text.length, end: file.text.length };
    report(createDiagnostic(file, at, "binary-file", { offset: nul }));
    return file;
  }
  try {
    return createSourceFile(path, strictDecoder.decode(body));
  } catch {
    // Only invalid input gets here; find where, for the message.
  }
  const bad = firstInvalidUtf8(body);
  const file = createSourceFile(path, lenientDecoder.decode(body));
  // The bytes before `bad` are valid and end on a character boundary: their text length is the offset.
  const pos = lenientDecoder.decode(body.subarray(0, bad)).length;
  report(createDiagnostic(file, { pos, end: pos + 1 }, "invalid-utf8", { offset: bad + bomLength }));
  return file;
}

/** Text given as a string: the same rules, with lone surrogates standing for invalid UTF-8. */
function decodeText(path: string, content: string, report: DiagnosticReporter): SourceFile {
  const withoutBom = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const bomLength = content.length - withoutBom.length;
  const nul = withoutBom.indexOf("\0");
  if (nul >= 0) {
    const file = createSourceFile(path, withoutBom.slice(0, nul));
    const at = { pos: nul, end: nul };
    report(createDiagnostic(file, at, "binary-file", { offset: utf8Length(content, nul + bomLength) }));
    return file;
  }
  const bad = firstLoneSurrogate(withoutBom);
  if (bad < 0) return createSourceFile(path, withoutBom);
  const text = withoutBom.replace(/\p{Cs}/gu, "\uFFFD");
  const file = createSourceFile(path, text);
  report(
    createDiagnostic(file, { pos: bad, end: bad + 1 }, "invalid-utf8", {
      offset: utf8Length(content, bad + bomLength),
    }),
  );
  return file;
}

/** Offset of the first byte that does not start a valid UTF-8 sequence (RFC 3629), or the length. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return bytes.length;
}

/** Length of the valid sequence at `i`, or 0. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i] ?? 0;
  if (b0 < 0x80) return 1;
  const b1 = bytes[i + 1] ?? 0;
  const cont = (b: number): boolean => (b & 0xc0) === 0x80;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(b1) ? 2 : 0;
  const b2 = bytes[i + 2] ?? 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    // No overlong forms (E0 80..9F) and no surrogates (ED A0..BF).
    const low = b0 === 0xe0 ? 0xa0 : 0x80;
    const high = b0 === 0xed ? 0x9f : 0xbf;
    return b1 >= low && b1 <= high && cont(b2) ? 3 : 0;
  }
  const b3 = bytes[i + 3] ?? 0;
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    // No overlong forms (F0 80..8F) and nothing past U+10FFFF (F4 90..).
    const low = b0 === 0xf0 ? 0x90 : 0x80;
    const high = b0 === 0xf4 ? 0x8f : 0xbf;
    return b1 >= low && b1 <= high && cont(b2) && cont(b3) ? 4 : 0;
  }
  return 0;
}

function firstLoneSurrogate(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch < 0xd800 || ch > 0xdfff) continue;
    const next = text.charCodeAt(i + 1);
    if (ch <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
    else return i;
  }
  return -1;
}

/** UTF-8 byte length of `text.slice(0, end)`, a lone surrogate counting as its 3-byte replacement. */
function utf8Length(text: string, end: number): number {
  let bytes = 0;
  for (let i = 0; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch < 0x80) bytes += 1;
    else if (ch < 0x800) bytes += 2;
    else if (ch >= 0xd800 && ch <= 0xdbff && i + 1 < end && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
