/**
 * The parser, tested from strings: the tree it builds (shape and source ranges) and how it recovers
 * from errors so that every error of a file is reported.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../idl/diagnostics/diagnostic.js";
import type { DeclarationNode, DocumentNode, TextRange } from "../../idl/syntax/ast.js";
import { decodeSource } from "../../idl/syntax/decode.js";
import { parse } from "../../idl/syntax/parser.js";
import { createSourceFile, lineAndColumnOf, type SourceFile } from "../../idl/syntax/source-file.js";
import { syntaxDiagnosticCases } from "./diagnostics-syntax.cases.js";
import { outline } from "./syntax-outline.js";

interface Parsed {
  readonly file: SourceFile;
  readonly document: DocumentNode;
  readonly diagnostics: Diagnostic[];
}

function parseText(text: string): Parsed {
  const file = createSourceFile("test.gidl", text);
  const diagnostics: Diagnostic[] = [];
  const document = parse(file, (d) => diagnostics.push(d));
  return { file, document, diagnostics };
}

/** "line:col message" for each diagnostic, in the order reported. */
function messages(parsed: Parsed): string[] {
  return parsed.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`);
}

function textOf(parsed: Parsed, range: TextRange): string {
  return parsed.file.text.slice(range.pos, range.end);
}

function declaration<K extends DeclarationNode["kind"]>(
  parsed: Parsed,
  kind: K,
  index = 0,
): Extract<DeclarationNode, { kind: K }> {
  const found = parsed.document.declarations.filter(
    (d): d is Extract<DeclarationNode, { kind: K }> => d.kind === kind,
  )[index];
  if (found === undefined)
    throw new Error(`test setup: no ${kind} #${index} in ${outline(parsed.document).join(" | ")}`);
  return found;
}

const arenaExample = `// arena.gidl
package arena;
version 3;

import "common.gidl";          // path relative to this file; declares more types

/// A player's public id.      (/// doc comments go into generated code and docs)
@length(1, 32) @pattern("^[a-z0-9_]+$")
type PlayerId = string;

enum Weapon { sword, bow, staff }

struct Vec2 {
  @range(-1000, 1000) x: f32;
  @range(-1000, 1000) y: f32;
}

struct AttackResult {
  hit: bool;
  damage: u16;
  newHealth: i32;
  crit?: bool;                 // optional field
}

struct HealthPack { amount: u8; }
struct Ammo { weapon: Weapon; @range(1, 99) rounds: u8; }
union Pickup { health: HealthPack; ammo: Ammo; }

struct Inventory { gold: u32; items: list<string>; }
struct ServerInfo { name: string; playersOnline: u32; }

struct MatchSettings {
  mapName: string;
  @range(1, 30) minutes: u8;
  friendlyFire?: bool;
}

/// The caller is stunned and cannot act yet.
@retryable
error STUNNED { stunRemainingMs: u32; }
error INVALID_TARGET;
error INSUFFICIENT_GOLD { needed: u32; }

/// One arena match.
@maxPlayers(8) @joinInProgress
session Match {
  settings: MatchSettings;
}

/// Combat actions and what they cause.
service combat {
  /// Attack another player in the same session.
  @session(running) @rate(10/s)
  rpc attack(targetId: PlayerId, weapon: Weapon): AttackResult throws STUNNED, INVALID_TARGET;

  /// Movement input; newer input replaces older, so loss is fine.
  @session(running) @rate(30/s, burst: 60)
  send move(pos: Vec2);

  @host
  rpc kickPlayer(player: PlayerId);                 // returns nothing

  @public
  rpc serverInfo(): ServerInfo;                     // callable before login

  /// A player took damage.
  event damaged to session { playerId: PlayerId; damage: u16; newHealth: i32; }

  /// Positions of nearby players; only the latest matters.
  @unreliable
  event positions to area { players: map<string, Vec2>; }

  event whisper to players { from: PlayerId; @length(1, 200) text: string; }

  event announcement to all { text: string; }

  /// Chat on a channel that players subscribe to ("guild:42", "global").
  event chat to topic { from: PlayerId; @length(1, 200) text: string; }

  /// Long work runs on a bounded queue instead of blocking the connection.
  @queue("shop", concurrency: 4, depth: 1000)
  rpc buyItem(itemId: string): Inventory throws INSUFFICIENT_GOLD;
}
`;

describe("the parser on the complete arena example", () => {
  const parsed = parseText(arenaExample);

  it("reports nothing", () => {
    expect(messages(parsed)).toEqual([]);
  });

  it("builds every declaration, member, field and attribute in source order", () => {
    expect(outline(parsed.document)).toEqual([
      "package arena",
      "version 3",
      'import "common.gidl"',
      '@length(1, 32) @pattern("^[a-z0-9_]+$") type PlayerId = string',
      "enum Weapon { sword, bow, staff }",
      "struct Vec2 { @range(-1000, 1000) x: f32; @range(-1000, 1000) y: f32 }",
      "struct AttackResult { hit: bool; damage: u16; newHealth: i32; crit?: bool }",
      "struct HealthPack { amount: u8 }",
      "struct Ammo { weapon: Weapon; @range(1, 99) rounds: u8 }",
      "union Pickup { health: HealthPack; ammo: Ammo }",
      "struct Inventory { gold: u32; items: list<string> }",
      "struct ServerInfo { name: string; playersOnline: u32 }",
      "struct MatchSettings { mapName: string; @range(1, 30) minutes: u8; friendlyFire?: bool }",
      "@retryable error STUNNED { stunRemainingMs: u32 }",
      "error INVALID_TARGET",
      "error INSUFFICIENT_GOLD { needed: u32 }",
      "@maxPlayers(8) @joinInProgress session Match { settings: MatchSettings }",
      "service combat",
      "  @session(running) @rate(10/s) rpc attack(targetId: PlayerId, weapon: Weapon): AttackResult throws STUNNED, INVALID_TARGET",
      "  @session(running) @rate(30/s, burst: 60) send move(pos: Vec2)",
      "  @host rpc kickPlayer(player: PlayerId)",
      "  @public rpc serverInfo(): ServerInfo",
      "  event damaged to session { playerId: PlayerId; damage: u16; newHealth: i32 }",
      "  @unreliable event positions to area { players: map<string, Vec2> }",
      "  event whisper to players { from: PlayerId; @length(1, 200) text: string }",
      "  event announcement to all { text: string }",
      "  event chat to topic { from: PlayerId; @length(1, 200) text: string }",
      '  @queue("shop", concurrency: 4, depth: 1000) rpc buyItem(itemId: string): Inventory throws INSUFFICIENT_GOLD',
    ]);
  });

  it("attaches doc comments to what follows them, without the slashes", () => {
    const docs = parsed.document.declarations.map((d) => d.doc);
    expect(docs[3]).toBe("A player's public id.      (/// doc comments go into generated code and docs)");
    expect(declaration(parsed, "ErrorDeclaration").doc).toBe("The caller is stunned and cannot act yet.");
    expect(declaration(parsed, "SessionDeclaration").doc).toBe("One arena match.");
    const service = declaration(parsed, "ServiceDeclaration");
    expect(service.doc).toBe("Combat actions and what they cause.");
    expect(service.members.map((m) => m.doc)).toEqual([
      "Attack another player in the same session.",
      "Movement input; newer input replaces older, so loss is fine.",
      undefined,
      undefined,
      "A player took damage.",
      "Positions of nearby players; only the latest matters.",
      undefined,
      undefined,
      'Chat on a channel that players subscribe to ("guild:42", "global").',
      "Long work runs on a bounded queue instead of blocking the connection.",
    ]);
    expect(declaration(parsed, "EnumDeclaration").doc).toBeUndefined();
  });

  it("gives every node the exact source text it came from", () => {
    const vec2 = declaration(parsed, "StructDeclaration");
    expect(textOf(parsed, vec2)).toBe(
      "struct Vec2 {\n  @range(-1000, 1000) x: f32;\n  @range(-1000, 1000) y: f32;\n}",
    );
    const x = vec2.fields[0];
    expect(x && textOf(parsed, x)).toBe("@range(-1000, 1000) x: f32;");
    expect(x && textOf(parsed, x.name)).toBe("x");
    expect(x && textOf(parsed, x.type)).toBe("f32");
    const range = x?.attributes[0];
    expect(range && textOf(parsed, range)).toBe("@range(-1000, 1000)");
    expect(range && textOf(parsed, range.name)).toBe("range");
    expect(range?.args?.map((a) => textOf(parsed, a))).toEqual(["-1000", "1000"]);

    const alias = declaration(parsed, "AliasDeclaration");
    expect(textOf(parsed, alias)).toBe('@length(1, 32) @pattern("^[a-z0-9_]+$")\ntype PlayerId = string;');

    const service = declaration(parsed, "ServiceDeclaration");
    const texts = service.members.map((m) => textOf(parsed, m));
    expect(texts[1]).toBe("@session(running) @rate(30/s, burst: 60)\n  send move(pos: Vec2);");
    expect(texts[5]).toBe("@unreliable\n  event positions to area { players: map<string, Vec2>; }");
    const move = service.members[1];
    const burst = move?.attributes[1]?.args?.[1];
    expect(burst && textOf(parsed, burst)).toBe("burst: 60");
    const positions = service.members[5];
    const players = positions?.kind === "Event" ? positions.fields[0] : undefined;
    expect(players && textOf(parsed, players.type)).toBe("map<string, Vec2>");
    const attack = service.members[0];
    expect(attack?.kind === "Rpc" && attack.params.map((p) => textOf(parsed, p))).toEqual([
      "targetId: PlayerId",
      "weapon: Weapon",
    ]);
    expect(textOf(parsed, declaration(parsed, "PackageDeclaration"))).toBe("package arena;");
    expect(textOf(parsed, declaration(parsed, "ErrorDeclaration", 1))).toBe("error INVALID_TARGET;");
    expect(parsed.document.pos).toBe(0);
    expect(parsed.document.end).toBe(arenaExample.length);
  });

  it("keeps literal values exact: bigints, decoded strings, rates", () => {
    const vec2 = declaration(parsed, "StructDeclaration");
    const min = vec2.fields[0]?.attributes[0]?.args?.[0]?.value;
    expect(min).toMatchObject({ kind: "IntegerLiteral", value: -1000n, text: "-1000" });
    const move = declaration(parsed, "ServiceDeclaration").members[1];
    expect(move?.attributes[1]?.args?.[0]?.value).toMatchObject({
      kind: "RateLiteral",
      count: 30n,
      unit: "s",
    });
    expect(declaration(parsed, "VersionDeclaration").value).toMatchObject({ value: 3n, text: "3" });
    expect(declaration(parsed, "ImportDeclaration").path.value).toBe("common.gidl");
  });
});

describe("the parser's tree", () => {
  it("distinguishes @name from @name() and keeps named and identifier arguments apart", () => {
    const parsed = parseText(
      'struct A { @a @b() @c(running, x: 1.5, "s", true, 0x1F, 600/m, 5000/h) f: u8; }',
    );
    expect(messages(parsed)).toEqual([]);
    const [a, b, c] = declaration(parsed, "StructDeclaration").fields[0]?.attributes ?? [];
    expect(a?.args).toBeUndefined();
    expect(b?.args).toEqual([]);
    expect(c?.args?.map((arg) => [arg.name?.text, arg.value.kind])).toEqual([
      [undefined, "Identifier"],
      ["x", "DecimalLiteral"],
      [undefined, "StringLiteral"],
      [undefined, "BooleanLiteral"],
      [undefined, "IntegerLiteral"],
      [undefined, "RateLiteral"],
      [undefined, "RateLiteral"],
    ]);
    expect(c?.args?.[4]?.value).toMatchObject({ value: 31n });
    expect(c?.args?.[6]?.value).toMatchObject({ count: 5000n, unit: "h" });
  });

  it("accepts keywords as field, parameter, enum member, variant and recipient names", () => {
    const parsed = parseText(
      [
        "struct S { type: string; error?: u8; to: bool; }",
        "enum E { enum, struct, }",
        "union U { session: S; }",
        "service s { rpc import(package: S, version: u8,): S; event e to session { true: bool; } }",
      ].join("\n"),
    );
    expect(messages(parsed)).toEqual([]);
    expect(outline(parsed.document)).toEqual([
      "struct S { type: string; error?: u8; to: bool }",
      "enum E { enum, struct }",
      "union U { session: S }",
      "service s",
      "  rpc import(package: S, version: u8): S",
      "  event e to session { true: bool }",
    ]);
  });

  it("parses a dotted package name, nested types and attributes on params, enum members and variants", () => {
    const parsed = parseText(
      [
        "package my.game.api;",
        "type Grid = map<string, list<list<map<string, u8>>>>;",
        'enum Mode { @deprecated("old") classic, arcade }',
        "union P { @deprecated a: A; }",
        "service s { send go(@range(1, 2) speed?: u8, /// where\n to: Vec2); }",
      ].join("\n"),
    );
    expect(messages(parsed)).toEqual([]);
    expect(outline(parsed.document)).toEqual([
      "package my.game.api",
      "type Grid = map<string, list<list<map<string, u8>>>>",
      'enum Mode { @deprecated("old") classic, arcade }',
      "union P { @deprecated a: A }",
      "service s",
      "  send go(@range(1, 2) speed?: u8, to: Vec2)",
    ]);
    const name = declaration(parsed, "PackageDeclaration").name;
    expect(name.parts.map((p) => p.text)).toEqual(["my", "game", "api"]);
    expect(textOf(parsed, name)).toBe("my.game.api");
    const go = declaration(parsed, "ServiceDeclaration").members[0];
    expect(go?.kind === "Send" && go.params[1]?.doc).toBe("where");
  });

  it("joins consecutive doc lines and reads doc comments before or between attributes", () => {
    const parsed = parseText(
      "/// First line.\n///Second, no space.\n///   indented\n@a\n/// After.\nstruct A {}\n",
    );
    expect(messages(parsed)).toEqual([]);
    expect(declaration(parsed, "StructDeclaration").doc).toBe(
      "First line.\nSecond, no space.\n  indented\nAfter.",
    );
  });

  it("treats four or more slashes as an ordinary comment", () => {
    const parsed = parseText("//// not documentation\nstruct A {}\n");
    expect(messages(parsed)).toEqual([]);
    expect(declaration(parsed, "StructDeclaration").doc).toBeUndefined();
  });

  it("parses an empty file, and one of comments only, to an empty document", () => {
    expect(parseText("").document.declarations).toEqual([]);
    const comments = parseText("// nothing\n/* at all */\n");
    expect(comments.document.declarations).toEqual([]);
    expect(messages(comments)).toEqual([]);
  });
});

describe("positions", () => {
  function positionOfFirstError(text: string): { line: number; col: number } {
    const parsed = parseText(text);
    const first = parsed.diagnostics[0];
    if (first === undefined) throw new Error("test setup: expected a diagnostic");
    expect(lineAndColumnOf(parsed.file, first.pos)).toEqual({ line: first.line, col: first.col });
    return { line: first.line, col: first.col };
  }

  it("count lines the same with CRLF, CR and LF endings", () => {
    for (const eol of ["\n", "\r\n", "\r"]) {
      const text = ["package a;", "struct A {", "  x: u8", "}"].join(eol);
      expect(positionOfFirstError(text), JSON.stringify(eol)).toEqual({ line: 4, col: 1 });
    }
  });

  it("count a tab as one column", () => {
    expect(positionOfFirstError("struct A {\n\t\tx u8;\n}")).toEqual({ line: 2, col: 5 });
  });

  it("count columns in code points after non-ASCII text", () => {
    // "é" is one UTF-16 unit, "🎮" two; each is one column.
    const text = 'struct A {\n  @doc("é🎮") x u8;\n}';
    expect(positionOfFirstError(text)).toEqual({ line: 2, col: 16 });
  });

  it("put node ranges on UTF-16 offsets that slice out the node's text", () => {
    const parsed = parseText('/// 🎮 games\r\nstruct Émile {}\r\nstruct B { @d("🎮") name: string; }');
    const b = declaration(parsed, "StructDeclaration", 1);
    expect(textOf(parsed, b)).toBe('struct B { @d("🎮") name: string; }');
    expect(lineAndColumnOf(parsed.file, b.fields[0]?.name.pos ?? -1)).toEqual({ line: 3, col: 20 });
  });
});

describe("error recovery", () => {
  const cases: readonly { name: string; source: string; errors: string[]; outline?: string[] }[] = [
    {
      name: "a missing ';' between fields costs one error and no field",
      source: "struct A {\n  x: u8\n  y: u8;\n}",
      errors: ["3:3 expected ';', found 'y'"],
      outline: ["struct A { x: u8; y: u8 }"],
    },
    {
      name: "a missing ';' before '}' is reported at the '}'",
      source: "struct A { x: u8 }",
      errors: ["1:18 expected ';', found '}'"],
      outline: ["struct A { x: u8 }"],
    },
    {
      name: "a field without ':' is skipped and the next field parses",
      source: "struct A { x u8; y: u8; }",
      errors: ["1:14 expected ':', found 'u8'"],
      outline: ["struct A { y: u8 }"],
    },
    {
      name: "a field without a type is skipped",
      source: "struct A { x: ; y: u8; }",
      errors: ["1:15 expected a type, found ';'"],
      outline: ["struct A { y: u8 }"],
    },
    {
      name: "attributes with nothing after them in a block",
      source: "struct A { x: u8; @deprecated }",
      errors: ["1:31 expected a field name, found '}'"],
      outline: ["struct A { x: u8 }"],
    },
    {
      name: "a block left open at the end of the file",
      source: "struct A { x: u8;",
      errors: ["1:18 expected '}', found end of file"],
      outline: ["struct A { x: u8 }"],
    },
    {
      name: "a block left open before the next declaration",
      source: "struct A { x: u8;\nstruct B { y: u8; }",
      errors: ["2:1 expected '}', found 'struct'"],
      outline: ["struct A { x: u8 }", "struct B { y: u8 }"],
    },
    {
      name: "garbage between declarations",
      source: "struct A {}\nfoo bar baz;\nstruct B {}\n} ;\nenum C { c }",
      errors: ["2:1 expected a declaration, found 'foo'", "4:1 expected a declaration, found '}'"],
      outline: ["struct A {  }", "struct B {  }", "enum C { c }"],
    },
    {
      name: "a misspelled keyword skips its whole block",
      source: "strcut A { type: u8; struct: u8; }\nstruct B {}",
      errors: ["1:1 expected a declaration, found 'strcut'"],
      outline: ["struct B {  }"],
    },
    {
      name: "attributes at the end of the file",
      source: "struct A {}\n@deprecated",
      errors: ["2:12 expected a declaration, found end of file"],
    },
    {
      name: "an enum member without a comma",
      source: "enum C { a b, c }",
      errors: ["1:12 expected ',' or '}', found 'b'"],
      outline: ["enum C { a, b, c }"],
    },
    {
      name: "enum members separated by ';'",
      source: "enum C { a; b }\nenum D { d }",
      errors: ["1:11 expected ',' or '}', found ';'"],
      outline: ["enum C { a }", "enum D { d }"],
    },
    {
      name: "an enum member that is not a name",
      source: "enum C { a, 5, c }",
      errors: ["1:13 expected an enum member, found '5'"],
      outline: ["enum C { a, c }"],
    },
    {
      name: "a declaration without a name still has its body checked",
      source: "struct { x u8; }\nstruct B {}",
      errors: ["1:8 expected a struct name, found '{'", "1:12 expected ':', found 'u8'"],
      outline: ["struct B {  }"],
    },
    {
      name: "a keyword used as a type name is reported and taken as the name",
      source: "struct type { x: u8; }",
      errors: ["1:8 expected a struct name, found 'type'"],
      outline: ["struct type { x: u8 }"],
    },
    {
      name: "a declaration without its '{'",
      source: "struct A x: u8; }\nstruct B {}",
      errors: ["1:10 expected '{', found 'x'"],
      outline: ["struct B {  }"],
    },
    {
      name: "an error with neither ';' nor '{'",
      source: "error E\nerror F;",
      errors: ["2:1 expected ';' or '{', found 'error'"],
      outline: ["error F"],
    },
    {
      name: "a version that is not an integer, an import that is not a string, a package without a name",
      source: "version 1.5;\nimport common;\npackage 5;\ntype A = u8;",
      errors: [
        "1:9 expected a version number, found '1.5'",
        "2:8 expected a file path in quotes, found 'common'",
        "3:9 expected a package name, found '5'",
      ],
      outline: ["type A = u8"],
    },
    {
      name: "an alias without '=' or without a type",
      source: "type A u8;\ntype B = ;\ntype C = u8",
      errors: [
        "1:8 expected '=', found 'u8'",
        "2:10 expected a type, found ';'",
        "3:12 expected ';', found end of file",
      ],
      outline: ["type C = u8"],
    },
    {
      name: "a bad parameter is skipped up to the next comma",
      source: "service s { rpc f(a u8, b: u8): R; }",
      errors: ["1:21 expected ':', found 'u8'"],
      outline: ["service s", "  rpc f(b: u8): R"],
    },
    {
      name: "a parameter list broken before its ')' costs one error",
      source: "service s {\n  rpc f(: u8;\n  send g();\n}",
      errors: ["2:9 expected a parameter, found ':'"],
      outline: ["service s", "  rpc f()", "  send g()"],
    },
    {
      name: "parameters without a comma between them",
      source: "service s { send f(a: u8 b: u8); }",
      errors: ["1:26 expected ',' or ')', found 'b'"],
      outline: ["service s", "  send f(a: u8, b: u8)"],
    },
    {
      name: "an rpc without its parameter list",
      source: "service s { rpc f: R; }",
      errors: ["1:18 expected '(', found ':'"],
      outline: ["service s", "  rpc f(): R"],
    },
    {
      name: "an rpc without a result type after ':'",
      source: "service s { rpc f(): ; send g(); }",
      errors: ["1:22 expected a type, found ';'"],
      outline: ["service s", "  send g()"],
    },
    {
      name: "'throws' without an error name",
      source: "service s { rpc f() throws ; send g(); }",
      errors: ["1:28 expected an error name, found ';'"],
      outline: ["service s", "  rpc f()", "  send g()"],
    },
    {
      name: "a send with a result",
      source: "service s { send f(): R; send g(); }",
      errors: ["1:21 expected ';', found ':'"],
      outline: ["service s", "  send f()", "  send g()"],
    },
    {
      name: "an unknown member keyword skips the member, braces and all",
      source: "service s {\n  evnt e to all { a: u8; b: u8; }\n  send g();\n}",
      errors: ["2:3 expected 'rpc', 'send' or 'event', found 'evnt'"],
      outline: ["service s", "  send g()"],
    },
    {
      name: "an event without 'to'",
      source: "service s { event e session { a: u8; } event f { b: u8; } send g(); }",
      errors: ["1:21 expected 'to', found 'session'", "1:48 expected 'to', found '{'"],
      outline: ["service s", "  event e to session { a: u8 }", "  send g()"],
    },
    {
      name: "an event block left open before the next member",
      source: "service s {\n  event e to all { a: u8;\n  send g();\n}",
      errors: ["3:3 expected '}', found 'send'"],
      outline: ["service s", "  event e to all { a: u8 }", "  send g()"],
    },
    {
      name: "an attribute missing its ')' keeps the field it stands before",
      source: "struct A {\n  @range(1, 2\n  x: u8;\n}",
      errors: ["3:3 expected ',' or ')', found 'x'"],
      outline: ["struct A { @range(1, 2) x: u8 }"],
    },
    {
      name: "an attribute argument that is not a value",
      source: "struct A { @range(1, {) x: u8; y: u8; }",
      errors: ["1:22 expected ')', found '{'"],
    },
    {
      name: "an attribute with a bad argument in the middle",
      source: "struct A { @range(1, ?, 2) x: u8; }",
      errors: ["1:22 expected an attribute argument, found '?'"],
      outline: ["struct A { @range(1, 2) x: u8 }"],
    },
    {
      name: "an '@' without a name",
      source: "struct A { @ 5 x: u8; y: u8; }",
      errors: ["1:14 expected an attribute name, found '5'"],
      outline: ["struct A { y: u8 }"],
    },
    {
      name: "a map without its ',' and a list without its '>'",
      source: "struct A { m: map<string>; l: list<u8; ok: u8; }",
      errors: ["1:25 expected ',', found '>'", "1:38 expected '>', found ';'"],
      outline: ["struct A { ok: u8 }"],
    },
    {
      name: "a type that is not a name",
      source: "struct A { a: 5; b: list<5>; c: map<5, u8>; d: error; ok: u8; }",
      errors: [
        "1:15 expected a type, found '5'",
        "1:26 expected a type, found '5'",
        "1:37 expected a type, found '5'",
        "1:48 expected a type, found 'error'",
      ],
      outline: ["struct A { ok: u8 }"],
    },
  ];

  for (const testCase of cases) {
    it(`recovers from ${testCase.name}`, () => {
      const parsed = parseText(testCase.source);
      expect(messages(parsed)).toEqual(testCase.errors);
      if (testCase.outline !== undefined) expect(outline(parsed.document)).toEqual(testCase.outline);
    });
  }

  it("reports all five independent errors of one file", () => {
    const parsed = parseText(
      [
        "package test;",
        "struct A { x: u8 }",
        "struct B { y u8; }",
        "enum C { a b }",
        "service s { rpc f(: u8; }",
        "type D = ;",
        "struct E { ok: u8; }",
      ].join("\n"),
    );
    expect(messages(parsed)).toEqual([
      "2:18 expected ';', found '}'",
      "3:14 expected ':', found 'u8'",
      "4:12 expected ',' or '}', found 'b'",
      "5:19 expected a parameter, found ':'",
      "6:10 expected a type, found ';'",
    ]);
    expect(parsed.document.declarations.map((d) => d.kind)).toEqual([
      "PackageDeclaration",
      "StructDeclaration",
      "StructDeclaration",
      "EnumDeclaration",
      "ServiceDeclaration",
      "StructDeclaration",
    ]);
  });

  it("keeps parsing after lexical errors", () => {
    const parsed = parseText('struct A { # x: u8; s: string = "open\n;  y: u8; }');
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(["GIDL1001", "GIDL1006", "GIDL1002"]);
    expect(outline(parsed.document)).toEqual(["struct A { x: u8; s: string; y: u8 }"]);
  });
});

describe("doc comments that document nothing", () => {
  it("warn before a closing brace, at the end of the file and inside a declaration", () => {
    const parsed = parseText(
      "struct A {\n  /// about nothing\n}\nstruct B /// misplaced\n{}\n/// trailing\n",
    );
    expect(parsed.diagnostics.map((d) => `${d.line}:${d.col} ${d.severity} ${d.code}`)).toEqual([
      "2:3 warning GIDL1010",
      "4:10 warning GIDL1010",
      "6:1 warning GIDL1010",
    ]);
    expect(outline(parsed.document)).toEqual(["struct A {  }", "struct B {  }"]);
  });

  it("span the whole run of doc lines", () => {
    const parsed = parseText("struct A {}\n/// one\n/// two\n");
    const warning = parsed.diagnostics[0];
    expect(warning && textOf(parsed, warning)).toBe("/// one\n/// two");
  });
});

describe("deeply nested types", () => {
  const nested = (depth: number): string => `type T = ${"list<".repeat(depth)}u8${">".repeat(depth)};`;

  it("parse up to 64 levels", () => {
    const parsed = parseText(nested(64));
    expect(messages(parsed)).toEqual([]);
    expect(outline(parsed.document)).toHaveLength(1);
  });

  it("report one error at the 65th level and drop the declaration", () => {
    const parsed = parseText(`${nested(65)}\ntype Next = u8;`);
    expect(messages(parsed)).toEqual([`1:${10 + 64 * 5} types nested more than 64 levels deep`]);
    expect(outline(parsed.document)).toEqual(["type Next = u8"]);
  });

  it("handle 10,000 levels of list and map with one error and no stack overflow", () => {
    const deep = `struct S { a: ${"map<string, ".repeat(5000)}${"list<".repeat(5000)}u8${">".repeat(10000)}; b: u8; }`;
    const parsed = parseText(deep);
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(["GIDL1009"]);
    expect(outline(parsed.document)).toEqual(["struct S { b: u8 }"]);
  });

  it("handle 10,000 unclosed levels", () => {
    const parsed = parseText(`type T = ${"list<".repeat(10000)}`);
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(["GIDL1009"]);
  });
});

describe("the parser on any input", () => {
  it("parses a 5 MB schema", () => {
    const block = (i: number): string =>
      `/// Doc ${i}.\nstruct S${i} {\n  @range(0, 10) a: u8;\n  b?: list<map<string, S${i}>>;\n}\n` +
      `service s${i} { @rate(10/s) rpc r(x: u8): S${i} throws E; event e to all { f: u8; } }\n`;
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 5_000_000; i++) {
      const text = block(i);
      parts.push(text);
      size += text.length;
    }
    const parsed = parseText(parts.join(""));
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.document.declarations).toHaveLength(parts.length * 2);
  });

  it("never throws on random bytes and reports every diagnostic inside the file", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const diagnostics: Diagnostic[] = [];
        const file = decodeSource("random.gidl", bytes, (d) => diagnostics.push(d));
        parse(file, (d) => diagnostics.push(d));
        for (const d of diagnostics) {
          expect(d.pos).toBeGreaterThanOrEqual(0);
          expect(d.end).toBeLessThanOrEqual(file.text.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never throws or loops on any sequence of the language's tokens", () => {
    const vocabulary = [
      ..."package version import type enum struct union error session service rpc send event to throws true false".split(
        " ",
      ),
      ..."{ } ( ) < > ; : , . = ? @".split(" "),
      "list",
      "map",
      "x",
      "Foo",
      "42",
      "-7",
      "1.5",
      "10/s",
      '"s"',
      "/// doc\n",
      "\n",
      "#",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...vocabulary), { maxLength: 80 }), (words) => {
        const parsed = parseText(words.join(" "));
        // An error is reported for garbage, but each error at most once per token.
        expect(parsed.diagnostics.length).toBeLessThanOrEqual(words.length + 1);
      }),
      { numRuns: 500 },
    );
  });
});

describe("the limit on syntax errors", () => {
  it("reports the first hundred of a file, then one error saying there are more", () => {
    const parsed = parseText(`struct A {\n${"  x u8;\n".repeat(150)}}`);
    expect(parsed.diagnostics).toHaveLength(101);
    expect(messages(parsed).slice(99)).toEqual([
      "101:5 expected ':', found 'u8'",
      "102:5 too many syntax errors in this file: only the first 100 are reported",
    ]);
  });

  it("counts the scanner's errors and the parser's together", () => {
    const parsed = parseText(`struct A { ${"# x u8; ".repeat(60)}}`);
    expect(parsed.diagnostics.map((d) => d.code).slice(0, 3)).toEqual(["GIDL1001", "GIDL1006", "GIDL1001"]);
    expect(parsed.diagnostics).toHaveLength(101);
    expect(parsed.diagnostics[100]?.code).toBe("GIDL1012");
  });

  it("keeps a 100 KB line of garbage to a hundred and one diagnostics", () => {
    for (const garbage of ["@".repeat(100_000), `enum E {${",".repeat(100_000)}`, "# ".repeat(50_000)]) {
      expect(parseText(garbage).diagnostics).toHaveLength(101);
    }
  });
});

describe("the syntax diagnostic cases", () => {
  it.each(syntaxDiagnosticCases.map((c) => [c.name, c] as const))("%s", (_name, testCase) => {
    const diagnostics: Diagnostic[] = [];
    const file = decodeSource("main.gidl", testCase.source, (d) => diagnostics.push(d));
    parse(file, (d) => diagnostics.push(d));
    const found = diagnostics.find((d) => d.code === testCase.code);
    expect(found, diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")).toBeDefined();
    expect({ line: found?.line, col: found?.col }).toEqual({ line: testCase.line, col: testCase.col });
  });
});
