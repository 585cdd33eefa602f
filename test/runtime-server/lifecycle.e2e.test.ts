import { afterEach, describe, expect, it } from "vitest";
import { OLD_SCHEMA_HASH } from "./fixtures/arena.js";
import { RawClient } from "./raw-client.js";
import { startServer, type TestServer } from "./test-server.js";

let t: TestServer;
afterEach(async () => {
  await t.close();
});

describe.each(["json", "msgpack", "binary"] as const)("connection lifecycle (%s)", (codec) => {
  it("welcomes an authenticated player with a resume token", async () => {
    t = await startServer();
    const { welcome } = await t.login("alice", { codec });
    expect(welcome).toMatchObject({
      type: "welcome",
      protocol: 1,
      player: "alice",
      resumed: false,
      heartbeatMs: 15000,
    });
    const resume = welcome.resume as { token: string; expiresInMs: number };
    expect(resume.expiresInMs).toBe(30000);
    expect(resume.token.length).toBeGreaterThan(22);
    expect(typeof welcome.serverTime).toBe("number");
    expect(welcome).not.toHaveProperty("reason");
  });

  it("welcomes a hello without a token as anonymous, allowing only @public methods", async () => {
    t = await startServer();
    const client = await t.connect({ codec });
    const welcome = await client.hello();
    expect(welcome).toMatchObject({ type: "welcome", player: null, resumed: false });
    expect(welcome).not.toHaveProperty("resume");
    expect(await client.call("game.echo", { text: "hi" })).toMatchObject({ result: { text: "hi" } });
    const refused = await client.call("game.whoami");
    expect(refused.error).toMatchObject({ code: "UNAUTHENTICATED", retry: false });
  });

  it("refuses a token that authenticate rejects with UNAUTHENTICATED and close code 4001", async () => {
    t = await startServer();
    const client = await t.connect({ codec });
    const reply = await client.hello({ token: "mallory" });
    expect(reply).toMatchObject({ type: "error", error: { code: "UNAUTHENTICATED", retry: false } });
    expect((await client.closed).code).toBe(4001);
  });

  it("refuses an unknown schema hash with SCHEMA_MISMATCH and 4003, and accepts one in acceptSchemas", async () => {
    t = await startServer({ acceptSchemas: [OLD_SCHEMA_HASH] });
    // A binary token pins the schema, so a client of an older one gets MessagePack instead
    // (binary-codec.e2e.test.ts; docs/protocol.md "Negotiation"): on binary only the refusal applies.
    if (codec !== "binary") {
      const old = await t.connect({ codec });
      expect(await old.hello({ token: "alice", schema: OLD_SCHEMA_HASH })).toMatchObject({ type: "welcome" });
    }
    const stranger = await t.connect({ codec });
    const reply = await stranger.hello({ token: "bob", schema: "c".repeat(64) });
    expect(reply).toMatchObject({ type: "error", error: { code: "SCHEMA_MISMATCH", retry: false } });
    expect((await stranger.closed).code).toBe(4003);
  });

  it("answers a message before hello with BAD_MESSAGE and close code 4000", async () => {
    t = await startServer();
    const client = await t.connect({ codec });
    client.sendRaw({ type: "rpc", id: 1, method: "game.echo", params: { text: "x" } });
    expect(await client.next()).toMatchObject({ type: "error", error: { code: "BAD_MESSAGE" } });
    expect((await client.closed).code).toBe(4000);
  });

  it("answers a second hello with BAD_MESSAGE and close code 4000", async () => {
    t = await startServer();
    const { client } = await t.login("alice", { codec });
    client.sendRaw({ type: "hello", protocol: 1, schema: "a".repeat(64), token: "alice" });
    expect(await client.next()).toMatchObject({ type: "error", error: { code: "BAD_MESSAGE" } });
    expect((await client.closed).code).toBe(4000);
  });

  it("refuses a hello with an unsupported protocol version with BAD_MESSAGE and close code 4000", async () => {
    t = await startServer();
    const client = await t.connect({ codec });
    expect(await client.hello({ token: "alice", protocol: 2 })).toMatchObject({
      type: "error",
      error: { code: "BAD_MESSAGE", retry: false },
    });
    expect((await client.closed).code).toBe(4000);
  });

  it("closes a connection that sends no hello within helloTimeoutMs with 4002", async () => {
    t = await startServer({ limits: { helloTimeoutMs: 50 } });
    const client = await t.connect({ codec });
    expect((await client.closed).code).toBe(4002);
  });

  it("handles a batch of hello and calls in order", async () => {
    t = await startServer();
    const client = await t.connect({ codec });
    client.sendRaw([
      { type: "hello", protocol: 1, schema: "a".repeat(64), token: "alice" },
      { type: "rpc", id: 1, method: "game.count", params: {} },
      { type: "rpc", id: 2, method: "game.count", params: {} },
    ]);
    expect(await client.next()).toMatchObject({ type: "welcome" });
    expect(await client.response(1)).toMatchObject({ result: { n: 1 } });
    expect(await client.response(2)).toMatchObject({ result: { n: 2 } });
  });

  it("answers ping with pong carrying the same t", async () => {
    t = await startServer();
    const { client } = await t.login("alice", { codec });
    client.sendRaw({ type: "ping", t: 1234.5 });
    expect(await client.next((m) => m.type === "pong")).toEqual({ type: "pong", t: 1234.5 });
  });

  it("keeps a connection open past many heartbeat intervals while it answers the server's pings", async () => {
    t = await startServer({ limits: { heartbeatMs: 40 } });
    const { client } = await t.login("alice", { codec });
    // Six server pings span three times the two silent intervals after which a peer is dropped.
    for (let i = 0; i < 6; i++) {
      const ping = await client.next((m) => m.type === "ping");
      expect(typeof ping.t).toBe("number");
      client.sendRaw({ type: "pong", t: ping.t });
    }
    expect(await client.call("game.whoami")).toMatchObject({ result: { playerId: "alice" } });
  });

  it("closes the older connection with 4004 when the same player connects again", async () => {
    t = await startServer();
    const first = await t.login("alice", { codec });
    const second = await t.login("alice", { codec });
    expect(second.welcome).toMatchObject({ type: "welcome", resumed: false });
    expect((await first.client.closed).code).toBe(4004);
    expect(await second.client.call("game.whoami")).toMatchObject({ result: { playerId: "alice" } });
  });
});

describe("connection lifecycle (protocol errors)", () => {
  it("keeps the connection open after a bad frame once welcomed, answering BAD_MESSAGE", async () => {
    t = await startServer();
    const { client } = await t.login("alice");
    client.socket.send("{not json");
    expect(await client.next()).toMatchObject({
      type: "error",
      error: { code: "BAD_MESSAGE", retry: false },
    });
    client.sendRaw({ type: "teleport" });
    expect(await client.next()).toMatchObject({ type: "error", error: { code: "BAD_MESSAGE" } });
    client.sendRaw({ type: "rpc", id: 5, method: "game.echo", params: "nope" });
    expect(await client.response(5)).toMatchObject({ error: { code: "BAD_MESSAGE" } });
    client.sendRaw({ type: "rpc", id: 1.5, method: "game.echo", params: {} });
    expect(await client.next()).toMatchObject({ type: "error", error: { code: "BAD_MESSAGE" } });
    expect(await client.call("game.whoami")).toMatchObject({ result: { playerId: "alice" } });
  });

  it("refuses a binary frame on a JSON connection and a text frame on a MessagePack one", async () => {
    t = await startServer();
    const json = (await t.login("alice")).client;
    json.socket.send(Buffer.from([0x80]));
    expect(await json.next()).toMatchObject({ type: "error", error: { code: "BAD_MESSAGE" } });
    const msgpack = (await t.login("bob", { codec: "msgpack" })).client;
    msgpack.socket.send("{}");
    expect(await msgpack.next()).toMatchObject({ type: "error", error: { code: "BAD_MESSAGE" } });
  });

  it("refuses MessagePack extension types with BAD_MESSAGE", async () => {
    t = await startServer();
    const { client } = await t.login("alice", { codec: "msgpack" });
    // fixext 1 (type 1, data 0) as the whole frame.
    client.socket.send(Buffer.from([0xd4, 0x01, 0x00]));
    expect(await client.next()).toMatchObject({ type: "error", error: { code: "BAD_MESSAGE" } });
  });

  it("picks the first of the client's offered subprotocols that it supports", async () => {
    t = await startServer();
    const client = await RawClient.open(t.url, {
      codec: "msgpack",
      protocols: ["x.unknown", "gidl.v1.msgpack", "gidl.v1.json"],
    });
    expect(client.socket.protocol).toBe("gidl.v1.msgpack");
    expect(await client.hello({ token: "alice" })).toMatchObject({ type: "welcome" });
    client.socket.terminate();
  });

  it("uses JSON for a client that offers no subprotocol", async () => {
    t = await startServer();
    const client = await RawClient.open(t.url, { codec: "json", protocols: [] });
    expect(client.socket.protocol).toBe("");
    expect(await client.hello({ token: "alice" })).toMatchObject({ type: "welcome" });
    client.socket.terminate();
  });

  it("refuses a handshake offering only unknown subprotocols with HTTP 400", async () => {
    t = await startServer();
    await expect(RawClient.open(t.url, { protocols: ["chat.v2"] })).rejects.toThrow("HTTP 400");
  });

  it("refuses msgpack when the server is configured for JSON only", async () => {
    t = await startServer({ codecs: ["json"] });
    await expect(RawClient.open(t.url, { codec: "msgpack" })).rejects.toThrow("HTTP 400");
  });

  it("answers a plain HTTP request to the WebSocket path with 426", async () => {
    t = await startServer();
    const res = await fetch(t.http + "/");
    expect(res.status).toBe(426);
    expect(res.headers.get("upgrade")).toBe("websocket");
  });

  it("refuses browser origins outside allowedOrigins and lets connections without Origin in", async () => {
    t = await startServer({ allowedOrigins: ["https://game.example"] });
    await expect(RawClient.open(t.url, { headers: { Origin: "https://evil.example" } })).rejects.toThrow(
      "HTTP 403",
    );
    const good = await RawClient.open(t.url, { headers: { Origin: "https://game.example" } });
    const none = await RawClient.open(t.url);
    good.socket.terminate();
    none.socket.terminate();
  });

  it("ends the player session when the client closes with 1000, so its token no longer resumes", async () => {
    t = await startServer();
    const { client, welcome } = await t.login("alice");
    await client.close(1000);
    const again = await t.login("alice", {
      hello: { resume: { token: (welcome.resume as { token: string }).token, lastEventSeq: 0 } },
    });
    expect(again.welcome).toMatchObject({ resumed: false, reason: "unknown" });
  });

  it("drops a silent connection after two heartbeat intervals without a close frame", async () => {
    t = await startServer({ limits: { heartbeatMs: 40 } });
    const { client } = await t.login("alice");
    // The raw client never answers the server's pings: it is silent after its hello.
    expect(await client.next((m) => m.type === "ping")).toMatchObject({ type: "ping" });
    const closed = await client.closed;
    expect(closed.code).toBe(1006);
  });
});
