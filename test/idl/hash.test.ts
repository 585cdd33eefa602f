import { describe, expect, it } from "vitest";
import { canonicalForm } from "../../idl/hash.js";
import { modelOf } from "./checker-helpers.js";

const base = `package game;
version 2;

struct Vec2 { @range(-10, 10) x: f32; y: f32; }
enum Weapon { sword, bow }
error STUNNED { ms: u32; }
error NOPE;

service combat {
  @session(running) @rate(10/s)
  rpc attack(target: string, weapon: Weapon): Vec2 throws STUNNED, NOPE;
  send move(pos: Vec2);
  event damaged to session { amount: u16; }
}
`;

function hashOf(source: string | Record<string, string>): string {
  return modelOf(source).hash;
}

describe("the schema hash", () => {
  const baseHash = hashOf(base);

  it("is the same for the same schema, compiled twice", () => {
    expect(hashOf(base)).toBe(baseHash);
  });

  it("ignores the order of top-level declarations and of service members, and the order of throws", () => {
    const reordered = `package game;
version 2;
service combat {
  event damaged to session { amount: u16; }
  send move(pos: Vec2);
  @session(running) @rate(10/s)
  rpc attack(target: string, weapon: Weapon): Vec2 throws NOPE, STUNNED;
}
error NOPE;
error STUNNED { ms: u32; }
enum Weapon { sword, bow }
struct Vec2 { @range(-10, 10) x: f32; y: f32; }
`;
    expect(hashOf(reordered)).toBe(baseHash);
  });

  it("ignores comments, doc comments, layout and @deprecated", () => {
    const redocumented = base
      .replace("struct Vec2", '/// A point.\n// a comment\n@deprecated("old")\nstruct   Vec2')
      .replace("send move", "/* moving */ /// Moves.\n  send\n  move");
    expect(redocumented).not.toBe(base);
    expect(hashOf(redocumented)).toBe(baseHash);
  });

  it("ignores server policy attributes", () => {
    const policy = base
      .replace(
        "@session(running) @rate(10/s)",
        '@host @role("gm") @rate(1/m, burst: 3) @timeout(50) @queue("q", concurrency: 1, depth: 0)',
      )
      .replace("send move", "@public send move");
    expect(hashOf(policy)).toBe(baseHash);
    expect(hashOf(`${base}@maxPlayers(4) @joinInProgress\nsession M { settings: Vec2; }\n`)).toBe(
      hashOf(`${base}session M { settings: Vec2; }\n`),
    );
  });

  it("ignores how declarations are split across files", () => {
    const split = {
      "main.gidl": base.replace("enum Weapon { sword, bow }", 'import "weapons.gidl";'),
      "weapons.gidl": "enum Weapon { sword, bow }\n",
    };
    expect(hashOf(split)).toBe(baseHash);
  });

  it.each([
    ["a changed field type", base.replace("y: f32;", "y: f64;")],
    ["an added field", base.replace("y: f32;", "y: f32; z?: f32;")],
    ["reordered fields", base.replace("@range(-10, 10) x: f32; y: f32;", "y: f32; @range(-10, 10) x: f32;")],
    ["reordered enum members", base.replace("sword, bow", "bow, sword")],
    ["a changed constraint", base.replace("@range(-10, 10)", "@range(-10, 11)")],
    ["a field made optional", base.replace("y: f32;", "y?: f32;")],
    ["changed recipients", base.replace("to session", "to all")],
    ["@unreliable", base.replace("event damaged", "@unreliable event damaged")],
    ["@retryable", base.replace("error NOPE;", "@retryable error NOPE;")],
    ["a changed throws list", base.replace("throws STUNNED, NOPE", "throws STUNNED")],
    [
      "an rpc turned into a send",
      base.replace(
        "rpc attack(target: string, weapon: Weapon): Vec2 throws STUNNED, NOPE",
        "send attack(target: string, weapon: Weapon)",
      ),
    ],
    ["a changed version", base.replace("version 2;", "version 3;")],
    ["a changed package", base.replace("package game;", "package games;")],
    ["a session settings type", `${base}session M { settings: Vec2; }\n`],
    ["a renamed error detail", base.replace("ms: u32", "millis: u32")],
  ])("changes with %s", (_, changed) => {
    expect(hashOf(changed)).not.toBe(baseHash);
  });

  it("has a versioned canonical form of compact JSON with sorted keys", () => {
    const form = canonicalForm(modelOf("package p;\nstruct B { x: u8; }\nstruct A { y: bool; }\n"));
    const [header, json = ""] = form.split("\n");
    expect(header).toBe("gidl-schema-hash/1");
    const parsed = JSON.parse(json) as { types: { name: string }[] };
    expect(parsed.types.slice(0, 2).map((t) => t.name)).toEqual(["A", "B"]);
    expect(json).toContain(
      '{"constraints":{},"name":"y","optional":false,"type":{"kind":"primitive","name":"bool"}}',
    );
    expect(json).not.toContain(" ");
  });
});
