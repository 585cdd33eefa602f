/**
 * Events on the binary codec (docs/protocol.md "Events, ordering and replay", "The binary codec"):
 * encoded once for every binary recipient, beside the other codecs, and the same frames after the
 * trip between processes the Redis adapter gives them (its fan-out and replay buffers carry the
 * event as MessagePack: runtime-server/adapters/redis/codec.ts). Named .e2e so that dist/ (which
 * the generated binary.ts imports as gidl/protocol) is built first.
 */
import { describe, expect, it } from "vitest";
import { binaryCodecFor, CODECS } from "../../protocol/codecs.js";
import type { Codec } from "../../protocol/index.js";
import { pack, unpack } from "../../runtime-server/adapters/redis/codec.js";
import { eventFromData, eventToData } from "../../runtime-server/events/event-transport.js";
import { OutboundEvent } from "../../runtime-server/events/outbound-event.js";
import { binary } from "../runtime-e2e/fixtures/generated/binary.js";
import { definition } from "../runtime-e2e/fixtures/generated/definition.js";

const codec = binaryCodecFor(binary);
const TS = 1_700_000_000_000;

/** A whole WebSocket frame's payload (the tests' events are short: a 7-bit length). */
function payload(frame: Buffer): Uint8Array {
  expect(frame[0]).toBe(0x82); // final, binary
  expect(frame[1]).toBe(frame.length - 2);
  // As the server's connections and the client read them: a plain Uint8Array, not a Buffer.
  return new Uint8Array(frame.buffer, frame.byteOffset + 2, frame.length - 2);
}

function counting(inner: Codec): { codec: Codec; prepared: () => number } {
  let n = 0;
  return {
    codec: {
      ...inner,
      prepareEvent: (...args) => {
        n++;
        return inner.prepareEvent(...args);
      },
    },
    prepared: () => n,
  };
}

function news(data: unknown): OutboundEvent {
  const declared = definition.events["play.news"];
  return new OutboundEvent("play.news", data, true, TS, declared?.payload ?? null, definition.shapes);
}

describe("an event on the binary codec", () => {
  it("is encoded once for all its binary recipients; each gets its own seq, an unreliable one the same bytes", () => {
    expect(binaryCodecFor(binary)).toBe(codec);
    const { codec: counted, prepared } = counting(codec);
    const event = news({ text: "hello", blob: new Uint8Array([1, 2, 3]) });
    const frames = [1, 2, 300].map((seq) => event.socketFrame(counted, seq));
    const unsequenced = event.socketFrame(counted, undefined);
    expect(event.socketFrame(counted, undefined)).toBe(unsequenced);
    expect(prepared()).toBe(1);
    const data = { text: "hello", blob: new Uint8Array([1, 2, 3]) };
    expect([...frames, unsequenced].map((frame) => codec.decode(payload(frame)))).toEqual([
      { type: "event", event: "play.news", data, ts: TS, seq: 1 },
      { type: "event", event: "play.news", data, ts: TS, seq: 2 },
      { type: "event", event: "play.news", data, ts: TS, seq: 300 },
      { type: "event", event: "play.news", data, ts: TS },
    ]);
  });

  it("is prepared for JSON and MessagePack recipients of the same broadcast from the same data", () => {
    const event = news({ text: "hi", blob: new Uint8Array([255]) });
    const binaryFrame = event.socketFrame(codec, 5);
    const jsonFrame = event.socketFrame(CODECS.json, 5);
    expect(codec.decode(payload(binaryFrame))).toMatchObject({
      data: { text: "hi", blob: new Uint8Array([255]) },
    });
    expect(JSON.parse(jsonFrame.subarray(2).toString("utf8"))).toMatchObject({
      data: { text: "hi", blob: "/w==" },
    });
    // The replay buffer's byte bound reads an already prepared encoding rather than making another.
    expect(event.size).toBe(payload(event.socketFrame(codec, undefined)).byteLength);
  });

  it("gives the same frames after the trip between processes the Redis adapter makes", () => {
    const data = { n: 7, stamp: 2n ** 60n + 1n };
    const tick = new OutboundEvent(
      "play.tick",
      data,
      true,
      TS,
      definition.events["play.tick"]?.payload ?? null,
      definition.shapes,
    );
    const carried = eventFromData(definition, unpack(pack(eventToData(tick))));
    expect(carried).toBeInstanceOf(OutboundEvent);
    const here = news({ text: "x", blob: new Uint8Array([9, 8]) });
    const there = eventFromData(definition, unpack(pack(eventToData(here)))) as OutboundEvent;
    for (const [original, copy] of [
      [tick, carried as OutboundEvent],
      [here, there],
    ] as const) {
      expect([...copy.socketFrame(codec, 42)]).toEqual([...original.socketFrame(codec, 42)]);
      expect([...copy.socketFrame(codec, undefined)]).toEqual([...original.socketFrame(codec, undefined)]);
    }
    expect(codec.decode(payload((carried as OutboundEvent).socketFrame(codec, 1)))).toMatchObject({ data });
  });
});
