/**
 * The scanner, tested from strings: the tokens it makes, their values and ranges, and the lexical
 * errors it reports while carrying on.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../idl/diagnostics/diagnostic.js";
import { createScanner } from "../../idl/syntax/scanner.js";
import { createSourceFile } from "../../idl/syntax/source-file.js";
import { keywords, type Token } from "../../idl/syntax/tokens.js";

interface Scanned {
  readonly tokens: Token[];
  readonly diagnostics: Diagnostic[];
  /** Source text of each token, end of file left out. */
  readonly texts: string[];
}

function scanAll(text: string): Scanned {
  const file = createSourceFile("test.gidl", text);
  const diagnostics: Diagnostic[] = [];
  const scanner = createScanner(file, (d) => diagnostics.push(d));
  const tokens: Token[] = [];
  for (;;) {
    const token = scanner.scan();
    tokens.push(token);
    if (token.kind === "EndOfFile") break;
  }
  const texts = tokens.slice(0, -1).map((t) => text.slice(t.pos, t.end));
  return { tokens, diagnostics, texts };
}

function kinds(text: string): string[] {
  return scanAll(text).tokens.map((t) => t.kind);
}

function errors(text: string): string[] {
  return scanAll(text).diagnostics.map((d) => `${d.line}:${d.col}-${d.endCol} ${d.code} ${d.message}`);
}

function only(text: string): Token {
  const { tokens } = scanAll(text);
  expect(tokens.map((t) => t.kind).slice(1)).toEqual(["EndOfFile"]);
  const token = tokens[0];
  if (token === undefined) throw new Error("test setup: no token");
  return token;
}

describe("the scanner", () => {
  it("makes a token of each keyword, and identifiers of everything else word-like", () => {
    expect(kinds(keywords.join(" "))).toEqual([...keywords, "EndOfFile"]);
    expect(kinds("list map session_ _x Struct players u8 a1")).toEqual([
      ...Array.from({ length: 8 }, () => "Identifier"),
      "EndOfFile",
    ]);
    const { tokens } = scanAll("session_");
    expect(tokens[0]).toMatchObject({ kind: "Identifier", text: "session_", pos: 0, end: 8 });
  });

  it("makes a token of each punctuation character", () => {
    const all = "{ } ( ) < > ; : , . = ? @".split(" ");
    expect(kinds(all.join(""))).toEqual([...all, "EndOfFile"]);
  });

  it("keeps answering end of file at the end", () => {
    const file = createSourceFile("t.gidl", "x");
    const scanner = createScanner(file, () => undefined);
    expect([scanner.scan(), scanner.scan(), scanner.scan()].map((t) => t.kind)).toEqual([
      "Identifier",
      "EndOfFile",
      "EndOfFile",
    ]);
  });

  it("skips whitespace and both kinds of comment", () => {
    const scanned = scanAll("a // line\n\tb /* block\n over lines */ c\r\n\fd\ve");
    expect(scanned.texts).toEqual(["a", "b", "c", "d", "e"]);
    expect(scanned.diagnostics).toEqual([]);
  });
});

describe("numbers", () => {
  it("reads integers as exact bigints, in decimal or hex, with a sign", () => {
    expect(only("42")).toMatchObject({ kind: "IntegerLiteral", integer: 42n, text: "42" });
    expect(only("-7")).toMatchObject({ kind: "IntegerLiteral", integer: -7n });
    expect(only("0x1F")).toMatchObject({ kind: "IntegerLiteral", integer: 31n, text: "0x1F" });
    expect(only("-0xff")).toMatchObject({ kind: "IntegerLiteral", integer: -255n });
    expect(only("0")).toMatchObject({ kind: "IntegerLiteral", integer: 0n });
    expect(only("18446744073709551616")).toMatchObject({ integer: 18446744073709551616n });
  });

  it("reads decimals with a fraction or an exponent", () => {
    expect(only("1.5")).toMatchObject({ kind: "DecimalLiteral", decimal: 1.5, text: "1.5" });
    expect(only("-0.25")).toMatchObject({ kind: "DecimalLiteral", decimal: -0.25 });
    expect(only("1e3")).toMatchObject({ kind: "DecimalLiteral", decimal: 1000 });
    expect(only("2.5E-3")).toMatchObject({ kind: "DecimalLiteral", decimal: 0.0025 });
    expect(only("1e+2")).toMatchObject({ kind: "DecimalLiteral", decimal: 100 });
  });

  it("reads rates per second, minute and hour", () => {
    expect(only("10/s")).toMatchObject({ kind: "RateLiteral", integer: 10n, unit: "s", text: "10/s" });
    expect(only("600/m")).toMatchObject({ kind: "RateLiteral", integer: 600n, unit: "m" });
    expect(only("5000/h")).toMatchObject({ kind: "RateLiteral", integer: 5000n, unit: "h" });
    expect(errors("10/s 600/m 5000/h")).toEqual([]);
  });

  it("reports a rate unit other than s, m or h, under the unit", () => {
    expect(errors("10/d")).toEqual(["1:4-5 GIDL1007 invalid rate unit 'd': use s, m or h"]);
    expect(errors("10/sec")).toEqual(["1:4-7 GIDL1007 invalid rate unit 'sec': use s, m or h"]);
    expect(only("10/d")).toMatchObject({ kind: "RateLiteral", integer: 10n });
  });

  it("reports a decimal rate as an invalid number", () => {
    expect(errors("1.5/s")).toEqual(["1:1-4 GIDL1005 invalid number '1.5'"]);
  });

  it("reports malformed numbers as one token each", () => {
    expect(errors("0x")).toEqual(["1:1-3 GIDL1005 invalid number '0x'"]);
    expect(errors("0x1G")).toEqual(["1:1-5 GIDL1005 invalid number '0x1G'"]);
    expect(errors("1e")).toEqual(["1:1-3 GIDL1005 invalid number '1e'"]);
    expect(errors("1.")).toEqual(["1:1-3 GIDL1005 invalid number '1.'"]);
    expect(errors("12ab")).toEqual(["1:1-5 GIDL1005 invalid number '12ab'"]);
    expect(errors("1.2.3")).toEqual(["1:1-6 GIDL1005 invalid number '1.2.3'"]);
    expect(errors("1e999")).toEqual(["1:1-6 GIDL1005 invalid number '1e999'"]);
    expect(only("12ab").kind).toBe("IntegerLiteral");
  });

  it("refuses leading zeros, which a C programmer would read as octal", () => {
    expect(errors("007")).toEqual(["1:1-4 GIDL1005 invalid number '007'"]);
    expect(errors("0 0.5 -0")).toEqual([]);
  });

  it("takes a '-' before a digit as a sign, and a lone '-' as an invalid character", () => {
    expect(scanAll("a -1").texts).toEqual(["a", "-1"]);
    expect(errors("a - 1")).toEqual(["1:3-4 GIDL1001 invalid character '-'"]);
  });

  it("ends a number before a comment", () => {
    const scanned = scanAll("10// ten\n20/* twenty */");
    expect(scanned.texts).toEqual(["10", "20"]);
    expect(scanned.diagnostics).toEqual([]);
  });
});

describe("strings", () => {
  it("decode the escapes the language lists", () => {
    const token = only(String.raw`"a\"b\\c\nd\te\u00e9\u0041"`);
    expect(token).toMatchObject({ kind: "StringLiteral", text: 'a"b\\c\nd\te\u00e9A' });
    expect(errors(String.raw`"\u00e9"`)).toEqual([]);
  });

  it("keep non-ASCII text as is", () => {
    expect(only('"héllo 🎮"').text).toBe("héllo 🎮");
  });

  it("report any other escape, under the escape, and keep the character", () => {
    expect(errors(String.raw`"a\qb"`)).toEqual(["1:3-5 GIDL1004 invalid escape sequence '\\q' in string"]);
    expect(only(String.raw`"a\qb"`).text).toBe("aqb");
    expect(errors(String.raw`"\u12G4"`)).toEqual([
      "1:2-6 GIDL1004 invalid escape sequence '\\u12' in string",
    ]);
    expect(errors(String.raw`"\r"`)).toEqual(["1:2-4 GIDL1004 invalid escape sequence '\\r' in string"]);
  });

  it("may not span lines: an unterminated string ends at its line", () => {
    const scanned = scanAll('"abc\nx');
    expect(scanned.diagnostics.map((d) => `${d.line}:${d.col}-${d.endCol} ${d.message}`)).toEqual([
      "1:1-5 unterminated string literal",
    ]);
    expect(scanned.tokens.map((t) => [t.kind, t.text])).toEqual([
      ["StringLiteral", "abc"],
      ["Identifier", "x"],
      ["EndOfFile", ""],
    ]);
  });

  it("report an unterminated string at the end of the file, and a backslash before the line end", () => {
    expect(errors('"abc')).toEqual(["1:1-5 GIDL1002 unterminated string literal"]);
    expect(errors('"abc\\\r\n')).toEqual([
      "1:5-6 GIDL1004 invalid escape sequence '\\' in string",
      "1:1-6 GIDL1002 unterminated string literal",
    ]);
  });
});

describe("comments", () => {
  it("report a block comment that is never closed, at its opening", () => {
    expect(errors("a /* no end\n\n")).toEqual(["1:3-5 GIDL1003 unterminated block comment"]);
  });

  it("do not nest", () => {
    expect(scanAll("/* a /* b */ c").texts).toEqual(["c"]);
  });

  it("attach doc lines to the next token, with one leading space and trailing space removed", () => {
    const { tokens } = scanAll("///  two spaces  \n///none\n// plain\n/// last\r\nstruct");
    expect(tokens[0]?.doc).toEqual({ text: " two spaces\nnone\nlast", pos: 0, end: 43 });
  });

  it("treat //// and more as ordinary comments", () => {
    expect(scanAll("//// banner\n///// more\nstruct").tokens[0]?.doc).toBeUndefined();
  });

  it("give a doc comment before the end of the file to the end-of-file token", () => {
    expect(scanAll("/// trailing").tokens[0]).toMatchObject({ kind: "EndOfFile", doc: { text: "trailing" } });
  });
});

describe("invalid characters", () => {
  it("are reported once per run and skipped", () => {
    const scanned = scanAll("a #$% b");
    expect(scanned.texts).toEqual(["a", "b"]);
    expect(scanned.diagnostics.map((d) => `${d.col}-${d.endCol} ${d.message}`)).toEqual([
      "3-6 invalid character '#'",
    ]);
  });

  it("are named by code point when invisible, and columns count code points", () => {
    expect(errors("é\u0007")).toEqual(["1:1-3 GIDL1001 invalid character 'é' (U+00E9)"]);
    expect(errors("\u0007")).toEqual(["1:1-2 GIDL1001 invalid character U+0007"]);
    expect(errors("🎮 x ¤")).toEqual([
      "1:1-2 GIDL1001 invalid character '🎮' (U+1F3AE)",
      "1:5-6 GIDL1001 invalid character '¤' (U+00A4)",
    ]);
    expect(errors("\u00a0")).toEqual(["1:1-2 GIDL1001 invalid character U+00A0"]);
  });

  it("include a lone slash", () => {
    expect(errors("a / b")).toEqual(["1:3-4 GIDL1001 invalid character '/'"]);
  });
});

describe("the scanner on any text", () => {
  it("never throws, always ends, and gives tokens in order inside the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        const { tokens, diagnostics } = scanAll(text);
        let previousEnd = 0;
        for (const token of tokens) {
          expect(token.pos).toBeGreaterThanOrEqual(previousEnd);
          expect(token.end).toBeGreaterThanOrEqual(token.pos);
          expect(token.end).toBeLessThanOrEqual(text.length);
          previousEnd = token.end;
        }
        for (const d of diagnostics) expect(d.end).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 500 },
    );
  });

  it("reports a rate whose count is a malformed decimal (found by the property below)", () => {
    for (const text of ["0E/x", "1e/s", "1.5e+/m", "2E-/h"]) {
      const { tokens, diagnostics } = scanAll(text);
      expect(
        tokens.map((t) => t.kind),
        text,
      ).toEqual(["RateLiteral", "EndOfFile"]);
      expect(
        diagnostics.map((d) => d.code),
        text,
      ).toContain("GIDL1005");
    }
  });

  it("never throws on text made of the language's own characters", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9"\\/*\n.eEx+\-{}<>;:,=?@ ]{0,60}$/), (text) => {
        expect(scanAll(text).tokens.at(-1)?.kind).toBe("EndOfFile");
      }),
      { numRuns: 500 },
    );
  });
});
