/**
 * The binary codec's envelope against docs/protocol.md "The binary codec", byte for byte: the
 * expected bytes are written from the spec's tables, not taken from the encoder.
 */
import { describe, expect, it } from "vitest";
import {
  BinaryEncodeError,
  BinaryReader,
  checkClientMessage,
  checkServerMessage,
  createBinaryCodec,
} from "../../protocol/index.js";
import { hex, str, testSchema, toHex } from "./binary-test-schema.js";

const codec = createBinaryCodec(testSchema);

/** Encodes `message`, checks its bytes, and that decoding gives the message back. */
function expectFrame(message: object, bytes: string, method?: string): void {
  const frame = codec.encode(message, method) as Uint8Array;
  expect(toHex(frame)).toBe(toHex(hex(bytes)));
  expect(codec.decode(frame)).toStrictEqual(message);
}

describe("the binary codec", () => {
  it("is named binary, with the schema's token, in binary frames", () => {
    expect(codec.name).toBe("binary");
    expect(codec.subprotocol).toBe("gidl.v1.binary.0123456789abcdef");
    expect(codec.binary).toBe(true);
  });

  it("encodes hello, with its token or its resume", () => {
    // type 1, header 8 bytes: flags (token), protocol 1, schema "abc", token "t"
    expectFrame(
      { type: "hello", protocol: 1, schema: "abc", token: "t" },
      `01 08 01 01 ${str("abc")} ${str("t")}`,
    );
    // flags (resume), protocol 1, schema "h", resume.token "r", resume.lastEventSeq 300
    expectFrame(
      { type: "hello", protocol: 1, schema: "h", resume: { token: "r", lastEventSeq: 300 } },
      `01 08 02 01 ${str("h")} ${str("r")} ac 02`,
    );
  });

  it("encodes welcome, anonymous or with a player, a resume and a reason", () => {
    // flags 0, protocol 1, heartbeatMs 15000, serverTime 1764062400000
    expectFrame(
      {
        type: "welcome",
        protocol: 1,
        player: null,
        resumed: false,
        heartbeatMs: 15000,
        serverTime: 1764062400000,
      },
      "02 0a 00 01 98 75 80 9c c0 d2 ab 33",
    );
    // flags player|resume|resumed, protocol, heartbeatMs, serverTime 1000, "al", "x", 30000
    expectFrame(
      {
        type: "welcome",
        protocol: 1,
        player: "al",
        resume: { token: "x", expiresInMs: 30000 },
        resumed: true,
        heartbeatMs: 15000,
        serverTime: 1000,
      },
      `02 0e 07 01 98 75 e8 07 ${str("al")} ${str("x")} b0 ea 01`,
    );
    // flags player|resume|reason
    expectFrame(
      {
        type: "welcome",
        protocol: 1,
        player: "a",
        resume: { token: "x", expiresInMs: 1 },
        resumed: false,
        reason: "expired",
        heartbeatMs: 1,
        serverTime: 2,
      },
      `02 11 0b 01 01 02 ${str("a")} ${str("x")} 01 ${str("expired")}`,
    );
  });

  it("encodes rpc and send: the method's index and its params", () => {
    // header: flags 0, id 1, method 0 (combat.attack); params: bitmap 0, target, power 5
    expectFrame(
      { type: "rpc", id: 1, method: "combat.attack", params: { target: "orc", power: 5 } },
      `03 03 00 01 00 00 ${str("orc")} 05`,
    );
    // flags trace, id 2, trace "t1"; bitmap bit 0 (note)
    expectFrame(
      {
        type: "rpc",
        id: 2,
        method: "combat.attack",
        params: { target: "orc", power: 5, note: "hi" },
        trace: "t1",
      },
      `03 06 01 02 00 ${str("t1")} 01 ${str("orc")} 05 ${str("hi")}`,
    );
    // send of combat.ping (index 1), no params at all
    expectFrame({ type: "send", id: 300, method: "combat.ping", params: {} }, "04 04 00 ac 02 01");
    // method 2 (inventory.give): weapon bow is member 1
    expectFrame(
      { type: "send", id: 3, method: "inventory.give", params: { weapon: "bow" } },
      "04 03 00 03 02 01",
    );
  });

  it("encodes a response's result by its method's type", () => {
    // flags 0, id 1, method 0 + 1; result: hit true, damage -3 zigzagged to 5
    expectFrame(
      { type: "response", id: 1, result: { hit: true, damage: -3n } },
      "05 03 00 01 01 01 05",
      "combat.attack",
    );
    // a replayed answer of inventory.give (index 2 + 1), which returns nothing
    expectFrame(
      { type: "response", id: 7, result: null, replayed: true },
      "05 03 02 07 03",
      "inventory.give",
    );
    expect(() => codec.encode({ type: "response", id: 1, result: null })).toThrow(BinaryEncodeError);
  });

  it("encodes a built-in error with its details in the error object, and method 0 when not known", () => {
    // flags error, id 4, method 0; error object of 14 bytes: flags 0, code, message
    expectFrame(
      { type: "response", id: 4, error: { code: "NOT_FOUND", message: "no", retry: false } },
      `05 12 01 04 00 0e 00 ${str("NOT_FOUND")} ${str("no")}`,
    );
    // an unknown name answered NOT_FOUND is "not known" too
    const unknown = { type: "response", id: 4, error: { code: "NOT_FOUND", message: "no", retry: false } };
    expect(toHex(codec.encode(unknown, "#9") as Uint8Array)).toBe(toHex(codec.encode(unknown) as Uint8Array));
    // retry and retryAfterMs 100, answering combat.attack (0 + 1)
    expectFrame(
      {
        type: "response",
        id: 9,
        error: { code: "RATE_LIMITED", message: "slow", details: { retryAfterMs: 100 }, retry: true },
      },
      `05 18 01 09 01 14 05 ${str("RATE_LIMITED")} ${str("slow")} 64`,
      "combat.attack",
    );
    // problems, as an error message (type 10): the header is the error object with its length
    expectFrame(
      {
        type: "error",
        error: {
          code: "INVALID_ARGUMENT",
          message: "bad",
          details: { problems: [{ path: "/power", message: "too big" }] },
          retry: false,
        },
      },
      `0a 27 26 02 ${str("INVALID_ARGUMENT")} ${str("bad")} 01 ${str("/power")} ${str("too big")}`,
    );
    expectFrame(
      {
        type: "error",
        error: { code: "SESSION_ELSEWHERE", message: "m", details: { url: "ws://b" }, retry: true },
      },
      `0a 1d 1c 09 ${str("SESSION_ELSEWHERE")} ${str("m")} ${str("ws://b")}`,
    );
    expectFrame(
      { type: "error", error: { code: "BAD_MESSAGE", message: "x", retry: false } },
      `0a 10 0f 00 ${str("BAD_MESSAGE")} 01 78`,
    );
  });

  it("rounds a built-in retryAfterMs up to whole milliseconds", () => {
    const error = { code: "RATE_LIMITED", message: "", details: { retryAfterMs: 12.2 }, retry: true };
    expect(codec.decode(codec.encode({ type: "error", error }))).toStrictEqual({
      type: "error",
      error: { ...error, details: { retryAfterMs: 13 } },
    });
  });

  it("encodes a declared error's details as the message's value", () => {
    // error object: flags 0, "OUT_OF_RANGE", "far"; value: distance 2.5 as an f64
    expectFrame(
      {
        type: "response",
        id: 5,
        error: { code: "OUT_OF_RANGE", message: "far", details: { distance: 2.5 }, retry: false },
      },
      `05 16 01 05 01 12 00 ${str("OUT_OF_RANGE")} ${str("far")} 00 00 00 00 00 00 04 40`,
      "combat.attack",
    );
    // a declared error without fields takes no bytes, and arrives without details
    const empty = { type: "error", error: { code: "EMPTY", message: "", retry: true } };
    expectFrame(empty, `0a 09 08 01 ${str("EMPTY")} 00`);
    const withEmpty = { type: "error", error: { ...empty.error, details: {} } };
    expect(toHex(codec.encode(withEmpty) as Uint8Array)).toBe(toHex(codec.encode(empty) as Uint8Array));
  });

  it("encodes events, with or without seq", () => {
    // flags seq, event 0, ts 1000, seq 5; payload: target, amount 300
    expectFrame(
      { type: "event", event: "combat.hit", ts: 1000, data: { target: "orc", amount: 300 }, seq: 5 },
      `06 05 01 00 e8 07 05 ${str("orc")} ac 02`,
    );
    expectFrame({ type: "event", event: "session.ended", ts: 1000, data: {} }, "06 04 00 01 e8 07");
  });

  it("encodes ack, ping and pong", () => {
    expectFrame({ type: "ack", seq: 300 }, "07 02 ac 02");
    expectFrame({ type: "ping", t: 1.5 }, "08 08 00 00 00 00 00 00 f8 3f");
    expectFrame({ type: "pong", t: 1.5 }, "09 08 00 00 00 00 00 00 f8 3f");
  });

  it("encodes an array as a batch, and joins frames into the same batch", () => {
    const ping = { type: "ping", t: 1.5 };
    const ack = { type: "ack", seq: 1 };
    const bytes = "00 02 0a 08 08 00 00 00 00 00 00 f8 3f 03 07 01 01";
    expectFrame([ping, ack], bytes);
    const joined = codec.batch([codec.encode(ping), codec.encode(ack)]) as Uint8Array;
    expect(toHex(joined)).toBe(toHex(hex(bytes)));
    expect(() => codec.batch([joined])).toThrow(BinaryEncodeError);
    expect(() => codec.encode([[ping]])).toThrow(BinaryEncodeError);
  });

  it("decodes values in their TypeScript form", () => {
    const message = { type: "response", id: 1, result: { hit: false, damage: -(2n ** 63n) } };
    const decoded = codec.decode(codec.encode(message, "combat.attack"));
    expect(decoded).toStrictEqual(message);
    expect(checkServerMessage(decoded)).toEqual({ ok: true, message });
  });

  it("refuses names the schema does not have, and messages it has no form for", () => {
    expect(() => codec.encode({ type: "rpc", id: 1, method: "toString", params: {} })).toThrow(
      BinaryEncodeError,
    );
    expect(() => codec.encode({ type: "event", event: "nope", ts: 1, data: {} })).toThrow(/no event nope/);
    expect(() => codec.prepareEvent("nope", {}, 1)).toThrow(BinaryEncodeError);
    expect(() => codec.encode({ type: "gossip" })).toThrow(BinaryEncodeError);
    expect(() => codec.encode({ type: "ack", seq: 1.5 })).toThrow(BinaryEncodeError);
  });

  it("writes lengths of 128 bytes and more as two-byte varints", () => {
    const token = "t".repeat(200);
    // header: flags, protocol, schema "h" (2 bytes), token (2-byte length + 200): 206 = ce 01
    const hello = { type: "hello", protocol: 1, schema: "h", token };
    const bytes = `01 ce 01 01 01 ${str("h")} c8 01 ${"74 ".repeat(200)}`;
    expectFrame(hello, bytes);
    // as a batch item, its length (209 = d1 01) is two bytes too
    expectFrame([hello], `00 01 d1 01 ${bytes}`);
  });

  it("returns frames the next encode does not overwrite", () => {
    const first = codec.encode({ type: "ack", seq: 1 });
    codec.encode({ type: "ack", seq: 2 });
    expect(toHex(first as Uint8Array)).toBe("07 01 01");
  });

  it("skips header fields and flag bits it does not know, in headers and error objects", () => {
    // rpc flags 0x80 0x01 (bit 7, unknown), id 1, method 1, then two bytes of a newer header
    expect(codec.decode(hex("03 06 80 01 01 01 ee ff"))).toStrictEqual({
      type: "rpc",
      id: 1,
      method: "combat.ping",
      params: {},
    });
    // an ack header with a newer field after seq
    expect(codec.decode(hex("07 02 05 01"))).toStrictEqual({ type: "ack", seq: 5 });
    // an error object with a byte past url, in a header with a byte past the object
    expect(codec.decode(hex(`0a 0a 08 18 ${str("C")} ${str("m")} ${str("u")} 77 99`))).toStrictEqual({
      type: "error",
      error: { code: "C", message: "m", details: { url: "u" }, retry: false },
    });
  });

  it("passes its messages through the checks", () => {
    const rpc = codec.decode(codec.encode({ type: "rpc", id: 1, method: "combat.ping", params: {} }));
    expect(checkClientMessage(rpc).ok).toBe(true);
  });
});

describe("frames that are views of a larger buffer", () => {
  it("reads floats at the frame's offset, and the next frame in another buffer", () => {
    const pool = new Uint8Array(64).fill(0xee);
    pool.set(hex("08 08 00 00 00 00 00 00 f8 3f"), 5);
    expect(codec.decode(pool.subarray(5, 15))).toStrictEqual({ type: "ping", t: 1.5 });
    expect(codec.decode(hex("09 08 00 00 00 00 00 00 04 40"))).toStrictEqual({ type: "pong", t: 2.5 });
  });

  it("copies bytes values out of a Node Buffer frame", () => {
    const frame = Buffer.from([0xee, 0x02, 0x01, 0x02]);
    const reader = new BinaryReader(frame.subarray(1));
    const value = reader.bytesValue();
    frame[2] = 0x09;
    expect(value).toStrictEqual(Uint8Array.of(1, 2));
    expect(Buffer.isBuffer(value)).toBe(false);
  });
});

describe("binary events for many recipients", () => {
  const data = { target: "orc", amount: 300 };
  const prepared = codec.prepareEvent("combat.hit", data, 1764062400000);

  it("keeps the frame without seq for unreliable events", () => {
    expect(prepared.codec).toBe("binary");
    const frame = codec.eventFrame(prepared, undefined) as Uint8Array;
    expect(toHex(frame)).toBe(toHex(hex(`06 08 00 00 80 9c c0 d2 ab 33 ${str("orc")} ac 02`)));
    expect(codec.decode(frame)).toStrictEqual({
      type: "event",
      event: "combat.hit",
      ts: 1764062400000,
      data,
    });
  });

  it.each([1, 127, 128, 2 ** 21, 2 ** 53 - 1])("writes seq %d as encode would", (seq) => {
    const expected = codec.encode({
      type: "event",
      event: "combat.hit",
      ts: 1764062400000,
      data,
      seq,
    }) as Uint8Array;
    const frame = codec.eventFrame(prepared, seq) as Uint8Array;
    expect(toHex(frame)).toBe(toHex(expected));
    expect(codec.eventFrameLength(prepared, seq)).toBe(expected.length);
    const target = new Uint8Array(expected.length + 4).fill(0xaa);
    codec.writeEventFrame(prepared, seq, target, 2);
    expect(toHex(target)).toBe(toHex(Uint8Array.from([0xaa, 0xaa, ...expected, 0xaa, 0xaa])));
    expect(codec.decode(frame)).toStrictEqual({
      type: "event",
      event: "combat.hit",
      ts: 1764062400000,
      data,
      seq,
    });
  });

  it("is not changed by later encoding", () => {
    const before = toHex(codec.eventFrame(prepared, 1) as Uint8Array);
    codec.encode({ type: "event", event: "combat.hit", ts: 1, data: { target: "elf", amount: 1 }, seq: 9 });
    codec.prepareEvent("session.ended", {}, 5);
    expect(toHex(codec.eventFrame(prepared, 1) as Uint8Array)).toBe(before);
  });

  it("writes seq 1 as the spec spells it out", () => {
    // flags seq, event 0, ts, seq 1: a header of 9 bytes
    expect(toHex(codec.eventFrame(prepared, 1) as Uint8Array)).toBe(
      toHex(hex(`06 09 01 00 80 9c c0 d2 ab 33 01 ${str("orc")} ac 02`)),
    );
  });
});
