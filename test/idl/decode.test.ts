/**
 * Turning a file's bytes into text: UTF-8 with an optional BOM, invalid UTF-8 reported once at
 * the first bad character, binary files reported once at the first NUL.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../idl/diagnostics/diagnostic.js";
import { decodeSource } from "../../idl/syntax/decode.js";
import type { SourceFile } from "../../idl/syntax/source-file.js";

function decode(content: string | Uint8Array): { file: SourceFile; diagnostics: string[] } {
  const diagnostics: Diagnostic[] = [];
  const file = decodeSource("main.gidl", content, (d) => diagnostics.push(d));
  return { file, diagnostics: diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`) };
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const bytes = (...parts: (string | number[])[]): Uint8Array =>
  new Uint8Array(parts.flatMap((part) => (typeof part === "string" ? [...utf8(part)] : part)));

describe("decodeSource", () => {
  it("decodes UTF-8 and keeps the path", () => {
    const { file, diagnostics } = decode(utf8("struct Émile {} // 🎮\n"));
    expect(file.text).toBe("struct Émile {} // 🎮\n");
    expect(file.path).toBe("main.gidl");
    expect(diagnostics).toEqual([]);
  });

  it("drops a byte order mark, from bytes and from text", () => {
    expect(decode(bytes([0xef, 0xbb, 0xbf], "package a;")).file.text).toBe("package a;");
    expect(decode("\uFEFFpackage a;").file.text).toBe("package a;");
  });

  it("builds the line table of the decoded text", () => {
    expect(decode(utf8("a\r\nb\nc")).file.lineStarts).toEqual([0, 3, 5]);
  });

  it("reports invalid UTF-8 once, at the first bad character, with the byte offset", () => {
    const { file, diagnostics } = decode(bytes("package a;\n// é ", [0xff], " x ", [0xc3], "\n"));
    expect(diagnostics).toEqual(["2:6 GIDL1008 the file is not valid UTF-8 (first bad byte at offset 17)"]);
    expect(file.text).toBe("package a;\n// é \uFFFD x \uFFFD\n");
  });

  it("counts the byte offset from the start of the file, BOM included", () => {
    expect(decode(bytes([0xef, 0xbb, 0xbf], "ab", [0x80])).diagnostics).toEqual([
      "1:3 GIDL1008 the file is not valid UTF-8 (first bad byte at offset 5)",
    ]);
  });

  it("rejects overlong forms, surrogates and code points past U+10FFFF", () => {
    for (const bad of [
      [0xc0, 0xaf],
      [0xe0, 0x80, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x82],
    ]) {
      const { diagnostics } = decode(bytes("ok ", bad, " ok"));
      expect(diagnostics, bad.join(" ")).toEqual([
        "1:4 GIDL1008 the file is not valid UTF-8 (first bad byte at offset 3)",
      ]);
    }
  });

  it("reports a lone surrogate in text as invalid UTF-8 and replaces it", () => {
    const { file, diagnostics } = decode("é\n x\uDC00y");
    expect(diagnostics).toEqual(["2:3 GIDL1008 the file is not valid UTF-8 (first bad byte at offset 5)"]);
    expect(file.text).toBe("é\n x\uFFFDy");
  });

  it("reports a NUL byte as a binary file, once, and keeps only the text before it", () => {
    const { file, diagnostics } = decode(bytes("package a;\nxy", [0, 0xff, 0, 1, 2]));
    expect(diagnostics).toEqual([
      "2:3 GIDL1011 the file looks binary (NUL byte at offset 13), not like a .gidl schema",
    ]);
    expect(file.text).toBe("package a;\nxy");
  });

  it("reports a NUL character in text the same way", () => {
    const { file, diagnostics } = decode("ab\0cd");
    expect(diagnostics).toEqual([
      "1:3 GIDL1011 the file looks binary (NUL byte at offset 2), not like a .gidl schema",
    ]);
    expect(file.text).toBe("ab");
  });

  it("agrees with the platform's decoder and reports at most one diagnostic, whatever the bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (input) => {
        const { file, diagnostics } = decode(input);
        expect(diagnostics.length).toBeLessThanOrEqual(1);
        if (!input.includes(0)) {
          const expected = new TextDecoder("utf-8", { ignoreBOM: false }).decode(input);
          expect(file.text).toBe(expected);
          let valid = true;
          try {
            new TextDecoder("utf-8", { fatal: true }).decode(input);
          } catch {
            valid = false;
          }
          expect(diagnostics.length).toBe(valid ? 0 : 1);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
