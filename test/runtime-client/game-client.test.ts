import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isGameError, type ConnectionState } from "../../runtime-client/index.js";
import { definition, eventually, harness, type Harness } from "./fixtures.js";

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.stop();
});

describe("connecting", () => {
  it("says hello with the protocol, the schema hash and the token, and opens on welcome", async () => {
    const client = h.client({ token: () => Promise.resolve("fresh-token") });
    const states: ConnectionState[] = [];
    client.onState((state) => states.push(state));
    expect(client.state).toBe("closed");
    const connecting = client.connect();
    const conn = await h.server.nextConnection();
    const hello = await conn.accept({ player: "p7", resumeToken: "r1" });
    await connecting;
    expect(hello).toEqual({ type: "hello", protocol: 1, schema: definition.hash, token: "fresh-token" });
    expect(client.state).toBe("open");
    expect(client.playerId).toBe("p7");
    expect(states).toEqual(["connecting", "open"]);
  });

  it("offers its preferred codec first and the other second", async () => {
    const { conn: jsonConn } = await h.connected();
    expect(jsonConn.offered).toEqual(["gidl.v1.json", "gidl.v1.msgpack"]);
    const { conn: msgpackConn } = await h.connected({ codec: "msgpack" });
    expect(msgpackConn.offered).toEqual(["gidl.v1.msgpack", "gidl.v1.json"]);
    expect(msgpackConn.binary).toBe(true);
  });

  it("falls back to JSON when the server supports only JSON", async () => {
    h.server.supported = ["gidl.v1.json"];
    const { client, conn } = await h.connected({ codec: "msgpack" });
    expect(conn.binary).toBe(false);
    const answer = client.call("game.echo", { text: "hi" });
    const rpc = await conn.next("rpc");
    conn.send({ type: "response", id: rpc.id, result: { text: "hi" } });
    expect(await answer).toEqual({ text: "hi" });
  });

  it("sends no token when it has none (an anonymous connection)", async () => {
    const { hello, client } = await h.connected({ token: undefined }, { player: null });
    expect(hello).toEqual({ type: "hello", protocol: 1, schema: definition.hash });
    expect(client.playerId).toBeNull();
  });

  it("opens one connection however many times connect() is called", async () => {
    const client = h.client();
    const first = client.connect();
    const second = client.connect();
    const conn = await h.server.nextConnection();
    await conn.accept();
    await Promise.all([first, second]);
    await client.connect();
    expect(h.server.connections).toHaveLength(1);
  });

  it("retries a server that is not there yet, then connects", async () => {
    h.server.supported = [];
    const client = h.client();
    const connecting = client.connect();
    // Refused at the handshake (no subprotocol it supports) twice, then accepted.
    await h.server.nextConnection();
    await h.server.nextConnection();
    h.server.supported = ["gidl.v1.json"];
    let conn = await h.server.nextConnection();
    while (conn.socket.protocol === "") conn = await h.server.nextConnection();
    await conn.accept();
    await connecting;
    expect(client.state).toBe("open");
  });

  it("gives up for good when the server refuses the credentials", async () => {
    const client = h.client();
    const states: ConnectionState[] = [];
    client.onState((state) => states.push(state));
    const connecting = client.connect();
    const conn = await h.server.nextConnection();
    await conn.next("hello");
    conn.send({ type: "error", error: { code: "UNAUTHENTICATED", message: "bad token", retry: false } });
    conn.socket.close(4001, "unauthenticated");
    const error: unknown = await connecting.catch((e: unknown) => e);
    expect(isGameError(error, "UNAUTHENTICATED")).toBe(true);
    expect((error as Error).message).toBe("bad token");
    expect(client.state).toBe("closed");
    expect(states).toEqual(["connecting", "closed"]);
    const later: unknown = await client.call("game.echo", {}).catch((e: unknown) => e);
    expect(isGameError(later, "CLIENT_CLOSED")).toBe(true);
    expect(h.server.connections).toHaveLength(1);
  });

  it("gives up for good on a schema mismatch close without an error message", async () => {
    const client = h.client();
    const connecting = client.connect();
    const conn = await h.server.nextConnection();
    await conn.next("hello");
    conn.socket.close(4003, "schema mismatch");
    const error: unknown = await connecting.catch((e: unknown) => e);
    expect(isGameError(error, "SCHEMA_MISMATCH")).toBe(true);
  });

  it("does not take the player back when another connection took over (4004)", async () => {
    const { client, conn } = await h.connected();
    const pending = client.call("game.echo", {}).catch((e: unknown) => e);
    await conn.next("rpc");
    conn.socket.close(4004, "taken over");
    expect(isGameError(await pending, "CLIENT_CLOSED")).toBe(true);
    expect(client.state).toBe("closed");
    expect(h.server.connections).toHaveLength(1);
  });

  it("rejects connect() with CONNECTION_LOST when reconnecting is off and the first attempt fails", async () => {
    h.server.supported = [];
    const client = h.client({ reconnect: false });
    const error: unknown = await client.connect().catch((e: unknown) => e);
    expect(isGameError(error, "CONNECTION_LOST")).toBe(true);
    expect(client.state).toBe("closed");
  });
});

describe("closing", () => {
  it("closes with 1000, fails unanswered calls with CLIENT_CLOSED and refuses new ones", async () => {
    const { client, conn } = await h.connected();
    const pending = client.call("game.echo", {}).catch((e: unknown) => e);
    await conn.next("rpc");
    await client.close();
    expect(await conn.closed).toEqual({ code: 1000, reason: "client closed" });
    const error = await pending;
    expect(isGameError(error, "CLIENT_CLOSED")).toBe(true);
    expect((error as { retry: boolean }).retry).toBe(false);
    expect(client.state).toBe("closed");
    expect(isGameError(await client.call("game.echo", {}).catch((e: unknown) => e), "CLIENT_CLOSED")).toBe(
      true,
    );
    await expect(client.connect()).rejects.toMatchObject({ code: "CLIENT_CLOSED" });
  });

  it("stops a connect() still waiting for its welcome", async () => {
    const client = h.client();
    const connecting = client.connect().catch((e: unknown) => e);
    const conn = await h.server.nextConnection();
    await conn.next("hello");
    await client.close();
    expect(isGameError(await connecting, "CLIENT_CLOSED")).toBe(true);
    expect((await conn.closed).code).toBe(1000);
  });

  it("does not reconnect after close()", async () => {
    const { client } = await h.connected();
    await client.close();
    await client.close();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(h.server.connections).toHaveLength(1);
  });
});

describe("heartbeats", () => {
  it("answers the server's ping with the same t", async () => {
    const { conn } = await h.connected();
    conn.send({ type: "ping", t: 12345.5 });
    expect(await conn.next("pong")).toEqual({ type: "pong", t: 12345.5 });
  });

  it("pings a quiet server, and reconnects with a resume after two silent intervals", async () => {
    h.server.answerPings = false;
    const { client, conn } = await h.connected({}, { resumeToken: "r1", heartbeatMs: 40 });
    const states: ConnectionState[] = [];
    client.onState((state) => states.push(state));
    const ping = await conn.next("ping");
    expect(typeof ping.t).toBe("number");
    const second = await h.server.nextConnection();
    const hello = await second.accept({ resumeToken: "r2", resumed: true });
    expect(hello.resume).toEqual({ token: "r1", lastEventSeq: 0 });
    await eventually(() => client.state === "open");
    expect(states).toEqual(["reconnecting", "open"]);
  });
});

describe("a call's own deadline", () => {
  it("refuses one that no timer can honour, before anything is sent", async () => {
    const { client, conn } = await h.connected();
    await expect(client.call("game.echo", { text: "hi" }, { timeoutMs: -1 })).rejects.toThrow(
      new TypeError(
        'Client option "timeoutMs" must be a number of milliseconds above 0 and at most 2147483647, got -1',
      ),
    );
    const answer = client.call("game.echo", { text: "next" });
    const rpc = await conn.next("rpc");
    expect(rpc.params).toEqual({ text: "next" });
    conn.send({ type: "response", id: rpc.id, result: { text: "next" } });
    expect(await answer).toEqual({ text: "next" });
  });
});
