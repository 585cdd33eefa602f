/**
 * docs/protocol.md "Close codes", row by row, against the generated server of fixtures/game.gidl, for each
 * codec: what the generated client does on each (reconnect and resume, or stop with an error), and
 * for the codes only a misbehaving peer causes (1002, 1007, 4000, 4002, BAD_MESSAGE frames) a raw
 * socket.
 */
import { afterEach, describe, expect, it } from "vitest";
import { RawClient } from "../runtime-server/raw-client.js";
import { binary } from "./fixtures/generated/binary.js";
import type { ConnectionState } from "./fixtures/generated/client.js";
import { SCHEMA_HASH } from "./fixtures/generated/types.js";
import { CODECS, startHarness, type Codec, type Harness } from "./harness.js";
import { TcpProxy } from "./tcp-proxy.js";

let h: Harness | undefined;
let proxy: TcpProxy | undefined;
const raws: RawClient[] = [];
afterEach(async () => {
  for (const raw of raws.splice(0)) raw.socket.terminate();
  await proxy?.close();
  await h?.close();
  proxy = h = undefined;
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let waited = 0; !(await condition()); waited += 10) {
    if (waited > 10_000) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function states(client: { onState(listener: (s: ConnectionState) => void): () => void }): ConnectionState[] {
  const seen: ConnectionState[] = [];
  client.onState((state) => seen.push(state));
  return seen;
}

async function raw(harness: Harness, codec: Codec): Promise<RawClient> {
  const client = await RawClient.open(harness.url, { codec, binary });
  raws.push(client);
  return client;
}

/** Writes bytes straight to the TCP socket under the WebSocket (a frame ws would never send). */
function writeRawFrame(client: RawClient, bytes: number[]): void {
  (client.socket as unknown as { _socket: { write(b: Buffer): void } })._socket.write(Buffer.from(bytes));
}

describe.each(CODECS)("close codes (%s)", (codec) => {
  it("1000: client.close() ends the player session, which its session counts as leaving", async () => {
    h = await startHarness(codec);
    const alice = await h.connect("alice");
    const bob = await h.connect("bob");
    const { id } = await alice.session.create({ settings: { mapName: "dust" } });
    await bob.session.join({ sessionId: id });
    const left: unknown[] = [];
    alice.on("session.playerLeft", (data) => left.push(data));
    await bob.close();
    expect(bob.state).toBe("closed");
    await until(() => left.length === 1, "playerLeft");
    expect(left).toEqual([{ sessionId: id, playerId: "bob", reason: "left" }]);
  });

  it("1001: a graceful server close finishes running calls, refuses new ones, and the client reconnects", async () => {
    h = await startHarness(codec, { limits: { shutdownTimeoutMs: 5000 } });
    const alice = await h.connect("alice");
    const seen = states(alice);
    const running = alice.play.wait({ gate: "g" });
    await h.gates.waiting("g");
    const closing = h.server.close();
    await expect(alice.play.status()).rejects.toMatchObject({ code: "UNAVAILABLE", retry: true });
    h.gates.open("g", "finished");
    expect(await running).toEqual({ value: "finished" });
    await closing;
    await until(() => seen.includes("reconnecting"), "the client to reconnect");
    await alice.close();
  });

  it("1002 and 1007: WebSocket-layer errors close only the offending connection", async () => {
    h = await startHarness(codec);
    const bad = await raw(h, codec);
    writeRawFrame(bad, [0xc1, 0x80, 0, 0, 0, 0]); // RSV1 set without an extension
    expect((await bad.closed).code).toBe(1002);
    const badText = await raw(h, codec);
    writeRawFrame(badText, [0x81, 0x82, 0, 0, 0, 0, 0xff, 0xfe]); // a text frame that is not UTF-8
    expect((await badText.closed).code).toBe(1007);
    const alice = await h.connect("alice");
    expect(await alice.play.status()).toEqual({ online: 1 });
  });

  it("1009: a call over maxPayload fails with BAD_MESSAGE, and the client reconnects for the next", async () => {
    h = await startHarness(codec, { limits: { maxPayload: 1024 } });
    const alice = await h.connect("alice");
    const seen = states(alice);
    const profile = {
      name: "alice",
      steamId: 1n,
      avatar: new Uint8Array(4096),
      weapon: "sword" as const,
      scores: {},
      loot: [],
    };
    await expect(alice.play.echo({ profile })).rejects.toMatchObject({ code: "BAD_MESSAGE" });
    expect(await alice.play.status()).toEqual({ online: 1 });
    expect(seen).toContain("reconnecting");
  });

  it("4000: a message before hello, a second hello, and a bad frame before hello get BAD_MESSAGE", async () => {
    h = await startHarness(codec);
    const early = await raw(h, codec);
    early.sendRaw({ type: "rpc", id: 1, method: "play.status", params: {} });
    expect(await early.next()).toMatchObject({ type: "error", error: { code: "BAD_MESSAGE", retry: false } });
    expect((await early.closed).code).toBe(4000);
    const twice = await raw(h, codec);
    expect(await twice.hello({ token: "alice", schema: SCHEMA_HASH })).toMatchObject({ type: "welcome" });
    twice.sendRaw({ type: "hello", protocol: 1, schema: SCHEMA_HASH, token: "alice" });
    expect(await twice.next()).toMatchObject({ type: "error", error: { code: "BAD_MESSAGE" } });
    expect((await twice.closed).code).toBe(4000);
    const garbage = await raw(h, codec);
    garbage.socket.send(codec === "json" ? "{nope" : Buffer.from([0xc1]));
    expect((await garbage.closed).code).toBe(4000);
  });

  it("BAD_MESSAGE after welcome: an unreadable frame is answered and the connection stays open", async () => {
    h = await startHarness(codec);
    const client = await raw(h, codec);
    await client.hello({ token: "alice", schema: SCHEMA_HASH });
    client.socket.send(codec === "json" ? "{nope" : Buffer.from([0xc1]));
    expect(await client.next()).toMatchObject({ type: "error", error: { code: "BAD_MESSAGE" } });
    client.sendRaw({ type: "rpc", id: 1, method: "play.status", params: {} });
    expect(await client.response(1)).toMatchObject({ result: { online: 1 } });
  });

  it("4001 and 4003: a refused token or schema stops the client with that error, without reconnecting", async () => {
    h = await startHarness(codec);
    const stranger = h.client("mallory");
    await expect(stranger.connect()).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const raw4001 = await raw(h, codec);
    await raw4001.hello({ token: "mallory", schema: SCHEMA_HASH });
    expect((await raw4001.closed).code).toBe(4001);
    const raw4003 = await raw(h, codec);
    expect(await raw4003.hello({ token: "alice", schema: "0".repeat(64) })).toMatchObject({
      error: { code: "SCHEMA_MISMATCH" },
    });
    expect((await raw4003.closed).code).toBe(4003);
  });

  it("4002: a connection that says no hello within helloTimeoutMs", async () => {
    h = await startHarness(codec, { limits: { helloTimeoutMs: 50 } });
    const silent = await raw(h, codec);
    expect((await silent.closed).code).toBe(4002);
  });

  it("4004: a second connection of the same player takes over; the first client stops", async () => {
    h = await startHarness(codec);
    const first = await h.connect("alice");
    const seen = states(first);
    const second = await h.connect("alice");
    await until(() => first.state === "closed", "the first client to stop");
    expect(seen).toEqual(["closed"]);
    await expect(first.play.status()).rejects.toMatchObject({ code: "CLIENT_CLOSED" });
    expect(await second.play.status()).toEqual({ online: 1 });
  });

  it("4008: a client too slow to read its events is closed, then resumes and gets each event once", async () => {
    h = await startHarness(codec, {
      limits: { slowConsumerBytes: 256 * 1024, replayBuffer: Infinity, replayBufferBytes: Infinity },
    });
    proxy = await TcpProxy.start(h.server.port);
    const alice = await h.connect("alice", { url: proxy.url });
    const seen = states(alice);
    const texts: number[] = [];
    alice.on("play.news", (data) => texts.push(data.text.length));
    proxy.hold();
    const text = "z".repeat(60 * 1024);
    let emitted = 0;
    await until(async () => {
      for (let i = 0; i < 20; i++, emitted++) h?.server.emit.play.news({ text });
      const metrics = await (await fetch(`${h?.http ?? ""}/metrics`)).text();
      return /gidl_slow_consumer_closes_total 1/.test(metrics);
    }, "the slow-consumer close");
    proxy.release();
    await until(() => texts.length === emitted, "every event");
    expect(seen).toContain("reconnecting");
    expect(alice.state).toBe("open");
  });

  it("4029: a client that floods is closed, reconnects and resumes", async () => {
    h = await startHarness(codec, { limits: { messagesPerSecond: 5, messagesBurst: 5 } });
    const alice = await h.connect("alice");
    const seen = states(alice);
    for (let n = 1; n <= 40; n++) alice.play.note({ n });
    await until(() => seen.includes("reconnecting") && alice.state === "open", "the reconnect");
    expect(h.counters.notes.length).toBeLessThan(40);
  });
});
