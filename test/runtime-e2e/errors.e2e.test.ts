/**
 * docs/protocol.md "Built-in error codes", row by row, plus the schema's declared errors and the client's
 * own codes (docs/client.md "Errors"), as a caller of the generated client sees them, for each codec.
 * BAD_MESSAGE is in close-codes.e2e.test.ts (1009, and raw frames); STALE_REQUEST needs an id a correct
 * client never re-sends, so test/runtime-server/exactly-once.e2e.test.ts checks it with a raw client.
 */
import { createGameClient } from "gidl/client";
import { createMemoryAdapter } from "gidl/server";
import { afterEach, describe, expect, it } from "vitest";
import { isGameError } from "./fixtures/generated/client.js";
import { definition } from "./fixtures/generated/definition.js";
import { CODECS, startHarness, type Harness } from "./harness.js";
import { TcpProxy } from "./tcp-proxy.js";

const harnesses: Harness[] = [];
let proxy: TcpProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  for (const h of harnesses.splice(0)) await h.close();
});

async function start(...args: Parameters<typeof startHarness>): Promise<Harness> {
  const h = await startHarness(...args);
  harnesses.push(h);
  return h;
}

/** The rejection of `promise` (which must reject). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

describe.each(CODECS)("error codes through the generated client and server (%s)", (codec) => {
  it("declared errors arrive with their details and retry flag, narrowed by isGameError", async () => {
    const h = await start(codec);
    const client = await h.connect("alice");
    const busy = await rejection(client.play.fail({ kind: "busy" }));
    expect(isGameError(busy, "BUSY") && busy.details.retryInMs).toBe(50);
    expect(busy).toMatchObject({ code: "BUSY", message: "Busy, try again", retry: true });
    expect(await rejection(client.play.fail({ kind: "missing" }))).toMatchObject({
      code: "NO_SUCH_ITEM",
      details: { itemId: "sword-9" },
      retry: false,
    });
    const forbidden = await rejection(client.play.fail({ kind: "forbidden" }));
    expect(forbidden).toMatchObject({ code: "FORBIDDEN_MOVE", message: "Not that way", retry: false });
    expect((forbidden as { details: unknown }).details).toBeUndefined();
  });

  it("INTERNAL: an undeclared throw, with nothing of it leaving the server", async () => {
    const h = await start(codec);
    const client = await h.connect("alice");
    for (const kind of ["internal", "badResult"] as const) {
      const error = await rejection(client.play.fail({ kind }));
      expect(error).toMatchObject({ code: "INTERNAL", message: "Internal error", retry: false });
      expect(JSON.stringify(error)).not.toContain("hunter2");
    }
  });

  it("UNAUTHENTICATED: an anonymous caller of a method that is not @public, and a refused token", async () => {
    const h = await start(codec);
    const anonymous = await h.connect(undefined);
    expect(await rejection(anonymous.play.count({ key: "k" }))).toMatchObject({
      code: "UNAUTHENTICATED",
      retry: false,
    });
    const stranger = h.client("mallory");
    expect(await rejection(stranger.connect())).toMatchObject({ code: "UNAUTHENTICATED" });
    expect(stranger.state).toBe("closed");
  });

  it("PERMISSION_DENIED: @role, @host, @session, a non-member, a second session, a refused topic", async () => {
    const h = await start(codec);
    const alice = await h.connect("alice");
    const bob = await h.connect("bob");
    const root = await h.connect("root");
    expect(await rejection(alice.play.admin())).toMatchObject({ code: "PERMISSION_DENIED", retry: false });
    expect(await root.play.admin()).toEqual({ ok: true });
    expect(await rejection(alice.play.hostOnly())).toMatchObject({ code: "PERMISSION_DENIED" });
    expect(await rejection(alice.play.moveTo({ pos: { x: 0, y: 0 } }))).toMatchObject({
      code: "PERMISSION_DENIED",
    });
    expect(await rejection(alice.session.get())).toMatchObject({ code: "PERMISSION_DENIED" });
    const { id } = await alice.session.create({ settings: { mapName: "dust" } });
    await bob.session.join({ sessionId: id });
    expect(await alice.play.hostOnly()).toEqual({ ok: true });
    expect(await rejection(bob.play.hostOnly())).toMatchObject({ code: "PERMISSION_DENIED" });
    expect(await rejection(bob.session.create({ settings: { mapName: "x" } }))).toMatchObject({
      code: "PERMISSION_DENIED",
    });
    expect(await rejection(bob.topic.subscribe({ name: "guild:alice" }))).toMatchObject({
      code: "PERMISSION_DENIED",
    });
  });

  it("INVALID_STATE: @session(running) while waiting or paused, and a transition from the wrong status", async () => {
    const h = await start(codec);
    const alice = await h.connect("alice");
    await alice.session.create({ settings: { mapName: "dust" } });
    expect(await rejection(alice.play.strike({ targetId: "bob", damage: 1 }))).toMatchObject({
      code: "INVALID_STATE",
      retry: false,
    });
    expect(await rejection(alice.session.pause())).toMatchObject({ code: "INVALID_STATE" });
    await alice.session.start();
    expect(await alice.play.strike({ targetId: "bob", damage: 1 })).toEqual({ ok: true });
    await alice.session.pause();
    expect(await rejection(alice.play.strike({ targetId: "bob", damage: 1 }))).toMatchObject({
      code: "INVALID_STATE",
    });
  });

  it("NOT_FOUND: an unknown session id, and a method the server does not have", async () => {
    const h = await start(codec);
    const alice = await h.connect("alice");
    expect(await rejection(alice.session.join({ sessionId: "s_nope" }))).toMatchObject({
      code: "NOT_FOUND",
      retry: false,
    });
    // A binary frame names its method by index, so a client on binary cannot send a name its schema
    // lacks; the server's NOT_FOUND for an index past the list is in binary-codec.e2e.test.ts.
    if (codec === "binary") return;
    const core = createGameClient({ definition, url: h.url, codec, token: "bob" });
    await core.connect();
    for (const method of ["play.nope", "__proto__", "toString"]) {
      expect(await rejection(core.call(method, {}))).toMatchObject({ code: "NOT_FOUND" });
    }
    await core.close();
  });

  it("INVALID_ARGUMENT: params that fail validation list their problems; a __proto__ map key never passes", async () => {
    const h = await start(codec);
    const alice = await h.connect("alice");
    const profile = {
      name: "",
      steamId: 1n,
      avatar: new Uint8Array(),
      weapon: "bow" as const,
      scores: {},
      loot: [],
    };
    const error = await rejection(alice.play.echo({ profile }));
    expect(error).toMatchObject({ code: "INVALID_ARGUMENT", retry: false });
    expect((error as { details: { problems: { path: string }[] } }).details.problems).toContainEqual(
      expect.objectContaining({ path: "/profile/name" }),
    );
    const scores = JSON.parse('{"__proto__": "1"}') as Record<string, bigint>;
    scores.__proto__ = 1n;
    expect(await rejection(alice.play.echo({ profile: { ...profile, name: "a", scores } }))).toMatchObject({
      code: "INVALID_ARGUMENT",
    });
  });

  it("RATE_LIMITED: over @rate, with retryAfterMs, which { retry: true } waits out", async () => {
    const h = await start(codec);
    const alice = await h.connect("alice");
    await alice.play.limited();
    await alice.play.limited();
    const error = await rejection(alice.play.limited());
    expect(error).toMatchObject({ code: "RATE_LIMITED", retry: true });
    expect((error as { details: { retryAfterMs: number } }).details.retryAfterMs).toBeGreaterThan(0);
    expect(await alice.play.limited({}, { retry: true })).toEqual({ ok: true });
  });

  it("TIMEOUT: a handler past its @timeout", async () => {
    const h = await start(codec);
    const alice = await h.connect("alice");
    expect(await rejection(alice.play.slow())).toMatchObject({ code: "TIMEOUT", retry: true });
  });

  it("UNAVAILABLE: a full @queue", async () => {
    const h = await start(codec);
    const alice = await h.connect("alice");
    const first = alice.play.forge({ gate: "f1" });
    await h.gates.waiting("f1");
    const second = alice.play.forge({ gate: "f2" });
    expect(await rejection(alice.play.forge({ gate: "f3" }))).toMatchObject({
      code: "UNAVAILABLE",
      retry: true,
    });
    h.gates.open("f1", "one");
    h.gates.open("f2", "two");
    expect([await first, await second]).toEqual([{ value: "one" }, { value: "two" }]);
  });

  it("SCHEMA_MISMATCH: a client built from a schema the server does not serve", async () => {
    const h = await start(codec);
    const old = createGameClient({ definition: { ...definition, hash: "0".repeat(64) }, url: h.url, codec });
    expect(await rejection(old.connect())).toMatchObject({ code: "SCHEMA_MISMATCH", retry: false });
    expect(old.state).toBe("closed");
  });

  it("SESSION_FULL, SESSION_IN_PROGRESS, SESSION_ENDED (then NOT_FOUND once cleaned up)", async () => {
    const h = await start(codec, { limits: { sessionCleanupMs: 100 } });
    const [alice, bob, carol, dave] = await Promise.all(
      ["alice", "bob", "carol", "dave"].map((token) => h.connect(token)),
    );
    if (alice === undefined || bob === undefined || carol === undefined || dave === undefined) return;
    const { id } = await alice.session.create({ settings: { mapName: "dust" } });
    await bob.session.join({ sessionId: id });
    await carol.session.join({ sessionId: id });
    expect(await rejection(dave.session.join({ sessionId: id }))).toMatchObject({ code: "SESSION_FULL" });
    await carol.session.leave();
    await alice.session.start();
    expect(await rejection(dave.session.join({ sessionId: id }))).toMatchObject({
      code: "SESSION_IN_PROGRESS",
      retry: false,
    });
    await alice.session.end();
    expect(await rejection(dave.session.join({ sessionId: id }))).toMatchObject({ code: "SESSION_ENDED" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await rejection(dave.session.join({ sessionId: id }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("SESSION_ELSEWHERE: the client follows details.url to the server sharing the adapter that holds the session", async () => {
    const adapter = createMemoryAdapter();
    const a = await start(codec, { adapter });
    const b = await start(codec, { adapter });
    const alice = await a.connect("alice");
    const bob = await b.connect("bob");
    const { id } = await alice.session.create({ settings: { mapName: "dust" } });
    // The raw answer (the error and its URL) is in test/runtime-server/sessions.e2e.test.ts.
    const joined = await bob.session.join({ sessionId: id });
    expect(joined.players.map((p) => p.id)).toEqual(["alice", "bob"]);
    expect((await bob.session.get()).players.map((p) => p.id)).toEqual(["alice", "bob"]);
  });

  it("client codes: DEADLINE_EXCEEDED, CANCELLED, QUEUE_FULL and CLIENT_CLOSED", async () => {
    const h = await start(codec);
    const alice = await h.connect("alice");
    expect(await rejection(alice.play.wait({ gate: "never" }, { timeoutMs: 30 }))).toMatchObject({
      code: "DEADLINE_EXCEEDED",
      retry: true,
    });
    const controller = new AbortController();
    const cancelled = alice.play.wait({ gate: "never" }, { signal: controller.signal });
    controller.abort();
    expect(await rejection(cancelled)).toMatchObject({ code: "CANCELLED", retry: false });
    const offline = h.client("bob", { offlineQueue: 1 });
    const queued = offline.play.status();
    expect(await rejection(offline.play.status())).toMatchObject({ code: "QUEUE_FULL", retry: true });
    await offline.connect();
    expect(await queued).toEqual({ online: 1 });
    const pending = rejection(alice.play.wait({ gate: "never" }));
    await alice.close();
    expect(await pending).toMatchObject({ code: "CLIENT_CLOSED", retry: false });
    expect(await rejection(alice.play.status())).toMatchObject({ code: "CLIENT_CLOSED" });
  });

  it("client code CONNECTION_LOST: a call in flight when a resume fails, with onResync", async () => {
    const h = await start(codec, { limits: { resumeWindowMs: 50 } });
    proxy = await TcpProxy.start(h.server.port);
    const alice = h.client("alice", {
      url: proxy.url,
      reconnect: { baseMs: 300, maxMs: 300, random: () => 0.99 },
    });
    await alice.connect();
    let resyncs = 0;
    alice.onResync(() => resyncs++);
    const call = alice.play.wait({ gate: "g" });
    await h.gates.waiting("g");
    proxy.cut(); // the client waits up to 300 ms to reconnect: past the 50 ms resume window
    expect(await rejection(call)).toMatchObject({ code: "CONNECTION_LOST", retry: true });
    expect(resyncs).toBe(1);
    expect(await alice.play.status()).toEqual({ online: 1 });
  });
});
