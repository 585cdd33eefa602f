import { createServer } from "node:http";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { RawClient } from "./raw-client.js";
import { startServer, type TestServer } from "./test-server.js";

let t: TestServer;
afterEach(async () => {
  await t.close();
});

async function scrape(): Promise<string> {
  return (await fetch(t.http + "/metrics")).text();
}

/** The value of one series (`gidl_queue_depth{queue="shop"}`), or undefined when it is not exported. */
function valueOf(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Scrapes until `series` reads `expected` (connections close asynchronously); the last value otherwise. */
async function settled(series: string, expected: number): Promise<number | undefined> {
  let value: number | undefined;
  for (let attempt = 0; attempt < 100; attempt++) {
    value = valueOf(await scrape(), series);
    if (value === expected) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return value;
}

describe("observability", () => {
  it("serves Prometheus metrics of calls, messages, players, sessions and protective actions", async () => {
    t = await startServer();
    const { client } = await t.login("alice");
    await client.call("game.whoami", {}, 1);
    await client.call("game.whoami", {}, 1);
    await client.call("game.nope", {}, 2);
    await client.call("session.create", { settings: { map: "m" } }, 3);
    await t.login("bob", { hello: { resume: { token: "nope", lastEventSeq: 0 } } });
    const res = await fetch(t.http + "/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toContain('gidl_call_duration_seconds_count{method="game.whoami",code="OK"} 1');
    expect(text).toContain('gidl_errors_total{method="unknown",code="NOT_FOUND"} 1');
    expect(text).toContain('gidl_messages_total{direction="in",type="rpc"} 4');
    expect(text).toMatch(/gidl_messages_total\{direction="out",type="response"\} \d+/);
    expect(text).toContain("gidl_players_connected 2");
    expect(text).toContain("gidl_sessions_active 1");
    expect(text).toContain("gidl_dedup_replays_total 1");
    expect(text).toContain('gidl_resume_failures_total{reason="unknown"} 1');
    expect(text).toContain("# TYPE gidl_send_buffer_bytes gauge");
    expect(valueOf(text, "gidl_rate_limited_total")).toBe(0);
    expect(valueOf(text, "gidl_slow_consumer_closes_total")).toBe(0);
  });

  it("brings the player and session gauges back down as sessions end and players leave", async () => {
    t = await startServer();
    const alice = (await t.login("alice")).client;
    const bob = (await t.login("bob")).client;
    const carol = (await t.login("carol")).client;
    const first = await alice.call("session.create", { settings: { map: "m" } });
    await bob.call("session.join", { sessionId: (first.result as { id: string }).id });
    await carol.call("session.create", { settings: { map: "n" } });
    let text = await scrape();
    expect(valueOf(text, "gidl_players_connected")).toBe(3);
    expect(valueOf(text, "gidl_sessions_active")).toBe(2);

    expect((await alice.call("session.end")).error).toBeUndefined();
    text = await scrape();
    expect(valueOf(text, "gidl_sessions_active")).toBe(1);
    // docs/server.md "Game sessions and their hooks": the last member leaving ends the session.
    expect((await carol.call("session.leave")).error).toBeUndefined();
    expect(valueOf(await scrape(), "gidl_sessions_active")).toBe(0);

    await bob.close();
    expect(await settled("gidl_players_connected", 2)).toBe(2);
    alice.socket.terminate();
    expect(await settled("gidl_players_connected", 1)).toBe(1);
    await carol.close();
    expect(await settled("gidl_players_connected", 0)).toBe(0);
  });

  it("measures a @queue: its depth, each call's wait, and the call a full queue refuses", async () => {
    t = await startServer();
    const { client } = await t.login("alice");
    // game.queued: @queue("shop", concurrency: 1, depth: 1). The gates open in any case, or close() waits.
    try {
      const running = client.rpc("game.queued", { gate: "first" });
      await t.fixture.gates.waiting("first");
      const waiting = client.rpc("game.queued", { gate: "second" });
      const refused = await client.call("game.queued", { gate: "third" });
      expect(refused.error).toMatchObject({ code: "UNAVAILABLE" });
      let text = await scrape();
      expect(valueOf(text, 'gidl_queue_depth{queue="shop"}')).toBe(1);
      expect(valueOf(text, 'gidl_queue_wait_seconds_count{queue="shop"}')).toBe(1);
      expect(valueOf(text, 'gidl_errors_total{method="game.queued",code="UNAVAILABLE"}')).toBe(1);

      t.fixture.gates.open("first", 1);
      await client.response(running);
      await t.fixture.gates.waiting("second");
      text = await scrape();
      expect(valueOf(text, 'gidl_queue_depth{queue="shop"}')).toBe(0);
      expect(valueOf(text, 'gidl_queue_wait_seconds_count{queue="shop"}')).toBe(2);
      t.fixture.gates.open("second", 2);
      expect(await client.response(waiting)).toMatchObject({ result: { value: 2 } });
    } finally {
      t.fixture.gates.open("first", 1);
      t.fixture.gates.open("second", 2);
    }
  });

  it("counts each rpc refused by a method's @rate or by the connection's message rate", async () => {
    t = await startServer({ limits: { messagesPerSecond: 5, messagesBurst: 5 } });
    const { client } = await t.login("alice"); // hello took one token
    let nextId = 1;
    const rateLimited = async (method: string, count: number) => {
      const ids = Array.from({ length: count }, () => nextId++);
      client.sendRaw(ids.map((id) => ({ type: "rpc", id, method, params: {} })));
      const replies = await Promise.all(ids.map((id) => client.response(id)));
      return replies.filter((r) => (r.error as { code?: string } | undefined)?.code === "RATE_LIMITED")
        .length;
    };
    // game.limited: @rate(1/s, burst: 2); three in one batch, so the third finds the bucket empty.
    const byMethod = await rateLimited("game.limited", 3);
    expect(byMethod).toBeGreaterThanOrEqual(1);
    expect(valueOf(await scrape(), "gidl_rate_limited_total")).toBe(byMethod);
    // One token or so is left of the connection's burst of 5 (refilling at 5/s), so most of four are
    // refused; five refusals within a second would close the connection with 4029.
    const byConnection = await rateLimited("game.whoami", 4);
    expect(byConnection).toBeGreaterThanOrEqual(1);
    expect(valueOf(await scrape(), "gidl_rate_limited_total")).toBe(byMethod + byConnection);
  });

  it("counts an rpc refused past maxRunningCalls as rate-limited, like the other RATE_LIMITED answers", async () => {
    t = await startServer({ limits: { maxRunningCalls: 1 } });
    const { client } = await t.login("alice");
    const waiting = client.rpc("game.wait", { gate: "g" });
    try {
      await t.fixture.gates.waiting("g");
      expect((await client.call("game.whoami")).error).toMatchObject({ code: "RATE_LIMITED" });
      expect(valueOf(await scrape(), "gidl_rate_limited_total")).toBe(1);
    } finally {
      t.fixture.gates.open("g", 1);
    }
    expect(await client.response(waiting)).toMatchObject({ result: { value: 1 } });
  });

  it("counts a close for a slow consumer once", async () => {
    t = await startServer({
      limits: { slowConsumerBytes: 256 * 1024, replayBuffer: Infinity, replayBufferBytes: Infinity },
    });
    const slow = await t.login("alice");
    const other = (await t.login("bob")).client;
    expect(valueOf(await scrape(), "gidl_slow_consumer_closes_total")).toBe(0);
    slow.client.socket.pause();
    const text = "z".repeat(60 * 1024);
    // The kernel's buffers take a few MB before the server's socket holds any: send until it closes.
    for (let batch = 0; batch < 40; batch++) {
      for (let i = 0; i < 20; i++)
        t.server.emitEvent("game.blob", { to: "players", playerIds: ["alice"] }, { text });
      await other.call("game.whoami");
      if (valueOf(await scrape(), "gidl_slow_consumer_closes_total") !== 0) break;
    }
    // More events after the close do not count it again.
    for (let i = 0; i < 20; i++)
      t.server.emitEvent("game.blob", { to: "players", playerIds: ["alice"] }, { text });
    slow.client.socket.resume();
    expect((await slow.client.closed).code).toBe(4008);
    expect(valueOf(await scrape(), "gidl_slow_consumer_closes_total")).toBe(1);
  });

  it("answers /healthz with 200, and turns both routes off with metrics: false", async () => {
    t = await startServer();
    expect((await fetch(t.http + "/healthz")).status).toBe(200);
    await t.close();
    t = await startServer({ metrics: false });
    expect((await fetch(t.http + "/metrics")).status).toBe(404);
    expect((await fetch(t.http + "/healthz")).status).toBe(404);
  });

  it("serves the WebSocket path and /metrics on a user-supplied http.Server next to its own routes", async () => {
    const http = createServer((_req, res) => {
      res.writeHead(200).end("app");
    });
    t = await startServer({ server: http, path: "/ws" });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const address = http.address() as { port: number };
    const base = `http://127.0.0.1:${address.port}`;
    expect(await (await fetch(base + "/")).text()).toBe("app");
    expect((await fetch(base + "/healthz")).status).toBe(200);
    const client = await RawClient.open(`ws://127.0.0.1:${address.port}/ws`);
    expect(await client.hello({ token: "alice" })).toMatchObject({ type: "welcome" });
    client.socket.terminate();
    await t.close();
    await new Promise((resolve) => http.close(resolve));
    t = await startServer();
  });

  it("logs one line per call at debug with the documented fields, and INTERNAL at error", async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split("\n"))
          if (line !== "") lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    t = await startServer({ logger: pino({ level: "debug" }, sink) });
    const { client } = await t.login("alice");
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    await client.call("game.whoami", {}, 1, { trace: traceparent });
    await client.call("game.fail", { kind: "internal" }, 2);
    await client.call("game.trace", {}, 3, { trace: traceparent });
    const call = lines.find((l) => l.method === "game.whoami");
    expect(call).toMatchObject({
      level: 20,
      player_id: "alice",
      session_id: null,
      result: "ok",
      code: "OK",
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
    });
    expect(typeof call?.latency_ms).toBe("number");
    expect(typeof call?.time).toBe("number");
    const failure = lines.find((l) => l.method === "game.fail");
    expect(failure).toMatchObject({ level: 50, code: "INTERNAL", result: "error" });
    expect(JSON.stringify(failure)).toContain("hunter2");
    expect(lines.find((l) => l.msg === "tracing")).toMatchObject({
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      method: "game.trace",
    });
  });
});

describe.each(["json", "msgpack", "binary"] as const)("graceful close (%s)", (codec) => {
  it("lets running calls finish, answers new ones UNAVAILABLE, says 503 on /healthz, then closes with 1001", async () => {
    t = await startServer();
    const { client } = await t.login("alice", { codec });
    const running = client.rpc("game.wait", { gate: "g" });
    await t.fixture.gates.waiting("g");
    const closing = t.server.close();
    expect((await fetch(t.http + "/healthz")).status).toBe(503);
    expect((await client.call("game.whoami")).error).toMatchObject({ code: "UNAVAILABLE", retry: true });
    await expect(t.connect({ codec })).rejects.toThrow("HTTP 503");
    t.fixture.gates.open("g", "finished");
    expect(await client.response(running)).toMatchObject({ result: { value: "finished" } });
    expect((await client.closed).code).toBe(1001);
    await closing;
  });

  it("answers calls still running after shutdownTimeoutMs with UNAVAILABLE", async () => {
    t = await startServer({ limits: { shutdownTimeoutMs: 30 } });
    const { client } = await t.login("alice", { codec });
    const running = client.rpc("game.wait", { gate: "never" });
    await t.fixture.gates.waiting("never");
    const closing = t.server.close();
    expect(await client.response(running)).toMatchObject({ error: { code: "UNAVAILABLE", retry: true } });
    expect((await client.closed).code).toBe(1001);
    await closing;
  });
});
