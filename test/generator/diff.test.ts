import { describe, expect, it } from "vitest";
import { compileSource, type Model } from "../../idl/index.js";
import { diffModels, formatChange } from "../../generator/diff/index.js";

function model(body: string): Model {
  const result = compileSource(`package arena;\n${body}`, "arena.gidl");
  if (result.model === undefined) {
    throw new Error(
      `schema does not compile: ${result.diagnostics.map((d) => d.message).join("; ")}\n${body}`,
    );
  }
  return result.model;
}

function diff(oldBody: string, newBody: string): { breaking: string[]; compatible: string[] } {
  const changes = diffModels(model(oldBody), model(newBody));
  return {
    breaking: changes.filter((c) => c.breaking).map(formatChange),
    compatible: changes.filter((c) => !c.breaking).map(formatChange),
  };
}

interface Case {
  readonly name: string;
  readonly old: string;
  readonly new: string;
  /** Exactly the breaking changes expected, formatted. */
  readonly breaking: readonly string[];
  /** Compatible changes that must be among those reported. */
  readonly compatible?: readonly string[];
}

const vec = "struct Vec2 { x: f32; y: f32; }";
const svc = (members: string) => `service combat {\n${members}\n}`;

const breakingCases: Case[] = [
  {
    name: "a removed rpc",
    old: svc("rpc attack(targetId: string); rpc heal();"),
    new: svc("rpc heal();"),
    breaking: ["combat.attack: rpc removed"],
  },
  {
    name: "a removed send",
    old: svc("send move(x: f32); rpc heal();"),
    new: svc("rpc heal();"),
    breaking: ["combat.move: send removed"],
  },
  {
    name: "a removed event",
    old: svc("event hit to session { damage: u16; }"),
    new: svc("rpc heal();"),
    breaking: ["combat.hit: event removed"],
  },
  {
    name: "an rpc turned into a send",
    old: svc("rpc move(x: f32);"),
    new: svc("send move(x: f32);"),
    breaking: ["combat.move: changed from rpc to send"],
  },
  {
    name: "a changed param type",
    old: svc("rpc attack(targetId: string);"),
    new: svc("rpc attack(targetId: u32);"),
    breaking: ["combat.attack param targetId: type changed from string to u32"],
  },
  {
    name: "a changed field type in a type used by params",
    old: `${vec}\n${svc("send move(pos: Vec2);")}`,
    new: `struct Vec2 { x: string; y: f32; }\n${svc("send move(pos: Vec2);")}`,
    breaking: ["type Vec2 field x: type changed from f32 to string"],
  },
  {
    name: "a number param changed to a type that cannot hold its old values",
    old: svc("rpc buy(count: u16);"),
    new: svc("rpc buy(count: u8);"),
    breaking: ["combat.buy param count: type changed from u16 to u8"],
  },
  {
    name: "a 32-bit integer param made 64-bit (number to bigint)",
    old: svc("rpc buy(count: u32);"),
    new: svc("rpc buy(count: u64);"),
    breaking: ["combat.buy param count: type changed from u32 to u64"],
  },
  {
    name: "an optional param made required",
    old: svc("rpc attack(targetId: string, weapon?: string);"),
    new: svc("rpc attack(targetId: string, weapon: string);"),
    breaking: ["combat.attack param weapon: optional param made required"],
  },
  {
    name: "a new required param",
    old: svc("rpc attack(targetId: string);"),
    new: svc("rpc attack(targetId: string, weapon: string);"),
    breaking: ["combat.attack param weapon: new required param"],
  },
  {
    name: "a new required field in a struct clients send",
    old: `${vec}\n${svc("send move(pos: Vec2);")}`,
    new: `struct Vec2 { x: f32; y: f32; z: f32; }\n${svc("send move(pos: Vec2);")}`,
    breaking: ["type Vec2 field z: new required field"],
  },
  {
    name: "an enum member removed from data clients send",
    old: `enum Weapon { sword, bow }\n${svc("rpc attack(weapon: Weapon);")}`,
    new: `enum Weapon { sword }\n${svc("rpc attack(weapon: Weapon);")}`,
    breaking: ["type Weapon: enum member bow removed"],
  },
  {
    name: "a union variant removed from data clients send",
    old: `struct A { n: u8; }\nstruct B { s: string; }\nunion U { a: A; b: B; }\n${svc("rpc use(item: U);")}`,
    new: `struct A { n: u8; }\nstruct B { s: string; }\nunion U { a: A; }\n${svc("rpc use(item: U);")}`,
    breaking: ["type U: union variant b removed"],
  },
  {
    name: "a new enum member in data the server sends",
    old: `enum Weapon { sword }\n${svc("rpc current(): Weapon;")}`,
    new: `enum Weapon { sword, bow }\n${svc("rpc current(): Weapon;")}`,
    breaking: ["type Weapon: new enum member bow"],
  },
  {
    name: "a new union variant in an event",
    old: `struct A { n: u8; }\nstruct B { s: string; }\nunion U { a: A; }\n${svc("event got to all { item: U; }")}`,
    new: `struct A { n: u8; }\nstruct B { s: string; }\nunion U { a: A; b: B; }\n${svc("event got to all { item: U; }")}`,
    breaking: ["type U: new union variant b"],
  },
  {
    name: "a narrowed @range on a param",
    old: svc("rpc buy(@range(1, 100) count: u8);"),
    new: svc("rpc buy(@range(1, 10) count: u8);"),
    breaking: ["combat.buy param count: @range narrowed from 1..100 to 1..10"],
  },
  {
    name: "a narrowed @length through an alias",
    old: `@length(1, 32) type PlayerId = string;\n${svc("rpc attack(targetId: PlayerId);")}`,
    new: `@length(1, 16) type PlayerId = string;\n${svc("rpc attack(targetId: PlayerId);")}`,
    breaking: ["combat.attack param targetId: @length narrowed from 1..32 to 1..16"],
  },
  {
    name: "a new @pattern on a param",
    old: svc("rpc attack(targetId: string);"),
    new: svc('rpc attack(@pattern("^[a-z]+$") targetId: string);'),
    breaking: ["combat.attack param targetId: @pattern added"],
  },
  {
    name: "a changed @pattern on a param",
    old: svc('rpc attack(@pattern("^[a-z]+$") targetId: string);'),
    new: svc('rpc attack(@pattern("^[a-z0-9]+$") targetId: string);'),
    breaking: ["combat.attack param targetId: @pattern changed"],
  },
  {
    name: "a new @format on a param",
    old: svc("rpc invite(address: string);"),
    new: svc('rpc invite(@format("email") address: string);'),
    breaking: ['combat.invite param address: @format("email") added'],
  },
  {
    name: "a changed @format on a param",
    old: svc('rpc invite(@format("email") address: string);'),
    new: svc('rpc invite(@format("uri") address: string);'),
    breaking: ['combat.invite param address: @format changed from "email" to "uri"'],
  },
  {
    name: "a removed @format in a result",
    old: `struct Contact { @format("email") address: string; }\n${svc("rpc contact(): Contact;")}`,
    new: `struct Contact { address: string; }\n${svc("rpc contact(): Contact;")}`,
    breaking: ['type Contact field address: @format("email") removed'],
  },
  {
    name: "a widened @range in a result",
    old: `struct Health { @range(0, 100) hp: u8; }\n${svc("rpc health(): Health;")}`,
    new: `struct Health { @range(0, 200) hp: u8; }\n${svc("rpc health(): Health;")}`,
    breaking: ["type Health field hp: @range widened from 0..100 to 0..200"],
  },
  {
    name: "a field removed from a result",
    old: `struct Info { name: string; players: u32; }\n${svc("rpc info(): Info;")}`,
    new: `struct Info { name: string; }\n${svc("rpc info(): Info;")}`,
    breaking: ["type Info field players: required field removed"],
  },
  {
    name: "a field removed from an event",
    old: svc("event hit to session { playerId: string; damage: u16; }"),
    new: svc("event hit to session { playerId: string; }"),
    breaking: ["combat.hit field damage: required field removed"],
  },
  {
    name: "a required event field made optional",
    old: svc("event hit to session { damage: u16; }"),
    new: svc("event hit to session { damage?: u16; }"),
    breaking: ["combat.hit field damage: required field made optional"],
  },
  {
    name: "an rpc that no longer returns a result",
    old: svc("rpc info(): string;"),
    new: svc("rpc info();"),
    breaking: ["combat.info result: no longer returns a result"],
  },
  {
    name: "a changed result type",
    old: svc("rpc info(): string;"),
    new: svc("rpc info(): u32;"),
    breaking: ["combat.info result: type changed from string to u32"],
  },
  {
    name: "a field removed from an error's details",
    old: `error STUNNED { remainingMs: u32; }\n${svc("rpc attack() throws STUNNED;")}`,
    new: `error STUNNED;\n${svc("rpc attack() throws STUNNED;")}`,
    breaking: ["error STUNNED field remainingMs: required field removed"],
  },
  {
    name: "changed recipients",
    old: svc("event hit to session { damage: u16; }"),
    new: svc("event hit to players { damage: u16; }"),
    breaking: ["combat.hit: recipients changed from session to players"],
  },
  {
    name: "an event made unreliable",
    old: svc("event pos to area { x: f32; }"),
    new: svc("@unreliable event pos to area { x: f32; }"),
    breaking: ["combat.pos: @unreliable added: the event may be dropped and is not replayed"],
  },
  {
    name: "@public removed",
    old: svc("@public rpc info(): string;"),
    new: svc("rpc info(): string;"),
    breaking: ["combat.info: @public removed: anonymous clients are refused"],
  },
  {
    name: "a new @role and @host",
    old: svc("rpc kick(playerId: string);"),
    new: svc('@host @role("admin") rpc kick(playerId: string);'),
    breaking: [
      "combat.kick: @session requirement tightened from none to member",
      "combat.kick: @host added: only the session's host may call it",
      'combat.kick: @role("admin") added',
    ],
  },
  {
    name: "a changed session settings type, through the built-in session service",
    old: "struct Settings { map: string; }\nsession Match { settings: Settings; }",
    new: "struct Settings { map: string; rounds: u8; }\nsession Match { settings: Settings; }",
    breaking: ["type Settings field rounds: new required field"],
  },
  {
    name: "a change inside a recursive type",
    old: `struct Tree { label: string; children: list<Tree>; }\n${svc("rpc plant(tree: Tree);")}`,
    new: `struct Tree { label: u32; children: list<Tree>; }\n${svc("rpc plant(tree: Tree);")}`,
    breaking: ["type Tree field label: type changed from string to u32"],
  },
  {
    name: "a list element type change",
    old: svc("rpc tag(names: list<string>);"),
    new: svc("rpc tag(names: list<u32>);"),
    breaking: ["combat.tag param names element: type changed from string to u32"],
  },
  {
    name: "a type used in both directions, with a new enum member",
    old: `enum Weapon { sword }\n${svc("rpc swap(weapon: Weapon): Weapon;")}`,
    new: `enum Weapon { sword, bow }\n${svc("rpc swap(weapon: Weapon): Weapon;")}`,
    breaking: ["type Weapon: new enum member bow"],
  },
];

const compatibleCases: Case[] = [
  {
    name: "a new optional param",
    old: svc("rpc attack(targetId: string);"),
    new: svc("rpc attack(targetId: string, weapon?: string);"),
    breaking: [],
    compatible: ["combat.attack param weapon: new optional param"],
  },
  {
    name: "a new optional field in a struct clients send",
    old: `${vec}\n${svc("send move(pos: Vec2);")}`,
    new: `struct Vec2 { x: f32; y: f32; z?: f32; }\n${svc("send move(pos: Vec2);")}`,
    breaking: [],
    compatible: ["type Vec2 field z: new optional field"],
  },
  {
    name: "new methods, events, types and errors",
    old: svc("rpc heal();"),
    new: `struct Extra { n: u8; }\nerror BUSY;\n${svc("rpc heal();\nrpc extra(): Extra throws BUSY;\nevent ping to all { n: u8; }")}`,
    breaking: [],
    compatible: ["combat.extra: new rpc", "combat.ping: new event", "error BUSY: new error"],
  },
  {
    name: "a widened @range on a param",
    old: svc("rpc buy(@range(1, 10) count: u8);"),
    new: svc("rpc buy(@range(0, 100) count: u8);"),
    breaking: [],
  },
  {
    name: "a widened @length and a removed @pattern on a param",
    old: svc('rpc attack(@length(1, 16) @pattern("^[a-z]+$") targetId: string);'),
    new: svc("rpc attack(@length(1, 32) targetId: string);"),
    breaking: [],
  },
  {
    name: "a param type widened to hold more values",
    old: svc("rpc buy(count: u8);"),
    new: svc("rpc buy(count: u32);"),
    breaking: [],
    compatible: ["combat.buy param count: type changed from u8 to u32"],
  },
  {
    name: "a new enum member in data clients send",
    old: `enum Weapon { sword }\n${svc("rpc attack(weapon: Weapon);")}`,
    new: `enum Weapon { sword, bow }\n${svc("rpc attack(weapon: Weapon);")}`,
    breaking: [],
    compatible: ["type Weapon: new enum member bow"],
  },
  {
    name: "an enum member removed from data the server sends",
    old: `enum Weapon { sword, bow }\n${svc("rpc current(): Weapon;")}`,
    new: `enum Weapon { sword }\n${svc("rpc current(): Weapon;")}`,
    breaking: [],
  },
  {
    name: "a new field in a result",
    old: `struct Info { name: string; }\n${svc("rpc info(): Info;")}`,
    new: `struct Info { name: string; players: u32; }\n${svc("rpc info(): Info;")}`,
    breaking: [],
    compatible: ["type Info field players: new required field"],
  },
  {
    name: "a narrowed @range in an event",
    old: svc("event hit to session { @range(0, 1000) damage: u16; }"),
    new: svc("event hit to session { @range(0, 100) damage: u16; }"),
    breaking: [],
  },
  {
    name: "a renamed type with the same shape",
    old: `${vec}\n${svc("send move(pos: Vec2);")}`,
    new: `struct Point { x: f32; y: f32; }\n${svc("send move(pos: Point);")}`,
    breaking: [],
  },
  {
    name: "doc comments, deprecations, attributes that are policy, and declaration order",
    old: `${vec}\nenum Weapon { sword }\n${svc("rpc attack(weapon: Weapon);\nsend move(pos: Vec2);")}`,
    new: `/// A weapon.\nenum Weapon { sword }\n/// A point.\n@deprecated("use Point") struct Vec2 { x: f32; y: f32; }\n${svc(
      "@rate(10/s) send move(pos: Vec2);\n/// Attack.\nrpc attack(weapon: Weapon);",
    )}`,
    breaking: [],
  },
  {
    name: "an rpc that now returns a result",
    old: svc("rpc heal();"),
    new: svc("rpc heal(): u32;"),
    breaking: [],
    compatible: ["combat.heal result: now returns a result (old clients ignore it)"],
  },
  {
    name: "@public added and @host removed",
    old: svc("@host rpc kick(playerId: string);"),
    new: svc("@public rpc kick(playerId: string);"),
    breaking: [],
    compatible: ["combat.kick: @public added"],
  },
  {
    name: "an error removed and one added to throws",
    old: `error STUNNED;\nerror OLD;\n${svc("rpc attack() throws OLD;")}`,
    new: `error STUNNED;\n${svc("rpc attack() throws STUNNED;")}`,
    breaking: [],
    compatible: ["error OLD: error removed", "combat.attack: may now throw STUNNED"],
  },
];

describe("diffModels", () => {
  it.each(breakingCases)("reports $name as breaking", (testCase) => {
    const { breaking } = diff(testCase.old, testCase.new);
    expect(breaking).toEqual(testCase.breaking);
  });

  it.each(compatibleCases)("reports $name as compatible", (testCase) => {
    const { breaking, compatible } = diff(testCase.old, testCase.new);
    expect(breaking).toEqual([]);
    expect(compatible).toEqual(expect.arrayContaining([...(testCase.compatible ?? [])]));
  });

  it("finds nothing between a schema and itself", () => {
    const body = `${vec}\nenum Weapon { sword }\n${svc("rpc attack(weapon: Weapon, pos: Vec2): Vec2;\nevent hit to all { at: Vec2; }")}`;
    expect(diffModels(model(body), model(body))).toEqual([]);
  });

  it("reports a changed package as breaking", () => {
    const changes = diffModels(model("service a { rpc f(); }"), {
      ...model("service a { rpc f(); }"),
      package: "other",
    });
    expect(changes.filter((c) => c.breaking).map(formatChange)).toEqual([
      "package: changed from arena to other",
    ]);
  });

  it.each([
    [
      "a new optional field",
      "name: string;",
      "name: string; extra?: u8;",
      "compatible: type Loadout field extra: new optional field",
    ],
    [
      "a new required field",
      "name: string;",
      "name: string; extra: u8;",
      "breaking: type Loadout field extra: new required field",
    ],
    [
      "a removed optional field",
      "name: string; spare?: u8;",
      "name: string;",
      "compatible: type Loadout field spare: optional field removed",
    ],
    [
      "a removed required field",
      "name: string; slots: u8;",
      "name: string;",
      "breaking: type Loadout field slots: required field removed",
    ],
    [
      "a changed @pattern",
      '@pattern("^[a-z]+$") name: string;',
      '@pattern("^[a-z0-9]+$") name: string;',
      "breaking: type Loadout field name: @pattern changed",
    ],
    [
      "a changed @format",
      '@format("email") name: string;',
      '@format("uri") name: string;',
      'breaking: type Loadout field name: @format changed from "email" to "uri"',
    ],
  ])(
    "reports %s in a type used both ways once, in the words that name it",
    (_, oldFields, newFields, expected) => {
      const uses = svc(
        "rpc swap(loadout: Loadout): Loadout;\nevent swapped to session { loadout: Loadout; }",
      );
      const changes = diffModels(
        model(`struct Loadout { ${oldFields} }\n${uses}`),
        model(`struct Loadout { ${newFields} }\n${uses}`),
      );
      const lines = changes.map((c) => `${c.breaking ? "breaking" : "compatible"}: ${formatChange(c)}`);
      expect(lines).toEqual([expected]);
    },
  );

  it("reports each breaking change once, however many methods use the type", () => {
    const uses = svc("send a(p: Vec2);\nsend b(p: Vec2);\nrpc c(p: list<Vec2>);");
    const { breaking } = diff(`${vec}\n${uses}`, `struct Vec2 { x: f32; y: string; }\n${uses}`);
    expect(breaking).toEqual(["type Vec2 field y: type changed from f32 to string"]);
  });
});
