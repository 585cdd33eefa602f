import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EventMeta } from "../../runtime-client/index.js";
import { ACK_EVERY_EVENTS, EventStream } from "../../runtime-client/event-stream.js";
import { eventually, harness, type Harness } from "./fixtures.js";

describe("EventStream", () => {
  it("delivers reliable events in order, once, dropping a duplicate seq", () => {
    const stream = new EventStream();
    const seen: (number | undefined)[] = [];
    stream.on("a.b", (_data, meta) => seen.push(meta.seq));
    for (const seq of [1, 2, 2, 1, 3]) stream.deliver("a.b", {}, seq, 0);
    expect(seen).toEqual([1, 2, 3]);
    expect(stream.lastSeq).toBe(3);
  });

  it("asks for a resync when a seq is skipped", () => {
    const stream = new EventStream();
    let resyncs = 0;
    stream.onResync(() => resyncs++);
    stream.deliver("a.b", {}, 1, 0);
    stream.deliver("a.b", {}, 4, 0);
    expect(resyncs).toBe(1);
    expect(stream.lastSeq).toBe(4);
  });

  it("acks as soon as 100 events are unacknowledged", () => {
    const stream = new EventStream();
    const acks: number[] = [];
    stream.online((seq) => acks.push(seq) > 0);
    for (let seq = 1; seq <= 2 * ACK_EVERY_EVENTS + 5; seq++) stream.deliver("a.b", {}, seq, 0);
    expect(acks).toEqual([100, 200]);
    stream.offline();
  });

  it("keeps delivering to other handlers when one throws", () => {
    const stream = new EventStream();
    const seen: string[] = [];
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (error: unknown) => errors.push(error);
    try {
      stream.on("a.b", () => {
        throw new Error("handler bug");
      });
      stream.on("a.b", () => seen.push("second"));
      stream.deliver("a.b", {}, undefined, 0);
    } finally {
      console.error = original;
    }
    expect(seen).toEqual(["second"]);
    expect(errors).toHaveLength(1);
  });

  it("stops delivering to a handler once unsubscribed", () => {
    const stream = new EventStream();
    let calls = 0;
    const off = stream.on("a.b", () => calls++);
    stream.deliver("a.b", {}, undefined, 0);
    off();
    stream.deliver("a.b", {}, undefined, 0);
    expect(calls).toBe(1);
  });
});

describe("events through the client", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.stop();
  });

  it("converts payloads, passes seq and ts, and ignores events it does not know", async () => {
    const { client, conn } = await h.connected();
    const seen: [unknown, EventMeta][] = [];
    client.on("combat.damaged", (data, meta) => seen.push([data, meta]));
    client.on("world.tick", (data, meta) => seen.push([data, meta]));
    conn.send([
      { type: "event", event: "combat.damaged", seq: 1, data: { amount: "9007199254740993" }, ts: 100 },
      { type: "event", event: "someone.else", seq: 2, data: {}, ts: 101 },
      { type: "event", event: "combat.damaged", seq: 2, data: { amount: "1" }, ts: 102 },
      { type: "event", event: "world.tick", data: { n: 1 }, ts: 103 },
      { type: "event", event: "combat.damaged", seq: 3, data: { amount: "2" }, ts: 104 },
    ]);
    await eventually(() => seen.length === 3);
    expect(seen).toEqual([
      [{ amount: 9007199254740993n }, { seq: 1, ts: 100 }],
      [{ n: 1 }, { ts: 103 }],
      [{ amount: 2n }, { seq: 3, ts: 104 }],
    ]);
  });

  it("acks within a second of an event", async () => {
    const { conn } = await h.connected();
    conn.send({ type: "event", event: "combat.damaged", seq: 1, data: { amount: "1" }, ts: 1 });
    conn.send({ type: "event", event: "combat.damaged", seq: 2, data: { amount: "1" }, ts: 1 });
    expect(await conn.next("ack")).toEqual({ type: "ack", seq: 2 });
  });

  it("resumes after the last event it delivered and never delivers a replayed one twice", async () => {
    const { client, conn } = await h.connected();
    const seen: number[] = [];
    client.on("combat.damaged", (data) => seen.push(Number((data as { amount: bigint }).amount)));
    for (const seq of [1, 2])
      conn.send({ type: "event", event: "combat.damaged", seq, data: { amount: String(seq) }, ts: 1 });
    await eventually(() => seen.length === 2);
    conn.socket.terminate();
    const second = await h.server.nextConnection();
    const hello = await second.accept({ resumeToken: "r2", resumed: true });
    expect(hello.resume).toEqual({ token: "r1", lastEventSeq: 2 });
    // A server may replay from an older point; the client still delivers each seq once.
    for (const seq of [2, 3])
      second.send({ type: "event", event: "combat.damaged", seq, data: { amount: String(seq) }, ts: 1 });
    await eventually(() => seen.length === 3);
    expect(seen).toEqual([1, 2, 3]);
  });

  it("after resumed: false tells the application to resync and accepts seq 1 again", async () => {
    const { client, conn } = await h.connected();
    const seen: number[] = [];
    let resyncs = 0;
    client.onResync(() => resyncs++);
    client.on("combat.damaged", (_data, meta) => seen.push(meta.seq ?? 0));
    for (const seq of [1, 2, 3])
      conn.send({ type: "event", event: "combat.damaged", seq, data: { amount: "1" }, ts: 1 });
    await eventually(() => seen.length === 3);
    conn.socket.terminate();
    const second = await h.server.nextConnection();
    await second.accept({ resumeToken: "r2", resumed: false, reason: "overflow" });
    second.send({ type: "event", event: "combat.damaged", seq: 1, data: { amount: "1" }, ts: 1 });
    await eventually(() => seen.length === 4);
    expect(seen).toEqual([1, 2, 3, 1]);
    expect(resyncs).toBe(1);
  });
});
