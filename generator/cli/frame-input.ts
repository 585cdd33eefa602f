/**
 * The frame `gidl decode` reads: a file of raw bytes, or the bytes as hex on the command line
 * (spaces, colons and a `0x` prefix allowed, as debuggers and packet captures print them).
 */
import { readFileSync, statSync } from "node:fs";

export type FrameInput =
  { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly error: string };

export function readFrameInput(argument: string): FrameInput {
  if (isFile(argument)) return { ok: true, bytes: new Uint8Array(readFileSync(argument)) };
  const hex = argument.replace(/^0x/i, "").replace(/[\s:]/g, "");
  const bad = /[^0-9a-f]/i.exec(hex);
  if (bad !== null) {
    return { ok: false, error: `'${argument}' is neither a file nor hex: '${bad[0]}' is not a hex digit` };
  }
  if (hex.length % 2 !== 0)
    return { ok: false, error: `the hex has an odd number of digits (${hex.length})` };
  if (hex.length === 0) return { ok: false, error: "the frame is empty" };
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return { ok: true, bytes };
}

function isFile(argument: string): boolean {
  try {
    return statSync(argument).isFile();
  } catch {
    return false;
  }
}

/** The frame as hex, 16 bytes a line, with a caret under the byte at `offset` (where it breaks). */
export function hexWithCaret(bytes: Uint8Array, offset: number): string {
  // An offset at the very end (the frame stopped early) gets its caret after the last byte.
  const caretRow = Math.floor(Math.min(offset, Math.max(bytes.length - 1, 0)) / 16) * 16;
  const lines: string[] = [];
  for (let start = 0; start < Math.max(bytes.length, 1); start += 16) {
    const row = Array.from(bytes.subarray(start, start + 16), (byte) => byte.toString(16).padStart(2, "0"));
    const label = start.toString().padStart(6, " ");
    lines.push(`${label} | ${row.join(" ")}`);
    if (start === caretRow) lines.push(`${" ".repeat(label.length)} | ${"   ".repeat(offset - start)}^`);
  }
  return lines.join("\n") + "\n";
}
