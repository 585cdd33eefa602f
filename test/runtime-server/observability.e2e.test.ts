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
    for (const name of [
      "gidl_send_buffer_bytes",
      "gidl_queue_depth",
      "gidl_queue_wait_seconds",
      "gidl_rate_limited_total",
      "gidl_slow_consumer_closes_total",
    ]) {
      expect(text).toContain(`# TYPE ${name}`);
    }
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

describe.each(["json", "msgpack"] as const)("graceful close (%s)", (codec) => {
  it("lets running calls finish, answers new ones UNAVAILABLE, says 503 on /healthz, then closes with 1001", async () => {
    t = await startServer();
    const { client } = await t.login("alice", { codec });
    const running = client.rpc("game.wait", { gate: "g" });
    await t.fixture.gates.waiting("g");
    const closing = t.server.close();
    expect((await fetch(t.http + "/healthz")).status).toBe(503);
    expect((await client.call("game.whoami")).error).toMatchObject({ code: "UNAVAILABLE", retry: true });
    await expect(RawClient.open(t.url, { codec })).rejects.toThrow("HTTP 503");
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
