import { afterEach, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "./test-server.js";
import type { Message } from "./raw-client.js";

let t: TestServer;
afterEach(async () => {
  await t.close();
});

const tokenOf = (welcome: Message): string => (welcome.resume as { token: string }).token;

describe.each(["json", "msgpack", "binary"] as const)("events and resume (%s)", (codec) => {
  it("numbers reliable events 1, 2, 3 per player session and stamps them with ts", async () => {
    t = await startServer();
    const { client } = await t.login("alice", { codec });
    for (const text of ["a", "b", "c"])
      t.server.emitEvent("game.whisper", { to: "players", playerIds: ["alice"] }, { text });
    const events = [
      await client.event("game.whisper"),
      await client.event("game.whisper"),
      await client.event("game.whisper"),
    ];
    expect(events.map((e) => [e.seq, (e.data as { text: string }).text])).toEqual([
      [1, "a"],
      [2, "b"],
      [3, "c"],
    ]);
    expect(typeof events[0]?.ts).toBe("number");
  });

  it("validates a snapshot of emitted data: the caller's object is not changed, later changes are not sent", async () => {
    t = await startServer();
    const { client } = await t.login("alice", { codec });
    const data = { text: "before", undeclared: "kept" };
    t.server.emitEvent("game.whisper", { to: "players", playerIds: ["alice"] }, data);
    data.text = "after";
    expect((await client.event("game.whisper")).data).toEqual({ text: "before" });
    expect(data).toEqual({ text: "after", undeclared: "kept" });
  });

  it("sends @unreliable events without seq", async () => {
    t = await startServer();
    const { client } = await t.login("alice", { codec });
    t.server.emitEvent("game.blip", { to: "all" }, { n: 1 });
    const event = await client.event("game.blip");
    expect(event).not.toHaveProperty("seq");
    expect(event.data).toEqual({ n: 1 });
  });

  it("converts an event's i64 to the codec's wire form", async () => {
    t = await startServer();
    const { client } = await t.login("alice", { codec });
    t.server.emitEvent("game.big", { to: "players", playerIds: ["alice"] }, { n: 2n ** 60n });
    const event = await client.event("game.big");
    const n = (event.data as { n: unknown }).n;
    expect(codec === "json" ? n : BigInt(n as number | bigint)).toEqual(
      codec === "json" ? (2n ** 60n).toString() : 2n ** 60n,
    );
  });

  it("replays the events after lastEventSeq on resume, in order, then live traffic", async () => {
    t = await startServer();
    const first = await t.login("alice", { codec });
    const emit = (text: string): void => {
      t.server.emitEvent("game.whisper", { to: "players", playerIds: ["alice"] }, { text });
    };
    emit("1");
    emit("2");
    await first.client.event("game.whisper");
    first.client.socket.terminate();
    await first.client.closed;
    emit("3");
    emit("4");
    const second = await t.login("alice", {
      codec,
      hello: { resume: { token: tokenOf(first.welcome), lastEventSeq: 1 } },
    });
    expect(second.welcome).toMatchObject({ resumed: true, player: "alice" });
    expect(tokenOf(second.welcome)).not.toBe(tokenOf(first.welcome));
    emit("5");
    const seen: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      const e = await second.client.event("game.whisper");
      seen.push([e.seq, (e.data as { text: string }).text]);
    }
    expect(seen).toEqual([
      [2, "2"],
      [3, "3"],
      [4, "4"],
      [5, "5"],
    ]);
  });

  it("fails a resume with overflow after the replay buffer dropped unacknowledged events", async () => {
    t = await startServer({ limits: { replayBuffer: 2 } });
    const first = await t.login("alice", { codec });
    first.client.socket.terminate();
    await first.client.closed;
    for (const text of ["1", "2", "3"])
      t.server.emitEvent("game.whisper", { to: "players", playerIds: ["alice"] }, { text });
    const second = await t.login("alice", {
      codec,
      hello: { resume: { token: tokenOf(first.welcome), lastEventSeq: 0 } },
    });
    expect(second.welcome).toMatchObject({ resumed: false, reason: "overflow" });
    t.server.emitEvent("game.whisper", { to: "players", playerIds: ["alice"] }, { text: "fresh" });
    expect(await second.client.event("game.whisper")).toMatchObject({ seq: 1, data: { text: "fresh" } });
  });

  it("bounds the replay buffer by bytes as well", async () => {
    t = await startServer({ limits: { replayBufferBytes: 150 } });
    const first = await t.login("alice", { codec });
    first.client.socket.terminate();
    await first.client.closed;
    for (const text of ["x".repeat(100), "y".repeat(100)]) {
      t.server.emitEvent("game.whisper", { to: "players", playerIds: ["alice"] }, { text });
    }
    const second = await t.login("alice", {
      codec,
      hello: { resume: { token: tokenOf(first.welcome), lastEventSeq: 0 } },
    });
    expect(second.welcome).toMatchObject({ resumed: false, reason: "overflow" });
  });

  it("forgets acknowledged events, so the buffer bound counts only unacknowledged ones", async () => {
    t = await startServer({ limits: { replayBuffer: 2 } });
    const first = await t.login("alice", { codec });
    for (const text of ["1", "2"])
      t.server.emitEvent("game.whisper", { to: "players", playerIds: ["alice"] }, { text });
    await first.client.event("game.whisper");
    await first.client.event("game.whisper");
    first.client.sendRaw({ type: "ack", seq: 2 });
    await first.client.call("game.whoami");
    first.client.socket.terminate();
    await first.client.closed;
    for (const text of ["3", "4"])
      t.server.emitEvent("game.whisper", { to: "players", playerIds: ["alice"] }, { text });
    const second = await t.login("alice", {
      codec,
      hello: { resume: { token: tokenOf(first.welcome), lastEventSeq: 2 } },
    });
    expect(second.welcome).toMatchObject({ resumed: true });
    expect(await second.client.event("game.whisper")).toMatchObject({ seq: 3 });
  });

  it("fails a resume with expired after the resume window, and with unknown for another player's token", async () => {
    t = await startServer({ limits: { resumeWindowMs: 30 } });
    const first = await t.login("alice", { codec });
    const bobs = await t.login("bob", { codec });
    const stolen = await t.login("carol", {
      codec,
      hello: { resume: { token: tokenOf(bobs.welcome), lastEventSeq: 0 } },
    });
    expect(stolen.welcome).toMatchObject({ resumed: false, reason: "unknown", player: "carol" });
    first.client.socket.terminate();
    await first.client.closed;
    await new Promise((resolve) => setTimeout(resolve, 80));
    const late = await t.login("alice", {
      codec,
      hello: { resume: { token: tokenOf(first.welcome), lastEventSeq: 0 } },
    });
    expect(late.welcome).toMatchObject({ resumed: false, reason: "expired" });
  });

  it("answers a token of an earlier server (a restart) with state-lost, and garbage with unknown", async () => {
    t = await startServer();
    const { welcome } = await t.login("alice", { codec });
    const token = tokenOf(welcome);
    const otherBoot = "ZZZZZZZZ" + token.slice(token.indexOf("-"));
    const lost = await t.login("alice", { codec, hello: { resume: { token: otherBoot, lastEventSeq: 0 } } });
    expect(lost.welcome).toMatchObject({ resumed: false, reason: "state-lost" });
    const garbage = await t.login("alice", { codec, hello: { resume: { token: "nope", lastEventSeq: 0 } } });
    expect(garbage.welcome).toMatchObject({ resumed: false, reason: "unknown" });
  });

  it("rotates resume tokens: the newest and the one it replaced are valid, nothing older", async () => {
    t = await startServer();
    const drop = async (c: {
      client: { socket: { terminate(): void }; closed: Promise<unknown> };
    }): Promise<void> => {
      c.client.socket.terminate();
      await c.client.closed;
    };
    const a = await t.login("alice", { codec }); // token T1
    await drop(a);
    const b = await t.login("alice", {
      codec,
      hello: { resume: { token: tokenOf(a.welcome), lastEventSeq: 0 } },
    }); // T2; T1 still valid
    expect(b.welcome).toMatchObject({ resumed: true });
    await drop(b);
    // The welcome with T2 was "lost": retrying with T1 works and gets T3, voiding T2.
    const c = await t.login("alice", {
      codec,
      hello: { resume: { token: tokenOf(a.welcome), lastEventSeq: 0 } },
    });
    expect(c.welcome).toMatchObject({ resumed: true });
    await drop(c);
    const withT2 = await t.login("alice", {
      codec,
      hello: { resume: { token: tokenOf(b.welcome), lastEventSeq: 0 } },
    });
    expect(withT2.welcome).toMatchObject({ resumed: false, reason: "unknown" });
  });

  it("voids the older token once the newest is used", async () => {
    t = await startServer();
    const a = await t.login("alice", { codec });
    a.client.socket.terminate();
    await a.client.closed;
    const b = await t.login("alice", {
      codec,
      hello: { resume: { token: tokenOf(a.welcome), lastEventSeq: 0 } },
    });
    b.client.socket.terminate();
    await b.client.closed;
    const c = await t.login("alice", {
      codec,
      hello: { resume: { token: tokenOf(b.welcome), lastEventSeq: 0 } },
    });
    expect(c.welcome).toMatchObject({ resumed: true });
    c.client.socket.terminate();
    await c.client.closed;
    const withT1 = await t.login("alice", {
      codec,
      hello: { resume: { token: tokenOf(a.welcome), lastEventSeq: 0 } },
    });
    expect(withT1.welcome).toMatchObject({ resumed: false, reason: "unknown" });
  });

  it("takes over with resume: the same player session continues on the new connection", async () => {
    t = await startServer();
    const first = await t.login("alice", { codec });
    t.server.emitEvent("game.whisper", { to: "players", playerIds: ["alice"] }, { text: "one" });
    await first.client.event("game.whisper");
    const second = await t.login("alice", {
      codec,
      hello: { resume: { token: tokenOf(first.welcome), lastEventSeq: 1 } },
    });
    expect(second.welcome).toMatchObject({ resumed: true });
    expect((await first.client.closed).code).toBe(4004);
    t.server.emitEvent("game.whisper", { to: "players", playerIds: ["alice"] }, { text: "two" });
    expect(await second.client.event("game.whisper")).toMatchObject({ seq: 2 });
  });

  it("delivers to all authenticated players, buffering for the disconnected, never to anonymous ones", async () => {
    t = await startServer();
    const alice = await t.login("alice", { codec });
    const bob = await t.login("bob", { codec });
    const anon = await t.connect({ codec });
    await anon.hello();
    bob.client.socket.terminate();
    await bob.client.closed;
    t.server.emitEvent("game.news", { to: "all" }, { text: "restart" });
    expect(await alice.client.event("game.news")).toMatchObject({ seq: 1, data: { text: "restart" } });
    const back = await t.login("bob", {
      codec,
      hello: { resume: { token: tokenOf(bob.welcome), lastEventSeq: 0 } },
    });
    expect(await back.client.event("game.news")).toMatchObject({ seq: 1 });
    await anon.call("game.echo", { text: "sync" });
    expect(anon.drain().filter((m) => m.type === "event")).toEqual([]);
  });

  it("reaches topic subscribers only, allowed by authorizeTopic (nobody by default)", async () => {
    t = await startServer({
      authorizeTopic: (player, topic) => topic === "global" || topic === `guild:${player.id}`,
    });
    const alice = (await t.login("alice", { codec })).client;
    const bob = (await t.login("bob", { codec })).client;
    expect(await alice.call("topic.subscribe", { name: "global" })).toMatchObject({ result: null });
    expect((await bob.call("topic.subscribe", { name: "guild:alice" })).error).toMatchObject({
      code: "PERMISSION_DENIED",
    });
    expect((await bob.call("topic.subscribe", { name: "" })).error).toMatchObject({
      code: "INVALID_ARGUMENT",
    });
    t.server.emitEvent("game.chat", { to: "topic", topic: "global" }, { text: "hello" });
    expect(await alice.event("game.chat")).toMatchObject({ data: { text: "hello" } });
    await alice.call("topic.unsubscribe", { name: "global" });
    t.server.emitEvent("game.chat", { to: "topic", topic: "global" }, { text: "again" });
    await alice.call("game.whoami");
    await bob.call("game.whoami");
    expect([...alice.drain(), ...bob.drain()].filter((m) => m.type === "event")).toEqual([]);
  });

  it("refuses every topic without authorizeTopic", async () => {
    t = await startServer();
    const alice = (await t.login("alice", { codec })).client;
    expect((await alice.call("topic.subscribe", { name: "global" })).error).toMatchObject({
      code: "PERMISSION_DENIED",
    });
  });
});
