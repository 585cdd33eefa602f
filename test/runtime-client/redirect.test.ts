/**
 * Following SESSION_ELSEWHERE to the server that holds the session (docs/client.md "Scale-out:
 * following SESSION_ELSEWHERE").
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isWebSocketUrl } from "../../runtime-client/redirect.js";
import { FakeServer, type FakeConnection } from "./fake-server.js";
import { harness, unawaited, type Harness } from "./fixtures.js";

let h: Harness;
let other: FakeServer;
beforeEach(async () => {
  h = await harness();
  other = await FakeServer.start();
});
afterEach(async () => {
  await h.stop();
  await other.stop();
});

function elsewhere(conn: FakeConnection, id: unknown, url: unknown): void {
  conn.send({
    type: "response",
    id,
    error: { code: "SESSION_ELSEWHERE", message: "served elsewhere", details: { url }, retry: true },
  });
}

describe("following SESSION_ELSEWHERE", () => {
  it("resumes on the named server, re-sends the refused call as a new call there, and settles it once with that answer", async () => {
    const { client, conn } = await h.connected();
    const other1 = client.call("game.echo", { text: "first" });
    const join = client.call("session.join", { sessionId: "s1" });
    const echo = await conn.next("rpc");
    const refused = await conn.next("rpc");
    elsewhere(conn, refused.id, other.url);

    const moved = await other.nextConnection();
    const hello = await moved.accept({ resumeToken: "r2", resumed: true });
    expect(hello.resume).toEqual({ token: "r1", lastEventSeq: 0 });
    // The unanswered call goes out again with its own id; the refused one with a new, higher id.
    const resent = await moved.next("rpc");
    const rejoin = await moved.next("rpc");
    expect(resent).toMatchObject({ id: echo.id, method: "game.echo" });
    expect(rejoin).toMatchObject({ method: "session.join", params: { sessionId: "s1" } });
    expect(rejoin.id).toBeGreaterThan(refused.id as number);
    moved.send({ type: "response", id: rejoin.id, result: { id: "s1" } });
    moved.send({ type: "response", id: resent.id, result: { text: "first" } });
    expect(await join).toEqual({ id: "s1" });
    expect(await other1).toEqual({ text: "first" });
    expect(client.state).toBe("open");
    // The first server's socket was dropped without 1000, so the player session survives the move.
    expect((await conn.closed).code).not.toBe(1000);
  });

  it("does not follow a URL that is not ws: or wss:, and rejects the call with SESSION_ELSEWHERE", async () => {
    const { client, conn } = await h.connected();
    for (const url of ["http://evil.example/", "javascript:alert(1)", "not a url", 42]) {
      const join = client.call("session.join", { sessionId: "s1" });
      const rpc = await conn.next("rpc");
      elsewhere(conn, rpc.id, url);
      await expect(join).rejects.toMatchObject({ code: "SESSION_ELSEWHERE" });
    }
    expect(other.connections).toHaveLength(0);
    expect(h.server.connections).toHaveLength(1);
  });

  it("gives up after three redirects in a row and rejects the call with SESSION_ELSEWHERE", async () => {
    const { client, conn } = await h.connected();
    const join = client.call("session.join", { sessionId: "s1" });
    let current = conn;
    for (let hop = 0; hop < 4; hop++) {
      const rpc = await current.next("rpc");
      // Each server sends the client to the other one.
      elsewhere(current, rpc.id, hop % 2 === 0 ? other.url : h.server.url);
      if (hop === 3) break;
      current = hop % 2 === 0 ? await other.nextConnection() : await h.server.nextConnection();
      await current.accept({ resumeToken: `r${String(hop + 2)}`, resumed: true });
    }
    await expect(join).rejects.toMatchObject({ code: "SESSION_ELSEWHERE" });
    expect(client.state).toBe("open");
  });

  it("falls back to its first URL when the server it was sent to cannot be reached", async () => {
    const { client, conn } = await h.connected();
    const join = client.call("session.join", { sessionId: "s1" });
    const rpc = await conn.next("rpc");
    elsewhere(conn, rpc.id, other.url);
    const moved = await other.nextConnection();
    await moved.accept({ resumeToken: "r2", resumed: true });
    const rejoin = await moved.next("rpc");
    moved.send({ type: "response", id: rejoin.id, result: { id: "s1" } });
    await join;
    // The session's server dies: the client tries it again, fails, and goes back to the first URL.
    await other.stop();
    const back = await h.server.nextConnection();
    const hello = await back.accept({ resumeToken: "r3", resumed: true });
    expect(hello.resume).toEqual({ token: "r2", lastEventSeq: 0 });
    unawaited(client.call("game.echo", {}));
    expect(await back.next("rpc")).toMatchObject({ method: "game.echo" });
  });
});

it("isWebSocketUrl accepts only absolute ws: and wss: URLs", () => {
  expect(isWebSocketUrl("ws://127.0.0.1:1/")).toBe(true);
  expect(isWebSocketUrl("wss://game.example/play")).toBe(true);
  for (const url of ["https://game.example/", "/relative", "", null, {}])
    expect(isWebSocketUrl(url)).toBe(false);
});
