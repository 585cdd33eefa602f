/**
 * Every row of docs/protocol.md "Bad frames": what the binary codec's decoder gives, and what the
 * checks make of it (a frame the server answers `BAD_MESSAGE`, with the rpc's id when the header
 * gave one, or `INVALID_ARGUMENT` with the problems).
 */
import { describe, expect, it } from "vitest";
import {
  CodecError,
  InvalidValue,
  UndecodableMessage,
  checkClientMessage,
  checkServerMessage,
  createBinaryCodec,
} from "../../protocol/index.js";
import { hex, str, testSchema } from "./binary-test-schema.js";

const codec = createBinaryCodec(testSchema);

/** The item decoded from `bytes` must be undecodable for a reason matching `reason`, with `id`. */
function expectUndecodable(bytes: string, reason: RegExp, id?: number): void {
  const decoded = codec.decode(hex(bytes));
  expect(decoded).toBeInstanceOf(UndecodableMessage);
  const message = decoded as UndecodableMessage;
  expect(message.reason).toMatch(reason);
  expect(message.id).toBe(id);
  const check = checkClientMessage(decoded);
  expect(check).toEqual(
    id === undefined ? { ok: false, reason: message.reason } : { ok: false, reason: message.reason, id },
  );
  expect(checkServerMessage(decoded)).toEqual(check);
}

function expectCodecError(frame: Uint8Array | string, reason: RegExp): void {
  expect(() => codec.decode(frame)).toThrow(CodecError);
  expect(() => codec.decode(frame)).toThrow(reason);
}

/** rpc id 1 of combat.attack (index 0): its header, then `params`. */
const attack = (params: string): string => `03 03 00 01 00 ${params}`;

describe("bad binary frames: BAD_MESSAGE", () => {
  it("a text frame, or an empty one", () => {
    expectCodecError('{"type":"ping","t":1}', /binary frames, not text/);
    expectCodecError(new Uint8Array(0), /an empty frame/);
  });

  it("a varint past 10 bytes or 64 bits", () => {
    expectCodecError(hex("ff ff ff ff ff ff ff ff ff ff 01"), /longer than 10 bytes \(at byte 10\)/);
    // an rpc id past 2^53: no id to answer
    expectUndecodable("03 0c 00 ff ff ff ff ff ff ff ff ff 01 00", /too large/);
    // an i64 past 64 bits in a result: the client knows which call failed
    expectUndecodable("05 03 00 01 01 01 ff ff ff ff ff ff ff ff ff 02", /past 64 bits/, 1);
  });

  it("a length or count past the bytes left", () => {
    expectUndecodable(attack(`00 7f 6f 72 63 05`), /a length of 127 past the 4 bytes left \(at byte 6\)/, 1);
    expectUndecodable("03 7f 00 01 00", /a length of 127 past the 3 bytes left/);
    expectCodecError(hex("00 05 01 07"), /a length of 5 past the 2 bytes left/);
    expectCodecError(hex("00 01 09 07 01 01"), /a length of 9 past the 3 bytes left \(at byte 2\)/);
  });

  it("a string that is not UTF-8", () => {
    expectUndecodable(attack("00 02 c3 28 05"), /not UTF-8 \(at byte 7\)/, 1);
  });

  it("an unknown message type", () => {
    expectUndecodable("0b 00", /an unknown message type 11/);
    const batch = codec.decode(hex("00 02 02 0b 00 03 07 01 01"));
    expect(batch).toEqual([expect.any(UndecodableMessage), { type: "ack", seq: 1 }]);
  });

  it("a batch in a batch", () => {
    const decoded = codec.decode(hex("00 02 02 00 00 03 07 01 02"));
    expect(decoded).toEqual([
      new UndecodableMessage("a batch in a batch (at byte 3)"),
      { type: "ack", seq: 2 },
    ]);
  });

  it("a header shorter than its fields", () => {
    // rpc header of 2 bytes: flags and id 1, no method
    expectUndecodable("03 02 00 01 00", /the header ends too early \(at byte 4\)/, 1);
    // ping's t needs 8 bytes
    expectUndecodable("08 04 00 00 f8 3f", /the header ends inside an f64/);
    // a header length past the message
    expectUndecodable("07 05 01", /a length of 5 past the 1 bytes left/);
    // an error object shorter than its fields, inside its header
    expectUndecodable(`0a 04 03 00 ${str("C")}`, /the error object ends too early/);
  });

  it("a value that ends before or after its message", () => {
    expectUndecodable(attack(`00 ${str("orc")}`), /the message ends too early \(at byte 10\)/, 1);
    expectUndecodable(
      attack(`00 ${str("orc")} 05 ff`),
      /a byte after the message's last field \(at byte 11\)/,
      1,
    );
    // a message without a value ends with its header
    expectUndecodable("07 01 01 ff ff", /2 bytes after/);
    // a response to a method that returns nothing carries no value
    expectUndecodable("05 03 00 04 03 00", /a byte after/, 4);
  });

  it("bytes after a batch's last item", () => {
    expectCodecError(hex("00 01 03 07 01 01 00"), /bytes after the batch's last item \(at byte 6\)/);
  });

  it("a set bit past a struct's optional fields", () => {
    expectUndecodable(attack(`02 ${str("orc")} 05`), /presence bit past/, 1);
  });

  it("nesting past 128", () => {
    // inventory.nest (index 3): a tree whose node and children list are two levels each
    const deep = "01 ".repeat(64) + "00";
    expectUndecodable(`03 03 00 02 03 ${deep}`, /nested deeper than 128/, 2);
    const shallow = "01 ".repeat(62) + "00";
    expect(checkClientMessage(codec.decode(hex(`03 03 00 02 03 ${shallow}`))).ok).toBe(true);
  });

  it("a response with a result but no method, or an unknown one", () => {
    expectUndecodable("05 03 00 06 00", /a response with a result needs its method/, 6);
    expectUndecodable("05 03 00 06 09", /method index 8, past the schema's methods/, 6);
  });

  it("does not spoil the other items of a batch", () => {
    const decoded = codec.decode(hex(`00 03 03 07 01 01 06 ${attack("02")} 03 07 01 03`)) as unknown[];
    expect(decoded).toHaveLength(3);
    expect(decoded[0]).toStrictEqual({ type: "ack", seq: 1 });
    expect(decoded[1]).toBeInstanceOf(UndecodableMessage);
    expect((decoded[1] as UndecodableMessage).id).toBe(1);
    expect(decoded[2]).toStrictEqual({ type: "ack", seq: 3 });
  });
});

describe("bad binary values: INVALID_ARGUMENT", () => {
  it("an enum index past the list gives the params its problems", () => {
    // rpc id 5 of inventory.give (index 2), weapon 7
    const decoded = codec.decode(hex("03 03 00 05 02 07"));
    expect(decoded).toStrictEqual({
      type: "rpc",
      id: 5,
      method: "inventory.give",
      params: new InvalidValue([{ path: "/weapon", message: "must be equal to one of the allowed values" }]),
    });
    expect(checkClientMessage(decoded).ok).toBe(true);
    const send = codec.decode(hex("04 03 00 06 02 02")) as { params: unknown };
    expect(send.params).toBeInstanceOf(InvalidValue);
  });

  it("an integer outside its type's range decodes as the number it is, for the validator", () => {
    // combat.hit's amount is a u16: 70000 arrives as 70000
    const decoded = codec.decode(hex(`06 03 00 00 01 ${str("orc")} f0 a2 04`));
    expect(decoded).toStrictEqual({
      type: "event",
      event: "combat.hit",
      ts: 1,
      data: { target: "orc", amount: 70000 },
    });
  });
});

describe("indexes past the schema's lists", () => {
  it("an rpc's method becomes a name the server answers NOT_FOUND, its value skipped", () => {
    const decoded = codec.decode(hex("03 04 00 09 0c ee ff ff ff"));
    expect(decoded).toStrictEqual({ type: "rpc", id: 9, method: "#12", params: {} });
    expect(checkClientMessage(decoded).ok).toBe(true);
  });

  it("an event becomes a name the client does not know, with no data", () => {
    const decoded = codec.decode(hex("06 05 01 07 01 02 ff ff"));
    expect(decoded).toStrictEqual({ type: "event", event: "#7", ts: 1, data: null, seq: 2 });
    expect(checkServerMessage(decoded).ok).toBe(true);
  });
});
