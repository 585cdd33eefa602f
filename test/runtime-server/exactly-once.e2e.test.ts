import { afterEach, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "./test-server.js";

let t: TestServer;
afterEach(async () => {
  await t.close();
});

const tokenOf = (welcome: Record<string, unknown>): string => (welcome.resume as { token: string }).token;

describe.each(["json", "msgpack", "binary"] as const)("exactly-once calls (%s)", (codec) => {
  it("answers a remembered id again with replayed: true without running the handler", async () => {
    t = await startServer();
    const { client } = await t.login("alice", { codec });
    expect(await client.call("game.count", {}, 7)).toEqual({ type: "response", id: 7, result: { n: 1 } });
    expect(await client.call("game.count", {}, 7)).toEqual({
      type: "response",
      id: 7,
      result: { n: 1 },
      replayed: true,
    });
    expect(t.fixture.counts.count).toBe(1);
  });

  it("remembers declared errors as well as results", async () => {
    t = await startServer();
    const { client } = await t.login("alice", { codec });
    await client.call("game.fail", { kind: "declared" }, 1);
    expect(await client.call("game.fail", { kind: "declared" }, 1)).toMatchObject({
      replayed: true,
      error: { code: "OUT_OF_AMMO" },
    });
  });

  it("checks an id refused before its handler started again when it is sent again", async () => {
    t = await startServer();
    const { client } = await t.login("alice", { codec });
    // An empty text breaks @length, and can be encoded on every codec.
    expect((await client.call("game.echo", { text: "" }, 1)).error).toMatchObject({
      code: "INVALID_ARGUMENT",
    });
    expect(await client.call("game.echo", { text: "now" }, 1)).toEqual({
      type: "response",
      id: 1,
      result: { text: "now" },
    });
  });

  it("answers an id older than the window with STALE_REQUEST", async () => {
    t = await startServer({ limits: { dedupWindow: 2 } });
    const { client } = await t.login("alice", { codec });
    await client.call("game.count", {}, 1);
    await client.call("game.count", {}, 2);
    await client.call("game.count", {}, 3);
    expect((await client.call("game.count", {}, 1)).error).toMatchObject({
      code: "STALE_REQUEST",
      retry: false,
    });
    expect(await client.call("game.count", {}, 3)).toMatchObject({ replayed: true, result: { n: 3 } });
  });

  it("runs an id still running once and answers it once, on the connection the player has then", async () => {
    t = await startServer();
    const first = await t.login("alice", { codec });
    const id = first.client.rpc("game.wait", { gate: "g" });
    await t.fixture.gates.waiting("g");
    first.client.socket.terminate();
    await first.client.closed;
    const second = await t.login("alice", {
      codec,
      hello: { resume: { token: tokenOf(first.welcome), lastEventSeq: 0 } },
    });
    expect(second.welcome).toMatchObject({ resumed: true });
    second.client.rpc("game.wait", { gate: "g" }, id);
    // Messages are handled in order: once this answer is in, the re-sent id was seen while running.
    await second.client.call("game.whoami", {}, id + 1);
    t.fixture.gates.open("g", "done");
    expect(await second.client.response(id)).toEqual({ type: "response", id, result: { value: "done" } });
    await second.client.call("game.whoami", {}, id + 2);
    expect(second.client.drain().filter((m) => m.type === "response")).toEqual([]);
  });

  it("keeps the id window across a resume and replays a call answered while disconnected", async () => {
    t = await startServer();
    const first = await t.login("alice", { codec });
    await first.client.call("game.count", {}, 1);
    const id = first.client.rpc("game.wait", { gate: "w" });
    await t.fixture.gates.waiting("w");
    first.client.socket.terminate();
    await first.client.closed;
    t.fixture.gates.open("w", "42");
    const second = await t.login("alice", {
      codec,
      hello: { resume: { token: tokenOf(first.welcome), lastEventSeq: 0 } },
    });
    expect(await second.client.call("game.wait", { gate: "w" }, id)).toMatchObject({
      replayed: true,
      result: { value: "42" },
    });
    expect(await second.client.call("game.count", {}, 1)).toMatchObject({ replayed: true, result: { n: 1 } });
  });

  it("starts ids over in a fresh player session", async () => {
    t = await startServer();
    const first = await t.login("alice", { codec });
    await first.client.call("game.count", {}, 1);
    const second = await t.login("alice", { codec });
    expect(await second.client.call("game.count", {}, 1)).toEqual({
      type: "response",
      id: 1,
      result: { n: 2 },
    });
  });
});
