/**
 * Resource exhaustion (docs/security.md "Resource exhaustion
 * (`test/hardening/exhaustion.e2e.test.ts`)"): floods, slow consumers, amplification, id floods,
 * long disconnects and handlers that never end. Each protective action shows in /metrics.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Handler } from "../../runtime-server/index.js";
import type { Message, RawClient } from "../runtime-server/raw-client.js";
import { startServer, type TestServer } from "../runtime-server/test-server.js";
import { OP, RawSocket, delay, frame } from "./raw-socket.js";
import { withGameHandlers } from "./with-handlers.js";

let t: TestServer;
const raws: RawSocket[] = [];
afterEach(async () => {
  for (const raw of raws.splice(0)) raw.destroy();
  await t.close();
});

async function metrics(): Promise<string> {
  return (await fetch(`${t.http}/metrics`)).text();
}

function metric(text: string, name: string): number {
  const escaped = name.replace(/[{}"=]/g, (c) => `\\${c}`);
  return Number(new RegExp(`^${escaped} (\\S+)$`, "m").exec(text)?.[1] ?? 0);
}

const rpc = (id: number, method: string, params: unknown = {}): Message => ({
  type: "rpc",
  id,
  method,
  params,
});

async function sessionOf(host: RawClient, ...members: RawClient[]): Promise<string> {
  const created = await host.call("session.create", { settings: { map: "dust" } });
  const sessionId = (created.result as { id: string }).id;
  for (const member of members) await member.call("session.join", { sessionId });
  return sessionId;
}

describe("rate floods", () => {
  it("answers a @rate flood with RATE_LIMITED and counts every refusal in gidl_rate_limited_total", async () => {
    t = await startServer();
    const { client } = await t.login("alice");
    client.sendRaw(Array.from({ length: 20 }, (_, i) => rpc(i + 1, "game.limited")));
    const answers = [];
    for (let id = 1; id <= 20; id++) answers.push(await client.response(id));
    const limited = answers.filter(
      (a) => (a.error as { code?: string } | undefined)?.code === "RATE_LIMITED",
    );
    expect(answers.length - limited.length).toBe(2); // the burst
    expect(metric(await metrics(), "gidl_rate_limited_total")).toBe(limited.length);
  });

  it("does not answer pings past the connection's rate, and closes a ping flood with 4029", async () => {
    t = await startServer({ limits: { messagesPerSecond: 10, messagesBurst: 10 } });
    const { client } = await t.login("alice"); // hello took one token
    client.sendRaw(Array.from({ length: 15 }, () => ({ type: "ping", t: 1 })));
    await client.call("game.whoami", {}, 1).catch(() => undefined);
    expect(client.drain().filter((m) => m.type === "pong").length).toBeLessThanOrEqual(9);
    client.sendRaw(Array.from({ length: 40 }, () => ({ type: "ping", t: 2 })));
    expect((await client.closed).code).toBe(4029);
  });

  it("closes a second hello with 4000 and bounds a flood of silent connections by maxConnections and helloTimeoutMs", async () => {
    t = await startServer({ limits: { maxConnections: 5, helloTimeoutMs: 300 } });
    const { client } = await t.login("alice");
    client.sendRaw({ type: "hello", protocol: 1, schema: "a".repeat(64), token: "alice" });
    expect((await client.closed).code).toBe(4000);
    await delay(20);
    const silent = await Promise.all(Array.from({ length: 5 }, () => t.connect()));
    await expect(t.connect()).rejects.toThrow("HTTP 503");
    for (const s of silent) expect((await s.closed).code).toBe(4002);
    const { welcome } = await t.login("bob");
    expect(welcome).toMatchObject({ type: "welcome" });
  });

  it("counts a flood of failed resumes by reason in gidl_resume_failures_total", async () => {
    t = await startServer();
    for (let i = 0; i < 20; i++) {
      const { client, welcome } = await t.login("alice", {
        hello: { resume: { token: `nope-${i}.secret`, lastEventSeq: 0 } },
      });
      expect(welcome).toMatchObject({ resumed: false, reason: "unknown" });
      client.socket.terminate();
    }
    expect(metric(await metrics(), 'gidl_resume_failures_total{reason="unknown"}')).toBe(20);
  });
});

describe("slow consumers and amplification", () => {
  it("cuts a peer that stops reading while events stream with 4008 and destroys it; others get every event", async () => {
    t = await startServer({
      limits: { slowConsumerBytes: 512 * 1024, replayBuffer: Infinity, replayBufferBytes: Infinity },
    });
    const raw = await RawSocket.upgrade(t.server.port);
    raws.push(raw);
    await raw.hello("alice");
    raw.socket.pause(); // stops reading: the server's send buffer grows
    const { client: bob } = await t.login("bob");
    const text = "z".repeat(50 * 1024);
    let cut = false;
    let sent = 0;
    for (let round = 0; round < 200 && !cut; round++) {
      for (let i = 0; i < 10; i++) {
        t.server.emitEvent("game.blob", { to: "players", playerIds: ["alice", "bob"] }, { text });
        sent++;
      }
      await bob.call("game.whoami");
      cut = metric(await metrics(), "gidl_slow_consumer_closes_total") === 1;
    }
    expect(cut).toBe(true);
    // Still not reading: destroyed within 5 s of the close (the peer, paused, cannot even see it yet),
    // which frees its send buffer.
    let m = await metrics();
    for (let i = 0; i < 100 && metric(m, "gidl_players_connected") > 1; i++) {
      await delay(100);
      m = await metrics();
    }
    expect(metric(m, "gidl_players_connected")).toBe(1);
    expect(metric(m, "gidl_send_buffer_bytes")).toBe(0);
    raw.socket.resume();
    await raw.ended;
    for (let i = 0; i < sent; i++) await bob.event("game.blob");
  });

  it("bounds what one player's flood of broadcasting calls can cause by its connection's rate", async () => {
    t = await startServer({ limits: { messagesPerSecond: 20, messagesBurst: 20 } });
    const alice = (await t.login("alice")).client;
    const bob = (await t.login("bob")).client;
    const carol = (await t.login("carol")).client;
    await sessionOf(alice, bob, carol);
    await delay(200); // let the bucket refill after the setup calls
    alice.sendRaw(Array.from({ length: 200 }, (_, i) => rpc(100 + i, "game.emit", { text: "boom" })));
    expect((await alice.closed).code).toBe(4029);
    await bob.call("game.whoami");
    const hits = bob.drain().filter((m) => m.event === "game.hit").length;
    expect(hits).toBeGreaterThan(0);
    expect(hits).toBeLessThanOrEqual(21);
  });
});

describe("id floods", () => {
  it("keeps the deduplication window bounded under a flood of unique ids", async () => {
    t = await startServer({
      limits: { dedupWindow: 64, messagesPerSecond: Infinity, maxRunningCalls: Infinity },
    });
    const { client } = await t.login("alice");
    for (let from = 1; from <= 3000; from += 500) {
      client.sendRaw(Array.from({ length: 500 }, (_, i) => rpc(from + i, "game.count")));
      await client.response(from + 499);
      client.drain();
    }
    expect(await client.call("game.count", {}, 1)).toMatchObject({ error: { code: "STALE_REQUEST" } });
    expect(await client.call("game.count", {}, 2936)).toMatchObject({ error: { code: "STALE_REQUEST" } });
    expect(await client.call("game.count", {}, 3000)).toMatchObject({ replayed: true, result: { n: 3000 } });
    expect(t.fixture.counts.count).toBe(3000);
    expect(metric(await metrics(), "gidl_dedup_replays_total")).toBe(1);
  });
});

describe("long disconnects and stuck handlers", () => {
  it("frees a disconnected player's seat and replay buffer when its resume window passes", async () => {
    t = await startServer({ limits: { resumeWindowMs: 200 } });
    const alice = (await t.login("alice")).client;
    const bob = (await t.login("bob")).client;
    const carol = await t.login("carol");
    const sessionId = await sessionOf(alice, bob, carol.client);
    carol.client.socket.terminate();
    await alice.event("session.playerDisconnected");
    const dave = (await t.login("dave")).client;
    expect(await dave.call("session.join", { sessionId })).toMatchObject({ error: { code: "SESSION_FULL" } });
    for (let i = 0; i < 10; i++) t.server.emitEvent("game.hit", { to: "session", sessionId }, { damage: i });
    expect(await alice.event("session.playerLeft")).toMatchObject({
      data: { playerId: "carol", reason: "timeout" },
    });
    expect(await dave.call("session.join", { sessionId })).toMatchObject({ result: { id: sessionId } });
    const late = await t.login("carol", {
      hello: { resume: { token: (carol.welcome.resume as { token: string }).token, lastEventSeq: 0 } },
    });
    expect(late.welcome).toMatchObject({ resumed: false, reason: "expired" });
    expect(metric(await metrics(), 'gidl_resume_failures_total{reason="expired"}')).toBe(1);
  });

  it("answers a handler that never settles with TIMEOUT, frees its slot, and does not hold shutdown", async () => {
    const never: Handler = () => new Promise(() => undefined);
    t = await startServer(
      withGameHandlers({ slow: never }, { limits: { maxRunningCalls: 1, shutdownTimeoutMs: 60_000 } }),
    );
    const { client } = await t.login("alice");
    for (let id = 1; id <= 3; id++) {
      expect(await client.call("game.slow", {}, id)).toMatchObject({
        error: { code: "TIMEOUT", retry: true },
      });
      expect(await client.call("game.whoami", {}, 100 + id)).toMatchObject({ result: { playerId: "alice" } });
    }
    // The timed-out calls are remembered, not run again.
    expect(await client.call("game.slow", {}, 1)).toMatchObject({
      replayed: true,
      error: { code: "TIMEOUT" },
    });
    const closing = t.server.close();
    expect(await Promise.race([closing.then(() => "closed"), delay(5000).then(() => "stuck")])).toBe(
      "closed",
    );
  });
});

describe("control frames", () => {
  it("ignores unsolicited WebSocket pongs and close frames with odd payloads cleanly", async () => {
    t = await startServer();
    const raw = await RawSocket.upgrade(t.server.port);
    raws.push(raw);
    await raw.hello("alice");
    for (let i = 0; i < 100; i++) raw.write(frame(OP.pong, "x"));
    raw.write(frame(OP.close, Buffer.from([0x03, 0xe7]))); // 999: not a valid close code
    const { closeCode } = await raw.ended;
    expect(closeCode).toBe(1002);
    const { client } = await t.login("bob");
    expect(await client.call("game.whoami")).toMatchObject({ result: { playerId: "bob" } });
  });
});
