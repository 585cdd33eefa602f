/**
 * docs/protocol.md "Client → server" and "Server → client", row by row, through the generated
 * client and server of fixtures/game.gidl on real sockets, for each codec. Rows a well-behaved
 * client cannot produce (a bad frame, a second hello) are in close-codes.e2e.test.ts with a raw
 * socket against the same generated server.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ConnectionState } from "./fixtures/generated/client.js";
import type { Profile } from "./fixtures/generated/types.js";
import { CODECS, startHarness, type Harness } from "./harness.js";
import { TcpProxy } from "./tcp-proxy.js";

let h: Harness | undefined;
let proxy: TcpProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await h?.close();
  proxy = h = undefined;
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 5000) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

function states(client: { onState(listener: (s: ConnectionState) => void): () => void }): ConnectionState[] {
  const seen: ConnectionState[] = [];
  client.onState((state) => seen.push(state));
  return seen;
}

describe.each(CODECS)("messages through the generated client and server (%s)", (codec) => {
  it("hello → welcome: connect resolves open with the player's id; without a token, anonymous", async () => {
    h = await startHarness(codec);
    const alice = await h.connect("alice");
    expect(alice.state).toBe("open");
    expect(alice.playerId).toBe("alice");
    const anonymous = await h.connect(undefined);
    expect(anonymous.playerId).toBeNull();
    expect(await anonymous.play.status()).toEqual({ online: 1 });
  });

  it("rpc → response: a typed result with i64, bytes, enum, union, map and optional fields converted both ways", async () => {
    h = await startHarness(codec);
    const client = await h.connect("alice");
    const profile: Profile = {
      name: "alice",
      steamId: 76561198000000000n + 1n, // past 2^53: exact only as a bigint
      avatar: new Uint8Array([0, 1, 2, 253, 254, 255]),
      weapon: "bow",
      scores: { ranked: -(2n ** 62n), casual: 0n },
      loot: [
        { kind: "coin", value: 5 },
        { kind: "gem", carats: 3, color: "red" },
      ],
    };
    expect(await client.play.echo({ profile })).toEqual(profile);
    const named = await client.play.echo({ profile: { ...profile, nickname: "Al" } });
    expect(named.nickname).toBe("Al");
    expect(typeof named.steamId).toBe("bigint");
    expect(named.avatar).toBeInstanceOf(Uint8Array);
    // A call that returns nothing resolves with null (docs/protocol.md "Server → client").
    await client.session.create({ settings: { mapName: "dust" } });
    await expect(client.play.moveTo({ pos: { x: 1, y: 2 } })).resolves.toBeNull();
  });

  it("send: fire-and-forget messages run in order and get no response", async () => {
    h = await startHarness(codec);
    const client = await h.connect("alice");
    for (const n of [1, 2, 3]) client.play.note({ n });
    await client.play.status(); // messages are handled in order: the notes ran before this answer
    expect(h.counters.notes).toEqual([1, 2, 3]);
  });

  it("event: reliable events carry seq and ts in order, @unreliable ones ts only", async () => {
    h = await startHarness(codec);
    const client = await h.connect("alice");
    const ticks: { n: number; stamp: bigint; seq?: number; ts: number }[] = [];
    const blips: { n: number; seq: number | undefined }[] = [];
    client.on("play.tick", (data, meta) => ticks.push({ ...data, ...meta }));
    client.on("play.blip", (data, meta) => blips.push({ n: data.n, seq: meta.seq }));
    for (const n of [1, 2, 3]) h.server.emit.play.tick(["alice"], { n, stamp: 2n ** 60n + BigInt(n) });
    h.server.emit.play.blip({ n: 7 });
    await until(() => ticks.length === 3 && blips.length === 1, "the events");
    expect(ticks.map((t) => [t.n, t.seq, t.stamp])).toEqual([
      [1, 1, 2n ** 60n + 1n],
      [2, 2, 2n ** 60n + 2n],
      [3, 3, 2n ** 60n + 3n],
    ]);
    expect(typeof ticks[0]?.ts).toBe("number");
    expect(blips).toEqual([{ n: 7, seq: undefined }]);
  });

  it("ack: acknowledged events leave the replay buffer, so a resume after more than it holds still succeeds", async () => {
    h = await startHarness(codec, { limits: { replayBuffer: 150 } });
    proxy = await TcpProxy.start(h.server.port);
    const client = await h.connect("alice", { url: proxy.url });
    const seen: number[] = [];
    let resyncs = 0;
    client.on("play.tick", (data) => seen.push(data.n));
    client.onResync(() => resyncs++);
    for (let n = 1; n <= 400; n++) h.server.emit.play.tick(["alice"], { n, stamp: 0n });
    await until(() => seen.length === 400, "400 events");
    // The client acks every 100 events: at most 100 are unacknowledged now.
    await client.play.status();
    proxy.cut();
    for (let n = 401; n <= 450; n++) h.server.emit.play.tick(["alice"], { n, stamp: 0n });
    await until(() => seen.length === 450, "the replayed events");
    expect(seen).toEqual(Array.from({ length: 450 }, (_, i) => i + 1));
    expect(resyncs).toBe(0);
  });

  it("ping / pong: a connection with traffic only from heartbeats stays open", async () => {
    h = await startHarness(codec, { limits: { heartbeatMs: 50 } });
    const client = await h.connect("alice");
    const seen = states(client);
    await sleep(400); // eight server intervals, four of them past any "two silent intervals"
    expect(seen).toEqual([]);
    expect(await client.play.status()).toEqual({ online: 1 });
  });

  it("ping / pong: the client treats two silent heartbeat intervals as a lost connection and resumes", async () => {
    h = await startHarness(codec, { limits: { heartbeatMs: 60 } });
    proxy = await TcpProxy.start(h.server.port);
    const client = await h.connect("alice", { url: proxy.url });
    const seen = states(client);
    const ticks: number[] = [];
    client.on("play.tick", (data) => ticks.push(data.n));
    proxy.hold(); // the server's bytes (pings, pongs, events) stop reaching the client
    h.server.emit.play.tick(["alice"], { n: 1, stamp: 0n });
    await until(() => seen.includes("reconnecting"), "the client to give up on the silent connection");
    proxy.release();
    await until(() => client.state === "open" && ticks.length === 1, "the resume");
    expect(ticks).toEqual([1]);
  });

  it("response with replayed: a call cut off in flight runs once and settles once after the resume", async () => {
    h = await startHarness(codec);
    proxy = await TcpProxy.start(h.server.port);
    const client = await h.connect("alice", { url: proxy.url });
    const call = client.play.wait({ gate: "g" });
    await h.gates.waiting("g");
    proxy.cut();
    h.gates.open("g", "opened while the client was away");
    expect(await call).toEqual({ value: "opened while the client was away" });
    const again = client.play.work({ n: 1, delayMs: 150 });
    await until(() => h?.counters.work.get(1) === 1, "the handler to start");
    proxy.cut("downstream", 0.5);
    expect(await again).toEqual({ n: 1 });
    expect(h.counters.work.get(1)).toBe(1);
  });
});
