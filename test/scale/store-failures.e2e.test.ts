/**
 * Store work in the background never kills the process (docs/server.md "When the store fails"):
 * servers closed while players leave and timers are due, and a Redis killed under running servers,
 * with every unhandled rejection failing the test. Several servers in this one process, on a Redis
 * of the test's own.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RawClient } from "../runtime-server/raw-client.js";
import type { TestServer } from "../runtime-server/test-server.js";
import { RedisProcess, sleep } from "./cluster.js";
import { capturedLogger, redisServer, UnhandledRejections } from "./in-process.js";

let redis: RedisProcess;
const rejections = new UnhandledRejections();

beforeAll(async () => {
  redis = await RedisProcess.start();
  rejections.start();
});

afterAll(async () => {
  rejections.stop();
  await redis.stop();
});

/** A player logged in on `server`, in a game session (created by the first of each server). */
async function seated(server: TestServer, tokens: readonly string[]): Promise<RawClient[]> {
  const clients: RawClient[] = [];
  let sessionId: unknown;
  for (const token of tokens) {
    const { client, welcome } = await server.login(token);
    expect(welcome).toMatchObject({ type: "welcome" });
    const answer =
      sessionId === undefined
        ? await client.call("session.create", { settings: { map: "dust" } })
        : await client.call("session.join", { sessionId });
    expect(answer).toMatchObject({ type: "response", result: {} });
    sessionId ??= (answer.result as { id: string }).id;
    expect(await client.call("game.echo", { text: token })).toMatchObject({ result: { text: token } });
    clients.push(client);
  }
  return clients;
}

it("closes servers at once after their players left or dropped, 20 times, without an unhandled rejection", async () => {
  const { logger, lines } = capturedLogger();
  for (let loop = 0; loop < 20; loop++) {
    // Short windows, so that resume expiries and session cleanups fall due around the close.
    const limits = { resumeWindowMs: 20 + (loop % 4) * 10, sessionCleanupMs: 10, shutdownTimeoutMs: 200 };
    const prefix = `loop${String(loop)}:`;
    const servers = [
      await redisServer(redis.url, prefix, `a${String(loop)}`, { limits, logger }),
      await redisServer(redis.url, prefix, `b${String(loop)}`, { limits, logger }),
    ];
    const [a, b] = servers as [TestServer, TestServer];
    const clients = [...(await seated(a, ["alice", "bob"])), ...(await seated(b, ["carol", "dave"]))];
    // Half leave on purpose (1000: their player and game sessions end), half drop (the resume window).
    for (const [i, client] of clients.entries()) {
      if (i % 2 === 0) client.socket.close(1000);
      else client.socket.terminate();
    }
    await Promise.all(clients.map((client) => client.closed));
    await sleep(loop % 5);
    await Promise.all(servers.map((server) => server.close()));
  }
  // Late work of the last servers would reject now, after their store connections quit.
  await sleep(200);
  expect(rejections.seen).toEqual([]);
  // close() waited for the store work of the players who had just left: none of it failed.
  expect(lines.filter((line) => String(line.msg).startsWith("store "))).toEqual([]);
});

it("keeps running while Redis is killed under leaving players and ending sessions, and keeps its guarantees once it is back", async () => {
  const logs = [capturedLogger(), capturedLogger()] as const;
  const limits = { resumeWindowMs: 300, sessionCleanupMs: 50, shutdownTimeoutMs: 200 };
  const a = await redisServer(redis.url, "kill:", "ka", { limits, logger: logs[0].logger });
  const b = await redisServer(redis.url, "kill:", "kb", { limits, logger: logs[1].logger });
  try {
    const [alice, bob] = (await seated(a, ["alice", "bob"])) as [RawClient, RawClient];
    const [carol] = (await seated(b, ["carol"])) as [RawClient];
    // A player on each node stays connected through the outage.
    const { client: dave, welcome } = await a.login("dave");
    const { client: root } = await b.login("root");
    const token = (welcome.resume as { token: string }).token;

    const port = redis.port;
    await redis.stop();
    // While the store is gone: one player leaves, one drops (its resume window ends meanwhile, and
    // with it the last member of the game session), another node's session ends.
    alice.socket.close(1000);
    bob.socket.terminate();
    carol.socket.close(1000);
    const during = dave.rpc("game.count");
    await sleep(limits.resumeWindowMs + 200);
    // Both servers still serve: health answered, the connected player still connected.
    for (const server of [a, b]) expect((await fetch(`${server.http}/healthz`)).status).toBe(200);
    for (const client of [dave, root]) expect(client.socket.readyState).toBe(client.socket.OPEN);
    redis = await RedisProcess.start(port);

    // docs/scaling.md "When Redis restarts": the player session held through the loss ends (1001),
    // and its resume says so: resumed: false, reason state-lost, never silently.
    for (const client of [dave, root]) expect((await client.closed).code).toBe(1001);
    // The call sent during the outage was answered at most once, and ran at most once.
    expect(dave.drain().filter((m) => m.type === "response" && m.id === during).length).toBeLessThanOrEqual(
      1,
    );
    expect(a.fixture.counts.count).toBeLessThanOrEqual(1);
    let resumed: Record<string, unknown> | undefined;
    let again: RawClient | undefined;
    for (let attempt = 0; attempt < 50 && resumed?.type !== "welcome"; attempt++) {
      if (attempt > 0) await sleep(100);
      again?.socket.terminate();
      again = await a.connect();
      resumed = await again.hello({ token: "dave", resume: { token, lastEventSeq: 0 } });
    }
    expect(resumed).toMatchObject({ type: "welcome", resumed: false, reason: "state-lost" });

    // The store works again: a call is answered, and answered once (a re-sent id gets the same answer).
    const client = again as RawClient;
    const answer = await client.call("game.count", {}, 1);
    expect(answer).toMatchObject({ type: "response", id: 1, result: { n: a.fixture.counts.count } });
    expect(await client.call("game.count", {}, 1)).toEqual({ ...answer, replayed: true });
    // Who left or timed out during the outage is out of their game session, though the store
    // answered "no session" meanwhile and the session was written back after: each may create one.
    const { client: ann } = await b.login("alice");
    const { client: ben } = await a.login("bob");
    const created = await ann.call("session.create", { settings: { map: "dust" } });
    expect(created.error).toBeUndefined();
    expect((await ben.call("session.create", { settings: { map: "ice" } })).error).toBeUndefined();
    // The directory is shared again: a session of one node is listed by the other.
    const listed = await client.call("session.list");
    expect((listed.result as { sessions: { id: string }[] }).sessions.map((s) => s.id)).toContain(
      (created.result as { id: string }).id,
    );
    // One loss is handled once on each node: the fresh player sessions were not ended again.
    await sleep(1000);
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    for (const { lines } of logs) {
      expect(lines.filter((line) => String(line.msg).includes("lost state")).length).toBe(1);
    }
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
  expect(rejections.seen).toEqual([]);
});
