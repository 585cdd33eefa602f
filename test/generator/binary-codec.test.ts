/**
 * The generated binary.ts at run time (docs/protocol.md "The binary codec"): values of every type
 * go through and come back equal, the bytes are the spec's, and bad bytes or values fail as the
 * spec says, with the problems the JSON path gives for the same bad value.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ValueCodec } from "../../protocol/index.js";
import {
  fromHex,
  generateEvery,
  hex,
  loadGenerated,
  removeGenerated,
  type Generated,
} from "./binary-fixture.js";

let g: Generated;

beforeAll(async () => {
  g = await loadGenerated(generateEvery(), "binary-codec");
});

afterAll(() => {
  removeGenerated("binary-codec");
});

function method(name: string): { params: ValueCodec; result: ValueCodec | null } {
  const found = g.binary.methods.find((entry) => entry.name === name);
  if (found === undefined) throw new Error(`no method ${name}`);
  return found;
}

function encode(codec: ValueCodec, value: unknown): Uint8Array {
  const writer = new g.BinaryWriter();
  (codec.encode as (writer: unknown, value: unknown) => void)(writer, value);
  return writer.finish();
}

/** Decodes all of `bytes`, as the codec does with a message's value. */
function decode(codec: ValueCodec, bytes: Uint8Array): unknown {
  const reader = new g.BinaryReader(bytes);
  const value = codec.decode(reader);
  expect(reader.left, "bytes left after the value").toBe(0);
  expect(reader.depth, "nesting after the value").toBe(0);
  return value;
}

const everything = () => ({
  flag: true,
  small: -128,
  medium: 32767,
  large: -2147483648,
  huge: -(2n ** 63n),
  byte: 255,
  word: 65535,
  count: 4294967295,
  total: 2n ** 64n - 1n,
  single: Math.fround(0.1),
  double: 0.1,
  text: "héllo ✓ 🎲",
  blob: new Uint8Array([0, 1, 254, 255]),
  color: "blue",
  point: { x: Math.fround(-1.5), y: 1e300 },
  loot: { kind: "gem", carats: 300, color: "green" },
  names: ["a", "", "b".repeat(200)],
  tree: [[], [[[]]]],
  id: "p1",
  grid: [[1, -2], [], [2147483647]],
  scores: { alice: 0n, bob: 18446744073709551615n },
  loots: { chest: [{ kind: "coin", value: 7 }, { kind: "nothing" }], empty: [] },
  maybeLoot: { kind: "gem", carats: 1 },
  node: { label: "root", children: [{ label: "leaf", children: [] }], parent: { label: "up", children: [] } },
});

describe("generated binary codec: round trips", () => {
  it("carries a value of every type and gives it back equal, optional fields absent when absent", () => {
    const { params, result } = method("shop.everything");
    const value = { value: everything() };
    const decoded = decode(params, encode(params, value)) as { value: Record<string, unknown> };
    expect(decoded).toEqual(value);
    expect(Object.hasOwn(decoded.value, "maybe")).toBe(false);
    expect(result && decode(result, encode(result, value.value))).toEqual(value.value);
  });

  it("keeps fields in declaration order whatever the object's order, and rebuilds them in that order", () => {
    const { params } = method("shop.mixed");
    const value = { value: { second: [{ kind: "coin", value: 1 }], first: { kind: "nothing" }, note: "n" } };
    const decoded = decode(params, encode(params, value)) as { value: object };
    expect(decoded).toEqual(value);
    expect(Object.keys(decoded.value)).toEqual(["first", "second", "note"]);
  });

  it("writes a presence bitmap of several bytes for more than 24 optional fields", () => {
    const { params } = method("shop.many");
    const value = { value: { o1: 1, o9: 9, o24: 24, o25: 25, o28: 28, last: true } };
    const bytes = encode(params, value);
    // bits 0, 8, 23, 24 and 27 over 4 bytes, then 1, 9, 24, 25, 28 and true.
    expect(hex(bytes)).toBe("01 01 80 09 01 09 18 19 1c 01");
    expect(decode(params, bytes)).toEqual(value);
  });

  it("carries rpc results of built-in, list, alias and enum types, and nothing for none", () => {
    const name = method("shop.name").result;
    expect(name && hex(encode(name, "hi"))).toBe("02 68 69");
    const ids = method("shop.ids").result;
    expect(ids && decode(ids, encode(ids, ["a", "b"]))).toEqual(["a", "b"]);
    const tree = method("shop.tree").result;
    expect(tree && decode(tree, encode(tree, [[[]], []]))).toEqual([[[]], []]);
    const color = method("shop.color").result;
    expect(color && hex(encode(color, "green"))).toBe("01");
    expect(method("shop.nothing").result).toBeNull();
    expect(method("shop.nothing").params.decode(new g.BinaryReader(new Uint8Array()))).toEqual({});
  });

  it("keeps a __proto__ map key as an own key, and the last of a repeated key", () => {
    const { params } = method("shop.everything");
    const scoresAt = hex(encode(params, { value: { ...everything(), scores: {} } }));
    // The same value with scores {"__proto__": 1, "a": 2, "a": 3}: the empty map (00) before loots
    // (2 entries, "chest" first) becomes 3 entries.
    const entries = "03 09 5f 5f 70 72 6f 74 6f 5f 5f 01 01 61 02 01 61 03";
    const bytes = fromHex(scoresAt.replace(" 00 02 05 63 68 65 73 74", ` ${entries} 02 05 63 68 65 73 74`));
    const decoded = decode(params, bytes) as { value: { scores: Record<string, bigint> } };
    expect(Object.getPrototypeOf(decoded.value.scores)).toBe(Object.prototype);
    expect(Object.hasOwn(decoded.value.scores, "__proto__")).toBe(true);
    expect(Object.entries(decoded.value.scores)).toEqual([
      ["__proto__", 1n],
      ["a", 3n],
    ]);
  });

  it("decodes an f32 as the single-precision number it holds", () => {
    const { params } = method("shop.everything");
    const decoded = decode(params, encode(params, { value: { ...everything(), single: 0.1 } })) as {
      value: { single: number };
    };
    expect(decoded.value.single).toBe(Math.fround(0.1));
  });
});

describe("generated binary codec: the spec's bytes", () => {
  it("writes u32 300 as ac 02 and i32 -1 as 01", () => {
    expect(hex(encode(method("shop.count").params, { n: 300 }))).toBe("ac 02");
    expect(hex(encode(method("shop.poke").params, { n: -1 }))).toBe("01");
    expect(hex(encode(method("shop.poke").params, { n: 1 }))).toBe("02");
  });

  it("writes a union as its variant index then the variant's struct, its presence bitmap first", () => {
    const changed = g.binary.events.find((event) => event.name === "shop.changed")?.payload;
    if (changed === undefined) throw new Error("no shop.changed");
    // bitmap 01 (loot present), at = 1 → 02, loot: variant 1 (gem), bitmap 01, carats 300, color blue 02.
    const bytes = encode(changed, { at: 1n, loot: { kind: "gem", carats: 300, color: "blue" } });
    expect(hex(bytes)).toBe("01 02 01 01 ac 02 02");
    expect(hex(encode(changed, { at: -1n }))).toBe("00 01");
    expect(decode(changed, bytes)).toEqual({ at: 1n, loot: { kind: "gem", carats: 300, color: "blue" } });
  });

  it("starts a struct with 2 optional fields with one presence byte, bit 0 for the first", () => {
    const { params } = method("shop.everything");
    // The params struct has no optional field, so Everything's bitmap is the first byte.
    const withBoth = encode(params, { value: { ...everything(), maybe: "m" } });
    const { maybeLoot: _loot, ...withNeither } = everything();
    expect(hex(withBoth.subarray(0, 2))).toBe("03 01");
    expect(hex(encode(params, { value: everything() }).subarray(0, 2))).toBe("02 01");
    expect(hex(encode(params, { value: withNeither }).subarray(0, 2))).toBe("00 01");
  });

  it("encodes a member without fields as nothing", () => {
    const ping = g.binary.events.find((event) => event.name === "shop.ping")?.payload;
    expect(ping && encode(ping, {}).length).toBe(0);
    expect(g.binary.errors.GONE && encode(g.binary.errors.GONE, {}).length).toBe(0);
    expect(g.binary.errors.FULL && hex(encode(g.binary.errors.FULL, { capacity: 128 }))).toBe("80 01");
  });
});

describe("generated binary codec: bad bytes", () => {
  it("refuses a string longer than the bytes left with a BinaryFrameError", () => {
    expect(() => decode(method("shop.name").result as ValueCodec, fromHex("05 68 69"))).toThrow(
      g.BinaryFrameError,
    );
  });

  it("refuses a presence bit past the struct's optional fields", () => {
    const changed = g.binary.events.find((event) => event.name === "shop.changed")?.payload as ValueCodec;
    expect(() => decode(changed, fromHex("02 02"))).toThrow(/presence bit past/);
  });

  it("refuses values nested deeper than 128", () => {
    const tree = method("shop.tree").result as ValueCodec;
    const deep = (depth: number): unknown => (depth === 0 ? [] : [deep(depth - 1)]);
    expect(decode(tree, encode(tree, deep(127)))).toEqual(deep(127));
    expect(() => decode(tree, encode(tree, deep(128)))).toThrow(/nested deeper than 128/);
  });
});

describe("generated binary codec: unknown enum and union indexes, as the JSON path reports them", () => {
  const validate = (name: string, params: unknown) => {
    const validator = g.validators.params[name];
    if (validator === undefined) throw new Error(`no validator for ${name}`);
    return validator(params) ? [] : g.toProblems(validator.errors);
  };

  it("decodes an enum index past the members to what the validator refuses as an unknown member", () => {
    const { params } = method("shop.everything");
    const good = hex(encode(params, { value: { ...everything(), color: "blue" } }));
    // color is the first 02 after the blob (00 01 fe ff).
    const bytes = fromHex(good.replace("00 01 fe ff 02", "00 01 fe ff 07"));
    const decoded = decode(params, bytes);
    const binaryProblems = validate("shop.everything", decoded);
    const jsonProblems = validate("shop.everything", { value: { ...everything(), color: "purple" } });
    expect(binaryProblems).toEqual([
      { path: "/value/color", message: "must be equal to one of the allowed values" },
    ]);
    expect(binaryProblems).toEqual(jsonProblems);
  });

  it("throws a BinaryValueError at the union's path with the validator's problem for an unknown kind", () => {
    const { params } = method("shop.mixed");
    const value = {
      value: { first: { kind: "coin", value: 1 }, second: [{ kind: "nothing" }, { kind: "coin", value: 2 }] },
    };
    const good = hex(encode(params, value));
    // no note; first: coin (0) of value 1; second: 2 items, nothing (2), coin (0) of value 2.
    expect(good).toBe("00 00 01 02 02 00 02");
    const unknownFirst = fromHex("00 09 01 02 02 00 02");
    const unknownInList = fromHex("00 00 01 02 02 09 02");
    const jsonProblems = (bad: unknown) => validate("shop.mixed", bad);
    for (const [bytes, bad, path] of [
      [unknownFirst, { ...value.value, first: { kind: "ruby" } }, "/value/first"],
      [unknownInList, { ...value.value, second: [{ kind: "nothing" }, { kind: "ruby" }] }, "/value/second/1"],
    ] as const) {
      let thrown: unknown;
      try {
        decode(params, bytes);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(g.BinaryValueError);
      const problem = thrown as InstanceType<Generated["BinaryValueError"]>;
      expect([{ path: problem.path, message: problem.problem }]).toEqual(jsonProblems({ value: bad }));
      expect(problem.path).toBe(path);
    }
  });

  it("places a problem in a map of lists under the key and the index", () => {
    const { params } = method("shop.everything");
    const good = hex(encode(params, { value: { ...everything(), loots: { k: [{ kind: "nothing" }] } } }));
    const bytes = fromHex(good.replace("01 01 6b 01 02", "01 01 6b 01 05"));
    expect(() => decode(params, bytes)).toThrow(
      expect.objectContaining({ path: "/value/loots/k/0", problem: 'value of tag "kind" must be in oneOf' }),
    );
  });
});

describe("generated binary codec: values it cannot write", () => {
  const { params } = { params: () => method("shop.everything").params };

  it("names a missing required field", () => {
    const { node: _node, ...withoutNode } = everything();
    expect(() => encode(params(), { value: withoutNode })).toThrow(
      new g.BinaryEncodeError("Everything: the required field node is missing"),
    );
    expect(() => encode(method("shop.count").params, {})).toThrow(
      /shop\.count params: the required field n is missing/,
    );
  });

  it("refuses an enum name and a union kind the schema does not declare", () => {
    expect(() => encode(params(), { value: { ...everything(), color: "purple" } })).toThrow(
      new g.BinaryEncodeError("Color: purple is not one of its members"),
    );
    expect(() => encode(params(), { value: { ...everything(), loot: { kind: "ruby" } } })).toThrow(
      new g.BinaryEncodeError("Loot: ruby is not one of its variants"),
    );
  });

  it("refuses a value of the wrong kind with a BinaryEncodeError", () => {
    expect(() => encode(params(), { value: { ...everything(), huge: 1 } })).toThrow(g.BinaryEncodeError);
    expect(() => encode(params(), { value: { ...everything(), names: 3 } })).toThrow(g.BinaryEncodeError);
    expect(() => encode(params(), { value: { ...everything(), point: "here" } })).toThrow(
      g.BinaryEncodeError,
    );
    expect(() => encode(params(), undefined)).toThrow(g.BinaryEncodeError);
  });
});
