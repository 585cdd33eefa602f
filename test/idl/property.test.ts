/**
 * Random damage to valid schemas: whatever an editor leaves half-typed, the compiler answers with
 * a model or with diagnostics that point into the file, and never throws or loops.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, compileSource, renderDiagnostics, type CompileResult } from "../../idl/index.js";

const arena = `
package arena;
version 3;

/// A player's public id.
@length(1, 32) @pattern("^[a-z0-9_]+$")
type PlayerId = string;

enum Weapon { sword, bow, staff, }
struct Vec2 { @range(-1000, 1000) x: f32; @range(-1000, 1000) y: f32; }
struct AttackResult { hit: bool; damage: u16; newHealth: i32; crit?: bool; }
struct HealthPack { amount: u8; }
struct Ammo { weapon: Weapon; @range(1, 99) rounds: u8; }
union Pickup { health: HealthPack; ammo: Ammo; }
struct Inventory { gold: u32; items: list<string>; bag: map<string, list<Pickup>>; }
struct MatchSettings { mapName: string; @range(1, 30) minutes: u8; friendlyFire?: bool; }

/// The caller is stunned.
@retryable error STUNNED { stunRemainingMs: u32; }
error INVALID_TARGET;

@maxPlayers(8) @joinInProgress
session Match { settings: MatchSettings; }

service combat {
  @session(running) @rate(10/s)
  rpc attack(targetId: PlayerId, weapon: Weapon): AttackResult throws STUNNED, INVALID_TARGET;
  @session(running) @rate(30/s, burst: 60) send move(pos: Vec2);
  @host rpc kickPlayer(player: PlayerId);
  @timeout(2000) @queue("shop", concurrency: 4, depth: 1000) rpc buy(itemId: string): Inventory;
  @unreliable event positions to area { players: map<string, Vec2>; }
  event chat to topic { from: PlayerId; @length(1, 200) text: string; }
  /* a block comment */ event announcement to all { text: string; value: i64; ratio: f64; id: bytes; }
}
`;

const small = `package tiny.game;
struct Point { @range(0x0, 0xFF) x: u8; @range(-1.5, 2.5e3) y: f64; }
@deprecated("use v2") @format("uuid") type Id = string;
service lobby { @role("admin") rpc list(page?: u32): list<Point>; event joined to players { who: Id; } }
`;

/** Identifiers, numbers, strings, comments, whitespace runs and single characters. */
function tokenize(text: string): string[] {
  return (
    text.match(/\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|[A-Za-z_]\w*|\d[\w.]*|[\s\S]/g) ?? []
  );
}

type Edit =
  | { kind: "delete"; from: number; length: number }
  | { kind: "duplicate"; from: number; length: number; at: number }
  | { kind: "swap"; a: number; b: number }
  | { kind: "insert"; at: number; bytes: Uint8Array };

const editArbitrary: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant("delete" as const),
    from: fc.nat(),
    length: fc.integer({ min: 1, max: 12 }),
  }),
  fc.record({
    kind: fc.constant("duplicate" as const),
    from: fc.nat(),
    length: fc.integer({ min: 1, max: 12 }),
    at: fc.nat(),
  }),
  fc.record({ kind: fc.constant("swap" as const), a: fc.nat(), b: fc.nat() }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
);

/** Applies edits to the token list; inserted bytes go in as raw bytes, so they may be invalid UTF-8. */
function applyEdits(text: string, edits: readonly Edit[]): Uint8Array {
  const encoder = new TextEncoder();
  const tokens: (string | Uint8Array)[] = tokenize(text);
  for (const edit of edits) {
    const at = (n: number) => n % (tokens.length + 1);
    switch (edit.kind) {
      case "delete":
        tokens.splice(at(edit.from), edit.length);
        break;
      case "duplicate": {
        const from = at(edit.from);
        tokens.splice(at(edit.at), 0, ...tokens.slice(from, from + edit.length));
        break;
      }
      case "swap": {
        if (tokens.length === 0) break;
        const a = edit.a % tokens.length;
        const b = edit.b % tokens.length;
        const tokenA = tokens[a];
        const tokenB = tokens[b];
        if (tokenA === undefined || tokenB === undefined) break;
        tokens[a] = tokenB;
        tokens[b] = tokenA;
        break;
      }
      case "insert":
        tokens.splice(at(edit.at), 0, edit.bytes);
        break;
    }
  }
  const chunks = tokens.map((t) => (typeof t === "string" ? encoder.encode(t) : t));
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

function compileBytes(bytes: Uint8Array): CompileResult {
  return compile("edited.gidl", {
    readFile: (filePath) => {
      if (filePath !== "edited.gidl") throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
      return bytes;
    },
  });
}

/** What must hold for every input: a model or errors, and diagnostics that point into their file. */
function expectWellFormed(result: CompileResult): void {
  const hasError = result.diagnostics.some((d) => d.severity === "error");
  expect(result.model !== undefined || hasError).toBe(true);
  for (const d of result.diagnostics) {
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.col).toBeGreaterThanOrEqual(1);
    expect(d.end).toBeGreaterThanOrEqual(d.pos);
    const source = result.sources.get(d.file);
    expect(source).toBeDefined();
    if (source !== undefined) expect(d.end).toBeLessThanOrEqual(source.text.length);
  }
  renderDiagnostics(result.diagnostics, result.sources);
}

describe("the compiler on randomly edited schemas", () => {
  it("compiles the unedited schemas without errors", () => {
    for (const source of [arena, small]) {
      const result = compileSource(source, "valid.gidl");
      expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(result.model).toBeDefined();
    }
  });

  it("answers every edit with a model or positioned diagnostics, never an exception", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(arena, small),
        fc.array(editArbitrary, { minLength: 1, maxLength: 4 }),
        (source, edits) => {
          expectWellFormed(compileBytes(applyEdits(source, edits)));
        },
      ),
      { numRuns: 300, seed: 20_251_125 },
    );
  });

  it("answers every random prefix of a schema (text cut off mid-typing)", () => {
    fc.assert(
      fc.property(fc.constantFrom(arena, small), fc.nat(), (source, cut) => {
        expectWellFormed(compileSource(source.slice(0, cut % (source.length + 1)), "edited.gidl"));
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
