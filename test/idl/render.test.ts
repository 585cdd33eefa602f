import { describe, expect, it } from "vitest";
import { createDiagnostic } from "../../idl/diagnostics/diagnostic.js";
import { codePointWidth } from "../../idl/diagnostics/char-width.js";
import { renderDiagnostic, renderDiagnostics } from "../../idl/diagnostics/render.js";
import { createSourceFile, type SourceFile } from "../../idl/syntax/source-file.js";

/** A diagnostic under the first occurrence of `needle` (or `length` characters from it). */
function unknownTypeAt(file: SourceFile, needle: string, hint?: string) {
  const pos = file.text.indexOf(needle);
  if (pos < 0) throw new Error(`test setup: '${needle}' not in the source`);
  return createDiagnostic(file, { pos, end: pos + needle.length }, "unknown-type", { name: needle }, hint);
}

describe("renderDiagnostic", () => {
  it("prints the position, severity, code and message, the source line and carets under the whole span", () => {
    const file = createSourceFile("arena.gidl", "package arena;\nstruct A {\n  weapon: Wepon;\n}\n");
    const text = renderDiagnostic(unknownTypeAt(file, "Wepon", "did you mean 'Weapon'?"), file);
    expect(text).toBe(
      [
        "arena.gidl:3:11: error GIDL3002: unknown type 'Wepon'",
        " 3 |   weapon: Wepon;",
        "   |           ^^^^^",
        "  = hint: did you mean 'Weapon'?",
      ].join("\n"),
    );
  });

  it("says warning for a warning", () => {
    const file = createSourceFile("a.gidl", 'import "a.gidl";\n');
    const d = createDiagnostic(file, { pos: 0, end: 16 }, "self-import", {});
    expect(renderDiagnostic(d, file).split("\n")[0]).toBe(
      "a.gidl:1:1: warning GIDL2009: the file imports itself",
    );
  });

  it("widens the gutter to the line number's digits", () => {
    const file = createSourceFile("a.gidl", "\n".repeat(120) + "struct B { x: Nope; }");
    expect(renderDiagnostic(unknownTypeAt(file, "Nope"), file).split("\n").slice(1)).toEqual([
      " 121 | struct B { x: Nope; }",
      "     |               ^^^^",
    ]);
  });

  it("copies tabs from the source line into the caret padding so the caret lines up", () => {
    const file = createSourceFile("t.gidl", "struct A {\n\t\tx:\tNope;\n}");
    const lines = renderDiagnostic(unknownTypeAt(file, "Nope"), file).split("\n");
    expect(lines[1]).toBe(" 2 | \t\tx:\tNope;");
    expect(lines[2]).toBe("   | \t\t  \t^^^^");
  });

  it("ignores the carriage return of CRLF line endings", () => {
    const file = createSourceFile("w.gidl", "package a;\r\nstruct A { x: Nope; }\r\nstruct B {}\r\n");
    const d = unknownTypeAt(file, "Nope");
    expect(d.line).toBe(2);
    const lines = renderDiagnostic(d, file).split("\n");
    expect(lines[1]).toBe(" 2 | struct A { x: Nope; }");
    expect(lines[2]).toBe("   |               ^^^^");
    expect(lines.join("\n")).not.toContain("\r");
  });

  it("gives wide CJK characters and emoji two cells in the padding and under the span", () => {
    const file = createSourceFile("u.gidl", '@pattern("武器🎮") x: 名前;');
    const lines = renderDiagnostic(unknownTypeAt(file, "名前"), file).split("\n");
    // 武器🎮 are 2 cells each (🗡 is U+1F5E1, one code point and a surrogate pair).
    expect(lines[1]).toBe(' 1 | @pattern("武器🎮") x: 名前;');
    expect(lines[2]).toBe("   | " + " ".repeat(10 + 6 + 6) + "^^^^");
  });

  it("counts a combining accent as no cell", () => {
    const file = createSourceFile("c.gidl", "// cafe\u0301\nx: Nope;");
    const pos = file.text.indexOf("e\u0301");
    const d = createDiagnostic(file, { pos, end: pos + 2 }, "unknown-type", { name: "x" });
    expect(renderDiagnostic(d, file).split("\n")[2]).toBe("   |       ^");
  });

  it("underlines a span that runs over several lines to the end of its first line", () => {
    const file = createSourceFile("m.gidl", "struct A {\n  x: u8;\n}\n");
    const d = createDiagnostic(file, { pos: 0, end: file.text.length }, "unknown-type", { name: "A" });
    expect(renderDiagnostic(d, file).split("\n").slice(1)).toEqual([" 1 | struct A {", "   | ^^^^^^^^^^"]);
  });

  it("puts one caret just past the text for an empty span at the end of a line or of the file", () => {
    const file = createSourceFile("e.gidl", "package arena");
    const end = file.text.length;
    const d = createDiagnostic(file, { pos: end, end }, "expected", {
      expected: "';'",
      found: "end of file",
    });
    expect(renderDiagnostic(d, file)).toBe(
      [
        "e.gidl:1:14: error GIDL1006: expected ';', found end of file",
        " 1 | package arena",
        "   |              ^",
      ].join("\n"),
    );
  });

  it("shows an empty last line with a caret at its start", () => {
    const file = createSourceFile("e.gidl", "package a;\n");
    const d = createDiagnostic(file, { pos: 11, end: 11 }, "expected", {
      expected: "a declaration",
      found: "x",
    });
    expect(renderDiagnostic(d, file).split("\n").slice(1)).toEqual([" 2 |", "   | ^"]);
  });

  it("replaces control characters of the source line so they cannot reach the terminal", () => {
    const file = createSourceFile("b.gidl", "ab\x1b[31mcd\x00ef");
    const pos = file.text.indexOf("ef");
    const d = createDiagnostic(file, { pos, end: pos + 2 }, "invalid-character", { char: "'\\x1b'" });
    const lines = renderDiagnostic(d, file).split("\n");
    expect(lines[1]).toBe(" 1 | ab\uFFFD[31mcd\uFFFDef");
    expect(lines[2]).toBe("   | " + " ".repeat(10) + "^^");
    const controls = Array.from(lines.join("\n"), (ch) => ch.charCodeAt(0)).filter(
      (c) => c < 0x20 && c !== 0x0a,
    );
    expect(controls).toEqual([]);
  });

  it("shows a window around the span of a very long line instead of the whole line", () => {
    const file = createSourceFile("long.gidl", "x".repeat(5000) + " Nope " + "y".repeat(5000));
    const lines = renderDiagnostic(unknownTypeAt(file, "Nope"), file).split("\n");
    expect(lines[1]?.startsWith(" 1 | …")).toBe(true);
    expect(lines[1]?.endsWith("…")).toBe(true);
    expect(lines[1]?.length).toBeLessThan(200);
    const caretAt = lines[2]?.indexOf("^") ?? -1;
    expect(lines[1]?.slice(caretAt, caretAt + 4)).toBe("Nope");
  });

  it("prints only the header and the hint when the source is not available", () => {
    const file = createSourceFile("gone.gidl", "");
    const d = createDiagnostic(file, { pos: 0, end: 0 }, "entry-unreadable", {
      path: "gone.gidl",
      reason: "no such file",
    });
    expect(renderDiagnostic(d)).toBe(
      "gone.gidl:1:1: error GIDL2010: cannot read schema file 'gone.gidl': no such file",
    );
  });

  it("escapes control characters in the message so the header stays on one line", () => {
    const file = createSourceFile("a.gidl", "x");
    const d = createDiagnostic(file, { pos: 0, end: 1 }, "unknown-type", { name: "a\nb" });
    expect(renderDiagnostic(d).split("\n")).toEqual(["a.gidl:1:1: error GIDL3002: unknown type 'a\\x0ab'"]);
  });

  it("adds ANSI colours only when asked", () => {
    const file = createSourceFile("a.gidl", "x: Nope;");
    const d = unknownTypeAt(file, "Nope");
    expect(renderDiagnostic(d, file)).not.toContain("\x1b");
    const coloured = renderDiagnostic(d, file, { color: true });
    expect(coloured).toContain("\x1b[1;31merror GIDL3002\x1b[0m");
    expect(coloured.replaceAll(new RegExp(String.raw`\x1b\[[0-9;]*m`, "g"), "")).toBe(
      renderDiagnostic(d, file),
    );
  });
});

describe("renderDiagnostics", () => {
  it("renders each diagnostic with its own file's source, separated by blank lines", () => {
    const a = createSourceFile("a.gidl", "x: One;");
    const b = createSourceFile("b.gidl", "y: Two;");
    const text = renderDiagnostics(
      [unknownTypeAt(a, "One"), unknownTypeAt(b, "Two")],
      new Map([
        ["a.gidl", a],
        ["b.gidl", b],
      ]),
    );
    expect(text).toBe(
      [
        "a.gidl:1:4: error GIDL3002: unknown type 'One'",
        " 1 | x: One;",
        "   |    ^^^",
        "",
        "b.gidl:1:4: error GIDL3002: unknown type 'Two'",
        " 1 | y: Two;",
        "   |    ^^^",
      ].join("\n"),
    );
  });

  it("renders nothing for no diagnostics", () => {
    expect(renderDiagnostics([], new Map())).toBe("");
  });
});

describe("codePointWidth", () => {
  it("gives 2 to wide and fullwidth characters and emoji, 0 to combining marks and joiners, 1 otherwise", () => {
    const width = (s: string) => codePointWidth(s.codePointAt(0) ?? 0);
    expect([width("a"), width("é"), width("Ж"), width("→")]).toEqual([1, 1, 1, 1]);
    expect([width("名"), width("한"), width("カ"), width("Ａ"), width("😀"), width("🚀")]).toEqual([
      2, 2, 2, 2, 2, 2,
    ]);
    expect([width("\u0301"), width("\u200d"), width("\ufe0f")]).toEqual([0, 0, 0]);
  });
});
