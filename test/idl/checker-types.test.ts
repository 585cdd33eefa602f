import { describe, expect, it } from "vitest";
import { codeOf, compileTest, describe as describeDiagnostic, withId } from "./checker-helpers.js";

const pkg = "package t;\n";

describe("type names", () => {
  it("suggests the closest declared type for an unknown one", () => {
    const [diagnostic] = withId(
      compileTest(`${pkg}enum Weapon { sword }\nstruct A { w: Wepon; }\n`),
      "unknown-type",
    );
    expect(diagnostic?.message).toBe("unknown type 'Wepon'");
    expect(diagnostic?.hint).toBe("did you mean 'Weapon'?");
  });

  it("suggests a primitive for a misspelt one, and nothing for a name far from all", () => {
    const result = compileTest(`${pkg}struct A { a: strng; b: Zebra; c: U8; }\n`);
    expect(withId(result, "unknown-type").map((d) => [d.message, d.hint])).toEqual([
      ["unknown type 'strng'", "did you mean 'string'?"],
      ["unknown type 'Zebra'", undefined],
      ["unknown type 'U8'", "did you mean 'u8'?"],
    ]);
  });

  it("reports an error code, a service or the session kind used as a type", () => {
    const result = compileTest(
      `${pkg}error OOPS;\nservice combat { }\nstruct S { x: u8; }\nsession Game { settings: S; }\n` +
        "struct A { a: OOPS; b: combat; c: Game; }\n",
    );
    expect(withId(result, "not-a-type").map((d) => d.message)).toEqual([
      "'OOPS' is an error, not a type",
      "'combat' is a service, not a type",
      "'Game' is the session kind, not a type",
    ]);
  });

  it("resolves names in nested lists and maps, and built-in types", () => {
    const result = compileTest(
      `${pkg}struct A { m: map<string, list<SessionInfo>>; l: list<list<Nope>>; }\n`,
    );
    expect(result.diagnostics.map(describeDiagnostic)).toEqual([
      `${codeOf("unknown-type")} 2:60 unknown type 'Nope'`,
    ]);
  });
});

describe("maps", () => {
  it("reports non-string keys, including aliases of string, with a hint for the alias", () => {
    const result = compileTest(`${pkg}type Id = string;\nstruct A { a: map<u8, bool>; b: map<Id, bool>; }\n`);
    expect(withId(result, "map-key-not-string").map((d) => [d.message, d.hint])).toEqual([
      ["map keys must be 'string', not 'u8'", undefined],
      ["map keys must be 'string', not 'Id'", "a key type cannot carry constraints: write map<string, …>"],
    ]);
  });
});

describe("enums and unions", () => {
  it("accepts a union of structs and of aliases of structs", () => {
    const result = compileTest(`${pkg}struct A { x: u8; }\ntype B = A;\nunion U { a: A; b: B; }\n`);
    expect(result.diagnostics).toEqual([]);
    const union = result.model?.types.find((t) => t.name === "U");
    expect(union).toMatchObject({
      kind: "union",
      variants: [
        { tag: "a", struct: "A" },
        { tag: "b", struct: "A" },
      ],
    });
  });

  it("reports variants that are not structs, saying what they are", () => {
    const result = compileTest(
      `${pkg}enum E { a }\nunion V { a: u8; }\nunion U { e: E; l: list<E>; v: V; }\n`,
    );
    expect(withId(result, "union-variant-not-struct").map((d) => d.message)).toEqual([
      "union variant 'a' must be a struct, not u8",
      "union variant 'e' must be a struct, not enum 'E'",
      "union variant 'l' must be a struct, not a list",
      "union variant 'v' must be a struct, not union 'V'",
    ]);
  });

  it("reports a variant struct with a kind field, and empty enums and unions", () => {
    const result = compileTest(`${pkg}struct K { kind: u8; }\nunion U { k: K; }\nenum E { }\nunion W { }\n`);
    expect(result.diagnostics.map(describeDiagnostic)).toEqual([
      `${codeOf("union-variant-has-kind")} 3:14 union variant 'k' uses struct 'K', which has a field named 'kind' (the union's tag)`,
      `${codeOf("empty-enum")} 4:6 enum 'E' needs at least one member`,
      `${codeOf("empty-union")} 5:7 union 'W' needs at least one variant`,
    ]);
  });
});

describe("recursive types", () => {
  it("allows recursion through an optional field, a list or a map", () => {
    const result = compileTest(
      `${pkg}struct Tree { left?: Tree; children: list<Tree>; byName: map<string, Tree>; }\n`,
    );
    expect(result.diagnostics).toEqual([]);
  });

  it("reports a cycle of required fields once, with its path", () => {
    const result = compileTest(`${pkg}struct A { b: B; }\nstruct B { a: A; }\nstruct C { a: A; }\n`);
    expect(result.diagnostics.map(describeDiagnostic)).toEqual([
      `${codeOf("infinite-type")} 2:8 'A' requires itself (A.b → B.a → A) and can never be finite; make a field optional or a list`,
    ]);
  });

  it("sees cycles through aliases and unions whose every variant requires itself", () => {
    const viaAlias = compileTest(`${pkg}type Next = Node;\nstruct Node { next: Next; }\n`);
    expect(withId(viaAlias, "infinite-type").map((d) => d.message)).toEqual([
      "'Node' requires itself (Node.next → Node) and can never be finite; make a field optional or a list",
    ]);
    const viaUnion = compileTest(`${pkg}struct A { u: U; }\nunion U { a: A; }\n`);
    expect(withId(viaUnion, "infinite-type")).toHaveLength(1);
  });

  it("accepts a union with one finite variant even if another one recurses", () => {
    const result = compileTest(
      `${pkg}struct Leaf { v: u8; }\nstruct Pair { l: Expr; r: Expr; }\nunion Expr { leaf: Leaf; pair: Pair; }\n`,
    );
    expect(result.diagnostics).toEqual([]);
  });

  it("sees a settings struct that requires itself through the built-in SessionInfo", () => {
    const result = compileTest(`${pkg}struct S { info: SessionInfo; }\nsession Game { settings: S; }\n`);
    expect(withId(result, "infinite-type").map((d) => d.message)).toEqual([
      "'S' requires itself (S.info → SessionInfo.settings → S) and can never be finite; make a field optional or a list",
    ]);
  });

  it("reports alias cycles once, and accepts an alias recursing through a list", () => {
    const result = compileTest(
      `${pkg}type A = B;\ntype B = C;\ntype C = A;\ntype Self = Self;\ntype L = list<L>;\n`,
    );
    expect(withId(result, "alias-cycle").map((d) => [d.line, d.message, d.hint])).toEqual([
      [2, "type alias 'A' refers to itself", "the cycle: A → B → C → A"],
      [5, "type alias 'Self' refers to itself", "the cycle: Self → Self"],
    ]);
  });
});

describe("the session declaration", () => {
  it("takes the settings struct, through an alias, into the model", () => {
    const model = compileTest(
      `${pkg}struct S { x: u8; }\ntype T = S;\n@maxPlayers(4)\nsession Game { settings: T; }\n`,
    ).model;
    expect(model?.session).toEqual({ name: "Game", settings: "S", maxPlayers: 4, joinInProgress: false });
  });

  it("reports a session without settings, with other fields, or with optional settings", () => {
    const result = compileTest(`${pkg}struct S { x: u8; }\nsession Game { mode: S; settings?: S; }\n`);
    expect(withId(result, "session-settings").map((d) => `${d.line}:${d.col}`)).toEqual(["3:16", "3:25"]);
    expect(
      withId(compileTest(`${pkg}session Game { }\n`), "session-settings").map((d) => `${d.line}:${d.col}`),
    ).toEqual(["2:9"]);
  });

  it("reports settings that are not a struct, naming what they are", () => {
    const [diagnostic] = withId(
      compileTest(`${pkg}enum E { a }\nsession Game { settings: E; }\n`),
      "session-settings",
    );
    expect(diagnostic?.hint).toBe("enum 'E' is not a struct");
  });
});

describe("fields and parameters", () => {
  it("reports reserved field and parameter names", () => {
    const result = compileTest(
      `${pkg}struct A { constructor: u8; }\nerror E_X { prototype: u8; }\nservice s { send m(__proto__: u8); }\n`,
    );
    expect(withId(result, "reserved-field-name").map((d) => d.message)).toEqual([
      "'constructor' cannot be used as a field name",
      "'prototype' cannot be used as a field name",
      "'__proto__' cannot be used as a parameter name",
    ]);
  });
});
