import { afterEach, describe, expect, it } from "vitest";
import { GameError } from "../../protocol/index.js";
import { createMemoryAdapter } from "../../runtime-server/index.js";
import type { Codec, Message, RawClient } from "./raw-client.js";
import { startServer, type TestServer } from "./test-server.js";

let t: TestServer;
afterEach(async () => {
  await t.close();
});

function at(clients: RawClient[], index: number): RawClient {
  const client = clients[index];
  if (client === undefined) throw new Error(`no client ${index}`);
  return client;
}

const dataOf = (m: Message): Record<string, unknown> => m.data as Record<string, unknown>;

async function match(codec: Codec, ...names: string[]): Promise<{ clients: RawClient[]; sessionId: string }> {
  const clients: RawClient[] = [];
  for (const name of names) clients.push((await t.login(name, { codec })).client);
  const rest = clients.slice(1);
  const created = await at(clients, 0).call("session.create", { settings: { map: "dust" } });
  const sessionId = (created.result as { id: string }).id;
  for (const client of rest) await client.call("session.join", { sessionId });
  return { clients, sessionId };
}

describe.each(["json", "msgpack", "binary"] as const)("game sessions (%s)", (codec) => {
  it("answers a join of a session another server owns with SESSION_ELSEWHERE and that server's URL", async () => {
    const adapter = createMemoryAdapter();
    t = await startServer({ adapter });
    const other = await startServer({ adapter });
    try {
      const { client: alice } = await t.login("alice", { codec });
      const created = await alice.call("session.create", { settings: { map: "dust" } });
      const sessionId = (created.result as { id: string }).id;
      const { client: bob } = await other.login("bob", { codec });
      expect(await bob.call("session.join", { sessionId })).toMatchObject({
        error: { code: "SESSION_ELSEWHERE", retry: true, details: { url: t.url } },
      });
      // Nothing changed on the owner: bob is not a member there.
      const info = await alice.call("session.get");
      expect((info.result as { players: { id: string }[] }).players.map((p) => p.id)).toEqual(["alice"]);
    } finally {
      await other.close();
    }
  });

  it("creates a waiting public session with the caller as host, who gets its own playerJoined first", async () => {
    t = await startServer();
    const { client } = await t.login("alice", { codec });
    const id = client.rpc("session.create", { settings: { map: "dust" } });
    const joined = await client.next();
    expect(joined).toMatchObject({
      type: "event",
      event: "session.playerJoined",
      seq: 1,
      data: { playerId: "alice" },
    });
    const info = (await client.response(id)).result as Record<string, unknown>;
    expect(info).toMatchObject({
      status: "waiting",
      host: "alice",
      players: [{ id: "alice", connected: true }],
      settings: { map: "dust" },
      maxPlayers: 3,
      visibility: "public",
    });
    expect(dataOf(joined).sessionId).toBe(info.id);
    expect(typeof info.createdAt).toBe("number");
  });

  it("runs the full flow: join, configure, start, pause, resume, end, with events to every member", async () => {
    t = await startServer();
    const { clients, sessionId } = await match(codec, "alice", "bob");
    const [alice, bob] = clients as [RawClient, RawClient];
    expect(dataOf(await alice.event("session.playerJoined"))).toEqual({ sessionId, playerId: "alice" });
    expect(dataOf(await alice.event("session.playerJoined"))).toEqual({ sessionId, playerId: "bob" });
    expect(dataOf(await bob.event("session.playerJoined"))).toEqual({ sessionId, playerId: "bob" });
    expect((await bob.call("session.start")).error).toMatchObject({ code: "PERMISSION_DENIED" });
    expect((await alice.call("session.configure", { settings: { map: "nuke" } })).result).toMatchObject({
      settings: { map: "nuke" },
    });
    expect(dataOf(await bob.event("session.settingsChanged"))).toEqual({
      sessionId,
      settings: { map: "nuke" },
    });
    expect((await alice.call("session.pause")).error).toMatchObject({ code: "INVALID_STATE" });
    expect((await alice.call("session.start")).result).toMatchObject({ status: "running" });
    expect(dataOf(await bob.event("session.statusChanged"))).toEqual({
      sessionId,
      status: "running",
      previous: "waiting",
    });
    expect((await alice.call("session.configure", { settings: { map: "x" } })).error).toMatchObject({
      code: "INVALID_STATE",
    });
    expect((await alice.call("session.start")).error).toMatchObject({ code: "INVALID_STATE" });
    expect((await alice.call("session.pause")).result).toMatchObject({ status: "paused" });
    expect((await alice.call("session.resume")).result).toMatchObject({ status: "running" });
    expect((await bob.call("session.get")).result).toMatchObject({ status: "running", host: "alice" });
    const ended = await alice.call("session.end");
    expect(ended.result).toMatchObject({ status: "ended" });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(dataOf(await bob.event("session.statusChanged")));
    expect(statuses.at(-1)).toEqual({ sessionId, status: "ended", previous: "running", reason: "host" });
    // Members are released: they may create another session.
    expect((await bob.call("session.create", { settings: { map: "new" } })).result).toMatchObject({
      host: "bob",
    });
  });

  it("refuses joins: SESSION_FULL, SESSION_IN_PROGRESS, NOT_FOUND, and PERMISSION_DENIED when already in one", async () => {
    t = await startServer();
    const { clients, sessionId } = await match(codec, "alice", "bob", "carol");
    const dave = (await t.login("dave", { codec })).client;
    expect((await dave.call("session.join", { sessionId })).error).toMatchObject({ code: "SESSION_FULL" });
    expect((await dave.call("session.join", { sessionId: "s_nope" })).error).toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await at(clients, 1).call("session.join", { sessionId })).error).toMatchObject({
      code: "PERMISSION_DENIED",
    });
    expect((await at(clients, 1).call("session.create", { settings: { map: "a" } })).error).toMatchObject({
      code: "PERMISSION_DENIED",
    });
    await at(clients, 2).call("session.leave");
    await at(clients, 0).call("session.start");
    expect((await dave.call("session.join", { sessionId })).error).toMatchObject({
      code: "SESSION_IN_PROGRESS",
    });
  });

  it("answers SESSION_ENDED for an ended session until it is cleaned up, then NOT_FOUND", async () => {
    t = await startServer({ limits: { sessionCleanupMs: 50 } });
    const { clients, sessionId } = await match(codec, "alice");
    await at(clients, 0).call("session.end");
    const bob = (await t.login("bob", { codec })).client;
    expect((await bob.call("session.join", { sessionId })).error).toMatchObject({ code: "SESSION_ENDED" });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await bob.call("session.join", { sessionId })).error).toMatchObject({ code: "NOT_FOUND" });
  });

  it("hands host to the longest-present member when the host leaves", async () => {
    t = await startServer();
    const { clients, sessionId } = await match(codec, "alice", "bob", "carol");
    const [alice, bob, carol] = clients as [RawClient, RawClient, RawClient];
    await alice.call("session.leave");
    expect(dataOf(await carol.event("session.playerLeft"))).toEqual({
      sessionId,
      playerId: "alice",
      reason: "left",
    });
    expect(dataOf(await alice.event("session.playerLeft"))).toEqual({
      sessionId,
      playerId: "alice",
      reason: "left",
    });
    expect(dataOf(await carol.event("session.hostChanged"))).toEqual({
      sessionId,
      host: "bob",
      previous: "alice",
    });
    expect((await bob.call("session.get")).result).toMatchObject({
      host: "bob",
      players: [{ id: "bob" }, { id: "carol" }],
    });
    expect((await alice.call("session.get")).error).toMatchObject({ code: "PERMISSION_DENIED" });
  });

  it("lets the host kick a member, who is told with reason kicked", async () => {
    t = await startServer();
    const { clients, sessionId } = await match(codec, "alice", "bob");
    const [alice, bob] = clients as [RawClient, RawClient];
    expect((await bob.call("session.kick", { playerId: "alice" })).error).toMatchObject({
      code: "PERMISSION_DENIED",
    });
    expect(await alice.call("session.kick", { playerId: "bob" })).toMatchObject({ result: null });
    expect(dataOf(await bob.event("session.playerLeft"))).toEqual({
      sessionId,
      playerId: "bob",
      reason: "kicked",
    });
    expect((await alice.call("session.kick", { playerId: "bob" })).error).toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("lists public sessions that are waiting and not full", async () => {
    t = await startServer();
    const { sessionId } = await match(codec, "alice");
    const bob = (await t.login("bob", { codec })).client;
    await bob.call("session.create", { settings: { map: "secret" }, visibility: "private" });
    const list = (await (await t.login("carol", { codec })).client.call("session.list")).result as {
      sessions: unknown[];
    };
    expect(list.sessions).toEqual([
      {
        id: sessionId,
        status: "waiting",
        host: "alice",
        playerCount: 1,
        maxPlayers: 3,
        settings: { map: "dust" },
      },
    ]);
  });

  it("tells members about a disconnect and a reconnect, and removes a player whose window passed", async () => {
    t = await startServer({ limits: { resumeWindowMs: 100 } });
    const alice = await t.login("alice", { codec });
    const created = await alice.client.call("session.create", { settings: { map: "dust" } });
    const sessionId = (created.result as { id: string }).id;
    const bob = await t.login("bob", { codec });
    await bob.client.call("session.join", { sessionId });
    bob.client.socket.terminate();
    expect(dataOf(await alice.client.event("session.playerDisconnected"))).toEqual({
      sessionId,
      playerId: "bob",
    });
    expect((await alice.client.call("session.get")).result).toMatchObject({
      players: [
        { id: "alice", connected: true },
        { id: "bob", connected: false },
      ],
    });
    const back = await t.login("bob", {
      codec,
      hello: { resume: { token: (bob.welcome.resume as { token: string }).token, lastEventSeq: 0 } },
    });
    expect(back.welcome).toMatchObject({ resumed: true });
    expect(dataOf(await alice.client.event("session.playerReconnected"))).toEqual({
      sessionId,
      playerId: "bob",
    });
    back.client.socket.terminate();
    expect(dataOf(await alice.client.event("session.playerLeft"))).toEqual({
      sessionId,
      playerId: "bob",
      reason: "timeout",
    });
  });

  it("keeps game-session membership across a fresh player session", async () => {
    t = await startServer();
    const { clients } = await match(codec, "alice", "bob");
    const again = await t.login("bob", { codec });
    expect((await at(clients, 1).closed).code).toBe(4004);
    expect((await again.client.call("session.get")).result).toMatchObject({
      players: [{ id: "alice" }, { id: "bob" }],
    });
  });

  it("counts a close with 1000 as leaving", async () => {
    t = await startServer();
    const { clients, sessionId } = await match(codec, "alice", "bob");
    await at(clients, 1).close(1000);
    expect(dataOf(await at(clients, 0).event("session.playerLeft"))).toEqual({
      sessionId,
      playerId: "bob",
      reason: "left",
    });
  });

  it("sends `to session` events from a handler to the caller's session only", async () => {
    t = await startServer();
    const { clients } = await match(codec, "alice", "bob");
    const outsider = (await t.login("carol", { codec })).client;
    const id = at(clients, 0).rpc("game.emit", { text: "boom" });
    expect(await at(clients, 0).next((m) => m.type === "event" && m.event === "game.hit")).toMatchObject({
      data: { damage: 4 },
    });
    expect(await at(clients, 0).response(id)).toMatchObject({ result: { emitted: true } });
    expect(await at(clients, 1).event("game.hit")).toMatchObject({ data: { damage: 4 } });
    await outsider.call("game.whoami");
    expect(outsider.drain().filter((m) => m.type === "event")).toEqual([]);
  });

  it("sends `to area` events to members within the radius only", async () => {
    t = await startServer();
    const { clients, sessionId } = await match(codec, "alice", "bob", "carol");
    const [alice, bob, carol] = clients as [RawClient, RawClient, RawClient];
    alice.send("game.move", { x: 0, y: 0 });
    bob.send("game.move", { x: 3, y: 4 });
    carol.send("game.move", { x: 500, y: 500 });
    for (const c of clients) await c.call("game.whoami");
    t.server.emitEvent(
      "game.near",
      { to: "area", sessionId, origin: { x: 0, y: 0 }, radius: 5 },
      { text: "bang" },
    );
    expect(await alice.event("game.near")).toMatchObject({ data: { text: "bang" } });
    expect(await bob.event("game.near")).toMatchObject({ data: { text: "bang" } });
    await carol.call("game.whoami");
    expect(carol.drain().filter((m) => m.event === "game.near")).toEqual([]);
  });
});

describe("session hooks", () => {
  it("runs onJoin for the creator too, and a declared error it throws refuses the join", async () => {
    const seen: string[] = [];
    t = await startServer({
      sessions: {
        onCreate: (player) => void seen.push(`create:${player.id}`),
        onJoin: (player) => {
          seen.push(`join:${player.id}`);
          if (player.id === "bob")
            throw new GameError("OUT_OF_AMMO", "Bob may not join", { details: { left: 0 } });
        },
        onStart: async (player, session) => {
          await Promise.resolve();
          session.state.startedBy = player.id;
          seen.push(`start:${session.status}`);
        },
      },
    });
    const { clients, sessionId } = await match("json", "alice");
    const bob = (await t.login("bob")).client;
    expect((await bob.call("session.join", { sessionId })).error).toMatchObject({
      code: "OUT_OF_AMMO",
      retry: true,
    });
    expect((await bob.call("session.create", { settings: { map: "b" } })).error).toMatchObject({
      code: "OUT_OF_AMMO",
    });
    await at(clients, 0).call("session.start");
    expect(seen).toEqual([
      "create:alice",
      "join:alice",
      "join:bob",
      "create:bob",
      "join:bob",
      "start:waiting",
    ]);
  });

  it("keeps each session's application state from hook to hook, apart from other sessions' state", async () => {
    const ended: Record<string, unknown> = {};
    t = await startServer({
      sessions: {
        onJoin: (player, session) => {
          const joined = (session.state.joined ??= []) as string[];
          joined.push(player.id);
        },
        onEnd: (_player, session) => {
          ended[session.id] = structuredClone(session.state);
        },
      },
    });
    const first = await match("json", "alice", "bob");
    const second = await match("json", "carol");
    await at(first.clients, 0).call("session.end");
    await at(second.clients, 0).call("session.end");
    expect(ended).toEqual({
      [first.sessionId]: { joined: ["alice", "bob"] },
      [second.sessionId]: { joined: ["carol"] },
    });
  });
});
