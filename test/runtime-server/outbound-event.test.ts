import { describe, expect, it } from "vitest";
import { CODECS, type Codec } from "../../protocol/index.js";
import { OutboundEvent } from "../../runtime-server/events/outbound-event.js";

/** The real codec, counting how often an event's envelope and data are serialized. */
function counting(codec: Codec): { codec: Codec; prepared: () => number } {
  let n = 0;
  const wrapped: Codec = {
    ...codec,
    prepareEvent: (...args) => {
      n++;
      return codec.prepareEvent(...args);
    },
  };
  return { codec: wrapped, prepared: () => n };
}

/** RFC 6455 §5.2 read back: a final, unmasked frame's opcode, payload length and payload. */
function unframe(frame: Buffer): { opcode: number; length: number; payload: Buffer } {
  expect(frame.readUInt8(0) & 0xf0).toBe(0x80);
  expect(frame.readUInt8(1) & 0x80).toBe(0);
  const field = frame.readUInt8(1) & 0x7f;
  const [length, offset] =
    field < 126
      ? [field, 2]
      : field === 126
        ? [frame.readUInt16BE(2), 4]
        : [Number(frame.readBigUInt64BE(2)), 10];
  expect(frame.length).toBe(offset + length);
  return { opcode: frame.readUInt8(0) & 0x0f, length, payload: frame.subarray(offset) };
}

describe.each(["json", "msgpack"] as const)("a broadcast event (%s)", (name) => {
  it("serializes its data once for every recipient and writes only the seq per recipient", () => {
    const { codec, prepared } = counting(CODECS[name]);
    const event = new OutboundEvent("play.tick", { n: 7, text: "hi" }, true, 1_700_000_000_000, null, {});
    const frames = [1, 2, 3, 1000].map((seq) => event.socketFrame(codec, seq));
    const unsequenced = event.socketFrame(codec, undefined);
    expect(event.socketFrame(codec, undefined)).toBe(unsequenced);
    expect(prepared()).toBe(1);
    const decoded = [...frames, unsequenced].map((frame) => {
      const { opcode, payload } = unframe(frame);
      expect(opcode).toBe(name === "json" ? 1 : 2);
      return codec.decode(name === "json" ? new TextDecoder().decode(payload) : payload);
    });
    expect(decoded).toEqual([
      ...[1, 2, 3, 1000].map((seq) => ({
        type: "event",
        event: "play.tick",
        data: { n: 7, text: "hi" },
        ts: 1_700_000_000_000,
        seq,
      })),
      { type: "event", event: "play.tick", data: { n: 7, text: "hi" }, ts: 1_700_000_000_000 },
    ]);
  });

  it("frames a payload of any size with the right length field", () => {
    for (const size of [0, 60, 125, 126, 200, 65535, 65536, 300_000]) {
      const event = new OutboundEvent("play.tick", { text: "x".repeat(size) }, true, 1, null, {});
      const frame = event.socketFrame(CODECS[name], 42);
      const length = CODECS[name].eventFrameLength(
        CODECS[name].prepareEvent("play.tick", { text: "x".repeat(size) }, 1),
        42,
      );
      const read = unframe(frame);
      expect(read.length).toBe(length);
      const payload = read.payload;
      const decoded = CODECS[name].decode(name === "json" ? payload.toString("utf8") : payload) as {
        seq: number;
      };
      expect(decoded.seq).toBe(42);
    }
  });
});
