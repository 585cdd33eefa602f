import { describe, expect, it } from "vitest";
import { decodeBase64, encodeBase64 } from "../../protocol/base64.js";
import type { WireShape } from "../../protocol/definition.js";
import { msgpackCodec } from "../../protocol/msgpack-codec.js";
import { fromWire, toWire } from "../../protocol/wire-convert.js";

const shapes: Record<string, WireShape> = {
  Tree: {
    kind: "object",
    fields: { id: { kind: "i64" }, children: { kind: "list", element: { kind: "ref", name: "Tree" } } },
  },
  Pickup: { kind: "union", variants: { blob: { kind: "object", fields: { data: { kind: "bytes" } } } } },
};
const player: WireShape = {
  kind: "object",
  fields: {
    steamId: { kind: "i64" },
    avatar: { kind: "bytes" },
    scores: { kind: "map", value: { kind: "i64" } },
    tree: { kind: "ref", name: "Tree" },
    pickups: { kind: "list", element: { kind: "ref", name: "Pickup" } },
  },
};

const typed = {
  name: "ann",
  steamId: 76561198000000000n,
  avatar: new Uint8Array([0, 255, 7]),
  scores: { a: -3n, b: 0n },
  tree: { id: 1n, children: [{ id: 2n, children: [] }] },
  pickups: [
    { kind: "blob", data: new Uint8Array([1]) },
    { kind: "health", amount: 5 },
  ],
};
const json = {
  name: "ann",
  steamId: "76561198000000000",
  avatar: "AP8H",
  scores: { a: "-3", b: "0" },
  tree: { id: "1", children: [{ id: "2", children: [] }] },
  pickups: [
    { kind: "blob", data: "AQ==" },
    { kind: "health", amount: 5 },
  ],
};

describe("wire conversion for JSON", () => {
  it("turns the TypeScript form into decimal strings and base64, leaving the input untouched", () => {
    const before = structuredClone(typed);
    expect(toWire(typed, player, shapes, "json")).toEqual(json);
    expect(typed).toEqual(before);
  });

  it("turns decimal strings and base64 back into bigint and Uint8Array", () => {
    expect(fromWire(structuredClone(json), player, shapes, "json")).toEqual(typed);
  });

  it("leaves values of the wrong wire form for the validator to report", () => {
    const shape: WireShape = {
      kind: "object",
      fields: { a: { kind: "i64" }, b: { kind: "i64" }, c: { kind: "bytes" }, d: { kind: "i64" } },
    };
    expect(fromWire({ a: "0x10", b: " 12", c: "AP8H\n", d: 12 }, shape, {}, "json")).toEqual({
      a: "0x10",
      b: " 12",
      c: "AP8H\n",
      d: 12,
    });
  });

  it("returns the very same value when the shape is null", () => {
    const value = { big: "1" };
    expect(fromWire(value, null, {}, "json")).toBe(value);
    expect(toWire(value, null, {}, "json")).toBe(value);
  });

  it("keeps a map key named __proto__ an own property", () => {
    const shape: WireShape = { kind: "map", value: { kind: "i64" } };
    const wire = toWire(JSON.parse('{"__proto__": 1}'), shape, {}, "json") as Record<string, unknown>;
    expect(Object.getPrototypeOf(wire)).toBe(Object.prototype);
    expect(JSON.stringify(wire)).toBe('{"__proto__":1}');
  });
});

describe("wire conversion for MessagePack", () => {
  it("turns integers of any width into bigint where the shape says i64, and only there", () => {
    const shape: WireShape = { kind: "object", fields: { a: { kind: "i64" }, b: { kind: "i64" } } };
    const decoded = msgpackCodec.decode(msgpackCodec.encode({ a: 5n, b: 2n ** 63n - 1n, n: 5n }));
    expect(fromWire(decoded, shape, {}, "msgpack")).toEqual({ a: 5n, b: 2n ** 63n - 1n, n: 5 });
  });

  it("gives bin back as a plain Uint8Array", () => {
    const shape: WireShape = { kind: "object", fields: { data: { kind: "bytes" } } };
    const decoded = fromWire(
      msgpackCodec.decode(msgpackCodec.encode({ data: new Uint8Array([9, 8]) })),
      shape,
      {},
      "msgpack",
    );
    expect((decoded as { data: Uint8Array }).data.constructor).toBe(Uint8Array);
    expect(decoded).toEqual({ data: new Uint8Array([9, 8]) });
  });

  it("sends the TypeScript form as it is", () => {
    expect(toWire(typed, player, shapes, "msgpack")).toBe(typed);
  });
});

describe("base64", () => {
  it("matches the standard encoding for every length remainder", () => {
    for (const text of ["", "f", "fo", "foo", "foob", "fooba", "foobar"]) {
      const bytes = new TextEncoder().encode(text);
      const expected = Buffer.from(bytes).toString("base64");
      expect(encodeBase64(bytes)).toBe(expected);
      expect(decodeBase64(expected)).toEqual(bytes);
      expect(decodeBase64(expected.replace(/=+$/, ""))).toEqual(bytes);
    }
  });

  it("refuses non-canonical or foreign alphabets", () => {
    for (const text of ["A", "Zm9v\n", "Zm-v", "Zh==", "Zm9=v", "=", "Zm9vY==="]) {
      expect(decodeBase64(text)).toBeUndefined();
    }
  });
});
