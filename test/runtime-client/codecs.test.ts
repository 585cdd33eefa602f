import { describe, expect, it } from "vitest";
import { CodecError, type Codec, type PreparedEvent } from "../../protocol/codec.js";
import { codecForSubprotocol } from "../../protocol/codecs.js";
import { jsonCodec } from "../../protocol/json-codec.js";
import { msgpackCodec } from "../../protocol/msgpack-codec.js";
import { scanMessagePack } from "../../protocol/msgpack-scan.js";

const hex = (text: string): Uint8Array =>
  Uint8Array.from(text.match(/../g) ?? [], (byte) => parseInt(byte, 16));

describe("the JSON codec", () => {
  it("round-trips a message through a text frame", () => {
    const frame = jsonCodec.encode({
      type: "rpc",
      id: 1,
      method: "combat.attack",
      params: { targetId: "p2" },
    });
    expect(typeof frame).toBe("string");
    expect(jsonCodec.decode(frame)).toEqual({
      type: "rpc",
      id: 1,
      method: "combat.attack",
      params: { targetId: "p2" },
    });
  });

  it("refuses binary frames and text that is not JSON", () => {
    expect(() => jsonCodec.decode(new Uint8Array([0x7b, 0x7d]))).toThrow(CodecError);
    expect(() => jsonCodec.decode("{nope")).toThrow("the frame is not valid JSON");
  });

  it("joins encoded frames into a batch without re-encoding them", () => {
    const batch = jsonCodec.batch([
      jsonCodec.encode({ type: "ping", t: 1 }),
      jsonCodec.encode({ type: "pong", t: 2 }),
    ]);
    expect(JSON.parse(batch as string)).toEqual([
      { type: "ping", t: 1 },
      { type: "pong", t: 2 },
    ]);
  });

  it("splices only the seq into a prepared event envelope", () => {
    const prepared = jsonCodec.prepareEvent("combat.damaged", { playerId: "p2", damage: 25 }, 1764062400123);
    const first = jsonCodec.eventFrame(prepared, 1) as string;
    const second = jsonCodec.eventFrame(prepared, 2) as string;
    expect(JSON.parse(first)).toEqual({
      type: "event",
      event: "combat.damaged",
      ts: 1764062400123,
      data: { playerId: "p2", damage: 25 },
      seq: 1,
    });
    expect(first.replace(',"seq":1}', "")).toBe(second.replace(',"seq":2}', ""));
  });

  it("sends an unreliable event as the same string to every recipient", () => {
    const prepared = jsonCodec.prepareEvent("world.tick", { n: 1 }, 5);
    expect(jsonCodec.eventFrame(prepared, undefined)).toBe(jsonCodec.eventFrame(prepared, undefined));
    expect(JSON.parse(jsonCodec.eventFrame(prepared, undefined) as string)).toEqual({
      type: "event",
      event: "world.tick",
      ts: 5,
      data: { n: 1 },
    });
  });
});

describe("the MessagePack codec", () => {
  it("round-trips a message through a binary frame", () => {
    const message = { type: "response", id: 7, result: { hit: true, damage: 2.5, tags: ["a"], none: null } };
    const frame = msgpackCodec.encode(message);
    expect(frame).toBeInstanceOf(Uint8Array);
    expect(msgpackCodec.decode(frame)).toEqual(message);
  });

  it("keeps earlier frames intact while encoding many more", () => {
    const frames = Array.from({ length: 2000 }, (_, t) => msgpackCodec.encode({ type: "ping", t }));
    frames.forEach((frame, t) => {
      expect(msgpackCodec.decode(frame)).toEqual({ type: "ping", t });
    });
  });

  it("decodes integers up to 2^53 as numbers and larger ones as bigints", () => {
    expect(msgpackCodec.decode(hex("cf0000000000000005"))).toBe(5);
    expect(msgpackCodec.decode(hex("d3fffffffffffffffb"))).toBe(-5);
    expect(msgpackCodec.decode(hex("cf7fffffffffffffff"))).toBe(9223372036854775807n);
    expect(msgpackCodec.decode(msgpackCodec.encode(2n ** 63n + 1n))).toBe(2n ** 63n + 1n);
  });

  it("packs bigints as integers and bytes as bin", () => {
    expect(Array.from(msgpackCodec.encode(5n) as Uint8Array)).toEqual(Array.from(hex("d30000000000000005")));
    expect(Array.from(msgpackCodec.encode(new Uint8Array([1, 2])) as Uint8Array)).toEqual(
      Array.from(hex("c4020102")),
    );
  });

  it("drops undefined fields and packs undefined elements as nil, as JSON would", () => {
    expect(msgpackCodec.decode(msgpackCodec.encode({ a: undefined, b: [undefined, 1] }))).toEqual({
      b: [null, 1],
    });
  });

  it("refuses extension types, even those msgpackr knows", () => {
    // fixext 4 type -1: a timestamp, which msgpackr would otherwise turn into a Date.
    expect(() => msgpackCodec.decode(hex("d6ff00000001"))).toThrow("MessagePack extension types are refused");
    expect(() => msgpackCodec.decode(hex("81a178c70105ff"))).toThrow(CodecError);
    // fixext 1 type 0: msgpackr's `undefined`.
    expect(() => msgpackCodec.decode(hex("91d40000"))).toThrow(CodecError);
  });

  it("refuses text frames, truncated data, trailing bytes and non-string map keys", () => {
    expect(() => msgpackCodec.decode("{}")).toThrow("MessagePack travels in binary frames");
    expect(() => msgpackCodec.decode(hex("92c0"))).toThrow("truncated");
    expect(() => msgpackCodec.decode(hex("dd7fffffff"))).toThrow("truncated");
    expect(() => msgpackCodec.decode(hex("c0c0"))).toThrow("bytes after its message");
    expect(() => msgpackCodec.decode(hex("810102"))).toThrow("map keys must be strings");
    expect(() => msgpackCodec.decode(hex("c1"))).toThrow(CodecError);
    expect(() => msgpackCodec.decode(new Uint8Array())).toThrow("truncated");
  });

  it("keeps a __proto__ map key as an own property, as JSON.parse does, in every str encoding", () => {
    // {"__proto__": 1, "a": [{"__proto__": {"x": 1}}], "__proto_": 2} — msgpackr alone renames __proto__.
    const key = "a95f5f70726f746f5f5f";
    const decoded = msgpackCodec.decode(hex(`83${key}01a1619181${key}81a17801a85f5f70726f746f5f02`));
    const json = JSON.parse('{"__proto__":1,"a":[{"__proto__":{"x":1}}],"__proto_":2}') as unknown;
    expect(decoded).toEqual(json);
    const record = decoded as Record<string, unknown>;
    expect(Object.keys(record)).toEqual(["__proto__", "a", "__proto_"]);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    const inner = (record.a as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect(Object.hasOwn(inner, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(inner)).toBe(Object.prototype);
    for (const header of ["d909", "da0009", "db00000009"]) {
      const other = msgpackCodec.decode(hex(`81${header}5f5f70726f746f5f5f01`)) as Record<string, unknown>;
      expect(Object.keys(other)).toEqual(["__proto__"]);
    }
    expect(scanMessagePack(hex("81a8" + "5f5f70726f746f5f01")).protoKey).toBe(false);
    // As a value, not a key, the string changes nothing.
    expect(scanMessagePack(hex(`81a161${key}`)).protoKey).toBe(false);
  });

  it("scans deeply nested frames without exhausting the stack", () => {
    const deep = new Uint8Array(200_001).fill(0x91);
    deep[200_000] = 0xc0;
    expect(() => {
      scanMessagePack(deep);
    }).not.toThrow();
  });

  it("splices only the seq into a prepared event envelope", () => {
    const prepared = msgpackCodec.prepareEvent(
      "combat.damaged",
      { playerId: "p2", damage: 25 },
      1764062400123,
    );
    for (const seq of [1, 200, 70_000, 2 ** 33]) {
      expect(msgpackCodec.decode(msgpackCodec.eventFrame(prepared, seq))).toEqual({
        type: "event",
        event: "combat.damaged",
        ts: 1764062400123,
        data: { playerId: "p2", damage: 25 },
        seq,
      });
    }
    expect(msgpackCodec.decode(msgpackCodec.eventFrame(prepared, undefined))).toEqual({
      type: "event",
      event: "combat.damaged",
      ts: 1764062400123,
      data: { playerId: "p2", damage: 25 },
    });
  });

  it("joins encoded frames into a batch without re-encoding them", () => {
    const frames = Array.from({ length: 20 }, (_, t) => msgpackCodec.encode({ type: "ping", t }));
    expect(msgpackCodec.decode(msgpackCodec.batch(frames))).toEqual(
      Array.from({ length: 20 }, (_, t) => ({ type: "ping", t })),
    );
  });
});

describe("event frames as bytes", () => {
  const seqs = [0, 1, 9, 10, 99, 100, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1];

  /** The frame written where a server writes it: after 3 bytes of something else, with 2 spare at the end. */
  function written(codec: Codec, prepared: PreparedEvent, seq: number): Uint8Array {
    const length = codec.eventFrameLength(prepared, seq);
    const target = new Uint8Array(3 + length + 2).fill(0xee);
    codec.writeEventFrame(prepared, seq, target, 3);
    expect([...target.subarray(0, 3), ...target.subarray(3 + length)]).toEqual([
      0xee, 0xee, 0xee, 0xee, 0xee,
    ]);
    return target.subarray(3, 3 + length);
  }

  it("are the UTF-8 of the JSON text frame, whatever the data's characters and the seq's size", () => {
    const prepared = jsonCodec.prepareEvent("chat.said", { text: "héllo ☃ 𝄞 \u0000" }, 1.5);
    for (const seq of seqs) {
      const bytes = written(jsonCodec, prepared, seq);
      expect(new TextDecoder().decode(bytes)).toBe(jsonCodec.eventFrame(prepared, seq));
      expect((JSON.parse(new TextDecoder().decode(bytes)) as { seq: number }).seq).toBe(seq);
    }
  });

  it("are the MessagePack frame, whatever the seq's size", () => {
    const prepared = msgpackCodec.prepareEvent("chat.said", { text: "héllo", n: 2n ** 60n }, 1.5);
    for (const seq of [undefined, ...seqs]) {
      const bytes = seq === undefined ? prepared.unsequencedBytes : written(msgpackCodec, prepared, seq);
      expect(bytes).toEqual(msgpackCodec.eventFrame(prepared, seq));
      expect(msgpackCodec.decode(bytes)).toEqual({
        type: "event",
        event: "chat.said",
        ts: 1.5,
        data: { text: "héllo", n: 2n ** 60n },
        ...(seq === undefined ? {} : { seq }),
      });
    }
  });
});

describe("codecForSubprotocol", () => {
  it("finds the codec a negotiated subprotocol names, and nothing for others", () => {
    expect(codecForSubprotocol("gidl.v1.json")).toBe(jsonCodec);
    expect(codecForSubprotocol("gidl.v1.msgpack")).toBe(msgpackCodec);
    expect(codecForSubprotocol("gidl.v2.json")).toBeUndefined();
  });
});
