/**
 * One schema per diagnostic of the decoder, scanner and parser (codes 1xxx), each with where the
 * first diagnostic of that code must be. Every source is a complete root file. Shared with the
 * catalog test, which runs them through the whole compiler; parser.test.ts runs them through the
 * decoder and parser alone.
 */

export interface SyntaxDiagnosticCase {
  readonly code: string;
  /** A sentence about the behaviour, used as the test name. */
  readonly name: string;
  readonly source: string;
  /** 1-based position (columns in code points) of the first diagnostic with this code. */
  readonly line: number;
  readonly col: number;
}

const pkg = "package test;\n";

export const syntaxDiagnosticCases: readonly SyntaxDiagnosticCase[] = [
  {
    code: "GIDL1001",
    name: "reports a character that is not part of the language",
    source: `${pkg}struct Ammo {\n  rounds: u8; $\n}\n`,
    line: 3,
    col: 15,
  },
  {
    code: "GIDL1002",
    name: "reports a string that runs to the end of its line",
    source: `${pkg}@pattern("^[a-z]+$)\ntype Name = string;\n`,
    line: 2,
    col: 10,
  },
  {
    code: "GIDL1003",
    name: "reports a block comment that is never closed",
    source: `${pkg}struct A { x: u8; }\n/* the rest\nstruct B { y: u8; }\n`,
    line: 3,
    col: 1,
  },
  {
    code: "GIDL1004",
    name: "reports an escape sequence strings do not have",
    source: `${pkg}@pattern("a\\qb")\ntype Name = string;\n`,
    line: 2,
    col: 12,
  },
  {
    code: "GIDL1005",
    name: "reports a malformed number",
    source: `${pkg}struct A {\n  @range(0, 12ab) x: u8;\n}\n`,
    line: 3,
    col: 13,
  },
  {
    code: "GIDL1006",
    name: "reports a syntax error with what was expected and what was found",
    source: `${pkg}struct A { x: u8 }\n`,
    line: 2,
    col: 18,
  },
  {
    code: "GIDL1007",
    name: "reports a rate with a unit other than s, m or h",
    source: `${pkg}service game {\n  @rate(10/d) send ping();\n}\n`,
    line: 3,
    col: 12,
  },
  {
    code: "GIDL1008",
    name: "reports text that cannot be UTF-8 (a lone surrogate) at the bad character",
    source: `${pkg}struct A { x: u8; }\n// caf\uD800\n`,
    line: 3,
    col: 7,
  },
  {
    code: "GIDL1009",
    name: "reports types nested more than 64 levels deep, at the level past the limit",
    source: `${pkg}type Deep = ${"list<".repeat(65)}u8${">".repeat(65)};\n`,
    line: 2,
    col: 13 + 64 * 5,
  },
  {
    code: "GIDL1010",
    name: "warns about a doc comment that documents nothing",
    source: `${pkg}struct A {\n  x: u8;\n  /// nothing follows\n}\n`,
    line: 4,
    col: 3,
  },
  {
    code: "GIDL1011",
    name: "reports a file with a NUL character as binary, at the NUL",
    source: `${pkg}struct A { x: u8; }\n\0\0\0`,
    line: 3,
    col: 1,
  },
  {
    code: "GIDL1012",
    name: "stops reporting syntax errors after a hundred, saying so at the one past the limit",
    // Each empty enum member is one error; the 101st comma is at column 10 + 2 * 100.
    source: `${pkg}enum E { ${", ".repeat(101)}a }\n`,
    line: 2,
    col: 210,
  },
];
