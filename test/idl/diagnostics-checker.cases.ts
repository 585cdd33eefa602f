/**
 * One schema per diagnostic of the checker and the file loader (codes 2xxx–6xxx), each with
 * where the first diagnostic of that code must be. Shared with the catalog test, which makes
 * sure every code has a case; checker-cases.test.ts runs them.
 */
import { diagnosticMessages, type DiagnosticId } from "../../idl/diagnostics/messages.js";

export interface DiagnosticCase {
  /** The catalog key, e.g. "unknown-type". */
  readonly id: DiagnosticId;
  /** The stable code users see, e.g. "GIDL3002". */
  readonly code: string;
  /** A sentence about the behaviour, used as the test name. */
  readonly name: string;
  /** One schema, or several files by path (the first is the root). */
  readonly source: string | Readonly<Record<string, string>>;
  /** 1-based position of the first diagnostic with this code. */
  readonly line: number;
  readonly col: number;
}

function entry(
  id: DiagnosticId,
  name: string,
  source: DiagnosticCase["source"],
  line: number,
  col: number,
): DiagnosticCase {
  return { id, code: diagnosticMessages[id].code, name, source, line, col };
}

const pkg = "package t;\n";

export const checkerDiagnosticCases: readonly DiagnosticCase[] = [
  // ── 2xxx: files, imports, package and version ──
  entry(
    "import-unreadable",
    "reports an import of a missing file at the import's path",
    { "main.gidl": `${pkg}import "missing.gidl";\n` },
    2,
    8,
  ),
  entry("package-missing", "reports a root file without a package", "struct A { x: u8; }\n", 1, 1),
  entry(
    "package-not-first",
    "reports a package after another declaration",
    'import "a.gidl";\npackage t;\n',
    2,
    1,
  ),
  entry("duplicate-package", "reports a second package in the root file", `${pkg}package u;\n`, 2, 1),
  entry(
    "package-in-import",
    "reports a package declaration in an imported file",
    { "main.gidl": `${pkg}import "b.gidl";\n`, "b.gidl": "struct B { x: u8; }\npackage b;\n" },
    2,
    1,
  ),
  entry("duplicate-version", "reports a second version", `${pkg}version 1;\nversion 2;\n`, 3, 1),
  entry(
    "version-in-import",
    "reports a version declaration in an imported file",
    { "main.gidl": `${pkg}import "b.gidl";\n`, "b.gidl": "version 2;\n" },
    1,
    1,
  ),
  entry("invalid-version", "reports a version that is not a positive integer", `${pkg}version 0;\n`, 2, 9),
  entry(
    "self-import",
    "warns about a file that imports itself",
    { "main.gidl": `${pkg}import "main.gidl";\n` },
    2,
    8,
  ),

  // ── 3xxx: names ──
  entry(
    "duplicate-name",
    "reports a type declared twice across files at the second declaration",
    { "main.gidl": `${pkg}import "b.gidl";\nstruct A { x: u8; }\n`, "b.gidl": "enum A { x }\n" },
    1,
    6,
  ),
  entry(
    "unknown-type",
    "reports an unknown type with a suggestion",
    `${pkg}enum Weapon { sword }\nstruct A { w: Wepon; }\n`,
    3,
    15,
  ),
  entry(
    "unknown-error",
    "reports a throws clause naming an undeclared error",
    `${pkg}service s {\n  rpc a() throws NOPE;\n}\n`,
    3,
    18,
  ),
  entry(
    "not-a-type",
    "reports an error code used as a type",
    `${pkg}error OOPS;\nstruct A { e: OOPS; }\n`,
    3,
    15,
  ),
  entry(
    "reserved-service-name",
    "reports a service named like a built-in service",
    `${pkg}service topic { }\n`,
    2,
    9,
  ),
  entry(
    "reserved-field-name",
    "reports a field named __proto__",
    `${pkg}struct A { __proto__: u8; }\n`,
    2,
    12,
  ),
  entry(
    "reserved-type-name",
    "reports a struct named like a built-in type",
    `${pkg}struct SessionInfo { x: u8; }\n`,
    2,
    8,
  ),
  entry(
    "generated-name-clash",
    "reports a type named like a generated params type",
    `${pkg}struct CombatAttackParams { x: u8; }\nservice combat {\n  rpc attack();\n}\n`,
    2,
    8,
  ),
  entry(
    "reserved-error-code",
    "reports an error that redeclares a built-in code",
    `${pkg}error NOT_FOUND;\n`,
    2,
    7,
  ),

  // ── 4xxx: types ──
  entry(
    "map-key-not-string",
    "reports a map with a non-string key",
    `${pkg}struct A { m: map<u32, u8>; }\n`,
    2,
    19,
  ),
  entry(
    "union-variant-not-struct",
    "reports a union variant that is not a struct",
    `${pkg}enum E { a }\nunion U { e: E; }\n`,
    3,
    14,
  ),
  entry(
    "union-variant-has-kind",
    "reports a union variant whose struct has a kind field",
    `${pkg}struct A { kind: string; }\nunion U { a: A; }\n`,
    3,
    14,
  ),
  entry(
    "infinite-type",
    "reports a struct that requires itself",
    `${pkg}struct Node { next: Node; }\n`,
    2,
    8,
  ),
  entry("empty-enum", "reports an enum without members", `${pkg}enum E { }\n`, 2, 6),
  entry(
    "session-settings",
    "reports a session whose settings are not a struct",
    `${pkg}session M { settings: u8; }\n`,
    2,
    23,
  ),
  entry(
    "duplicate-session",
    "reports a second session declaration",
    `${pkg}struct S { x: u8; }\nsession A { settings: S; }\nsession B { settings: S; }\n`,
    4,
    9,
  ),
  entry(
    "invalid-recipients",
    "reports unknown event recipients",
    `${pkg}service s {\n  event e to everyone { x: u8; }\n}\n`,
    3,
    14,
  ),
  entry("alias-cycle", "reports aliases that refer to each other", `${pkg}type A = B;\ntype B = A;\n`, 2, 6),
  entry("empty-union", "reports a union without variants", `${pkg}union U { }\n`, 2, 7),

  // ── 5xxx: attributes ──
  entry(
    "unknown-attribute",
    "reports an unknown attribute with a suggestion",
    `${pkg}@retriable\nerror E_A;\n`,
    2,
    2,
  ),
  entry(
    "misplaced-attribute",
    "reports @pattern on a number field",
    `${pkg}struct A { @pattern("x") n: u8; }\n`,
    2,
    12,
  ),
  entry(
    "attribute-arguments",
    "reports @range with a string argument",
    `${pkg}struct A { @range("1", 2) n: u8; }\n`,
    2,
    12,
  ),
  entry(
    "range-outside-type",
    "reports @range beyond the type's own range",
    `${pkg}struct A { @range(0, 256) n: u8; }\n`,
    2,
    12,
  ),
  entry(
    "min-greater-than-max",
    "reports @length with min above max",
    `${pkg}struct A { @length(5, 1) s: string; }\n`,
    2,
    12,
  ),
  entry(
    "invalid-pattern",
    "reports a pattern that is not a regular expression",
    `${pkg}@pattern("(")\ntype T = string;\n`,
    2,
    10,
  ),
  entry(
    "redos-pattern",
    "reports a pattern with exponential backtracking",
    `${pkg}@pattern("^(a+)+$")\ntype T = string;\n`,
    2,
    10,
  ),
  entry(
    "unknown-format",
    "reports an unknown format with a suggestion",
    `${pkg}@format("emial")\ntype T = string;\n`,
    2,
    9,
  ),
  entry(
    "duplicate-attribute",
    "reports an attribute given twice",
    `${pkg}service s {\n  @public @public rpc a();\n}\n`,
    3,
    11,
  ),
  entry(
    "conflicting-attributes",
    "reports @public with @host",
    `${pkg}service s {\n  @public @host rpc a();\n}\n`,
    3,
    11,
  ),

  // ── 6xxx: naming ──
  entry(
    "type-name-style",
    "warns about a type name that is not PascalCase",
    `${pkg}struct vec2 { x: f32; }\n`,
    2,
    8,
  ),
  entry(
    "member-name-style",
    "warns about a field name that is not camelCase",
    `${pkg}struct A { player_id: u8; }\n`,
    2,
    12,
  ),
  entry(
    "error-code-style",
    "reports an error code that is not SCREAMING_SNAKE_CASE",
    `${pkg}error notFound;\n`,
    2,
    7,
  ),
];
