import { afterEach, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "./test-server.js";

let t: TestServer;
afterEach(async () => {
  await t.close();
});

const rpcs = (from: number, count: number): unknown[] =>
  Array.from({ length: count }, (_, i) => ({ type: "rpc", id: from + i, method: "game.whoami", params: {} }));

describe.each(["json", "msgpack", "binary"] as const)("limits (%s)", (codec) => {
  it("closes a connection whose message is over maxPayload with 1009, serving others", async () => {
    t = await startServer({ limits: { maxPayload: 1024 } });
    const { client } = await t.login("alice", { codec });
    const other = (await t.login("bob", { codec })).client;
    client.sendRaw({ type: "rpc", id: 1, method: "game.echo", params: { text: "x".repeat(2000) } });
    expect((await client.closed).code).toBe(1009);
    expect(await other.call("game.whoami")).toMatchObject({ result: { playerId: "bob" } });
  });

  it("answers rpcs past the connection's burst with RATE_LIMITED and retryAfterMs", async () => {
    t = await startServer({ limits: { messagesPerSecond: 5, messagesBurst: 5 } });
    const { client } = await t.login("alice", { codec }); // hello took one token
    client.sendRaw(rpcs(1, 6));
    const replies = [];
    for (let id = 1; id <= 6; id++) replies.push(await client.response(id));
    expect(replies.filter((r) => r.result !== undefined)).toHaveLength(4);
    const limited = replies.filter((r) => r.error !== undefined);
    expect(limited).toHaveLength(2);
    expect(limited[0]?.error).toMatchObject({ code: "RATE_LIMITED", retry: true });
    expect((limited[0]?.error as { details: { retryAfterMs: number } }).details.retryAfterMs).toBeGreaterThan(
      0,
    );
  });

  it("closes a connection that keeps sending at twice the rate with 4029, serving others", async () => {
    t = await startServer({ limits: { messagesPerSecond: 5, messagesBurst: 5 } });
    const { client } = await t.login("alice", { codec });
    const other = (await t.login("bob", { codec })).client;
    client.sendRaw(rpcs(1, 20));
    expect((await client.closed).code).toBe(4029);
    expect(await other.call("game.whoami")).toMatchObject({ result: { playerId: "bob" } });
  });
});

describe.each(["json", "msgpack", "binary"] as const)("limits (one connection) (%s)", (codec) => {
  it("refuses a handshake past maxConnections with HTTP 503", async () => {
    t = await startServer({ limits: { maxConnections: 1 } });
    const { client } = await t.login("alice", { codec });
    await expect(t.connect({ codec })).rejects.toThrow("HTTP 503");
    expect(await client.call("game.whoami")).toMatchObject({ result: { playerId: "alice" } });
  });

  it("closes a player that does not read its events with 4008 and keeps its resume window", async () => {
    t = await startServer({
      limits: { slowConsumerBytes: 256 * 1024, replayBuffer: Infinity, replayBufferBytes: Infinity },
    });
    const slow = await t.login("alice", { codec });
    const other = (await t.login("bob", { codec })).client;
    slow.client.socket.pause();
    const text = "z".repeat(60 * 1024);
    let closedSlow = false;
    for (let batch = 0; batch < 40 && !closedSlow; batch++) {
      for (let i = 0; i < 20; i++)
        t.server.emitEvent("game.blob", { to: "players", playerIds: ["alice"] }, { text });
      await other.call("game.whoami");
      const metrics = await (await fetch(t.http + "/metrics")).text();
      closedSlow = /gidl_slow_consumer_closes_total 1/.test(metrics);
    }
    expect(closedSlow).toBe(true);
    slow.client.socket.resume();
    expect((await slow.client.closed).code).toBe(4008);
    const back = await t.login("alice", {
      codec,
      hello: { resume: { token: (slow.welcome.resume as { token: string }).token, lastEventSeq: 0 } },
    });
    expect(back.welcome).toMatchObject({ resumed: true });
  });

  it("drops @unreliable events, never reliable ones, above unreliableDropBytes of unsent data", async () => {
    t = await startServer({
      limits: { unreliableDropBytes: 64 * 1024, replayBuffer: Infinity, replayBufferBytes: Infinity },
    });
    const slow = await t.login("alice", { codec });
    slow.client.socket.pause();
    const text = "z".repeat(60 * 1024);
    let buffered = 0;
    for (let batch = 0; batch < 40 && buffered <= 64 * 1024; batch++) {
      for (let i = 0; i < 10; i++)
        t.server.emitEvent("game.blob", { to: "players", playerIds: ["alice"] }, { text });
      const metrics = await (await fetch(t.http + "/metrics")).text();
      buffered = Number(/gidl_send_buffer_bytes (\d+)/.exec(metrics)?.[1] ?? 0);
    }
    expect(buffered).toBeGreaterThan(64 * 1024);
    t.server.emitEvent("game.blip", { to: "all" }, { n: 1 });
    t.server.emitEvent("game.whisper", { to: "players", playerIds: ["alice"] }, { text: "after" });
    slow.client.socket.resume();
    await slow.client.next((m) => m.event === "game.whisper");
    expect(slow.client.drain().filter((m) => m.event === "game.blip")).toEqual([]);
  });
});
