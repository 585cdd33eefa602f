/**
 * Abuse of authentication and authorization (docs/security.md "Abuse: authentication and
 * authorization (`test/hardening/auth.e2e.test.ts`)"): HMAC JWTs checked by `jose` in the
 * `authenticate` hook, resume-token misuse, host-only methods, replay after leaving a session,
 * topics, origins, and the constant-time comparison of resume secrets.
 */
import * as crypto from "node:crypto";
import { SignJWT, jwtVerify } from "jose";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Message, RawClient } from "../runtime-server/raw-client.js";
import { startServer, type TestServer } from "../runtime-server/test-server.js";
import type { ServerOptions } from "../../runtime-server/index.js";

vi.mock("node:crypto", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:crypto")>();
  return { ...original, timingSafeEqual: vi.fn(original.timingSafeEqual) };
});

const KEY = new TextEncoder().encode("k".repeat(32));
const OTHER_KEY = new TextEncoder().encode("x".repeat(32));
const AUDIENCE = "gidl-arena";

async function jwt(
  sub: string,
  options: { key?: Uint8Array; audience?: string; expiresIn?: string | number } = {},
): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(sub)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "5m")
    .sign(options.key ?? KEY);
}

const authenticate: NonNullable<ServerOptions["authenticate"]> = async (token) => {
  const { payload } = await jwtVerify(token, KEY, { audience: AUDIENCE, algorithms: ["HS256"] });
  if (typeof payload.sub !== "string") throw new Error("no subject");
  return { playerId: payload.sub, roles: [] };
};

let t: TestServer;
afterEach(async () => {
  await t.close();
});

const tokenOf = (welcome: Message): string => (welcome.resume as { token: string }).token;

async function login(
  sub: string,
  hello: Record<string, unknown> = {},
): Promise<{ client: RawClient; welcome: Message }> {
  return t.login(await jwt(sub), { hello });
}

async function drop(client: RawClient): Promise<void> {
  client.socket.terminate();
  await client.closed;
}

describe("tokens", () => {
  beforeEach(async () => {
    t = await startServer({ authenticate });
  });

  it("welcomes a valid HS256 token with the subject as the player", async () => {
    const { welcome } = await login("alice");
    expect(welcome).toMatchObject({ type: "welcome", player: "alice" });
  });

  it.each([
    ["expired", () => jwt("alice", { expiresIn: Math.floor(Date.now() / 1000) - 60 })],
    ["forged (signed with another key)", () => jwt("alice", { key: OTHER_KEY })],
    ["for another audience", () => jwt("alice", { audience: "another-game" })],
    [
      "unsigned (alg none)",
      () => {
        const body = Buffer.from(JSON.stringify({ sub: "alice", aud: AUDIENCE })).toString("base64url");
        return Promise.resolve(`${Buffer.from('{"alg":"none"}').toString("base64url")}.${body}.`);
      },
    ],
    ["not a JWT", () => Promise.resolve("alice")],
    ["empty", () => Promise.resolve("")],
  ])("refuses a token that is %s with UNAUTHENTICATED and 4001", async (_name, make) => {
    const client = await t.connect();
    const answer = await client.hello({ token: await make() });
    expect(answer).toMatchObject({ type: "error", error: { code: "UNAUTHENTICATED", retry: false } });
    expect((await client.closed).code).toBe(4001);
  });

  it("answers a call before hello with BAD_MESSAGE and 4000, running nothing", async () => {
    const client = await t.connect();
    client.sendRaw({ type: "rpc", id: 1, method: "game.count", params: {} });
    expect(await client.next()).toMatchObject({ type: "error", error: { code: "BAD_MESSAGE" } });
    expect((await client.closed).code).toBe(4000);
    expect(t.fixture.counts.count).toBe(0);
  });

  it("refuses a hello whose token is a number with BAD_MESSAGE and 4000", async () => {
    const client = await t.connect();
    client.sendRaw({ type: "hello", protocol: 1, schema: "a".repeat(64), token: 12 });
    expect(await client.next()).toMatchObject({ type: "error", error: { code: "BAD_MESSAGE" } });
    expect((await client.closed).code).toBe(4000);
  });
});

describe("resume tokens", () => {
  beforeEach(async () => {
    t = await startServer({ authenticate });
  });

  it("refuses a token reused after the token it produced was used", async () => {
    const a = await login("alice");
    await drop(a.client);
    const b = await login("alice", { resume: { token: tokenOf(a.welcome), lastEventSeq: 0 } });
    expect(b.welcome).toMatchObject({ resumed: true });
    await drop(b.client);
    const c = await login("alice", { resume: { token: tokenOf(b.welcome), lastEventSeq: 0 } });
    expect(c.welcome).toMatchObject({ resumed: true });
    await drop(c.client);
    const again = await login("alice", { resume: { token: tokenOf(a.welcome), lastEventSeq: 0 } });
    expect(again.welcome).toMatchObject({ resumed: false, reason: "unknown" });
  });

  it("leaves exactly one connection of two that race to resume with the same token", async () => {
    const a = await login("alice");
    expect(await a.client.call("game.count")).toMatchObject({ result: { n: 1 } });
    await drop(a.client);
    const resume = { resume: { token: tokenOf(a.welcome), lastEventSeq: 0 } };
    const [x, y] = await Promise.all([login("alice", resume), login("alice", resume)]);
    // Whichever hello ran second took over the first: one is closed with 4004, the other serves.
    const closes = await Promise.race([
      Promise.any([x.client.closed, y.client.closed]),
      new Promise((r) => setTimeout(r, 2000, "none")),
    ]);
    expect(closes).toMatchObject({ code: 4004 });
    const open = x.client.socket.readyState === x.client.socket.OPEN ? x : y;
    const closed = open === x ? y : x;
    expect(closed.client.socket.readyState).not.toBe(closed.client.socket.OPEN);
    // The survivor's id window is the old one when it resumed (id 1 replayed, not run again).
    const replay = await open.client.call("game.count", {}, 1);
    if (open.welcome.resumed === true) expect(replay).toMatchObject({ replayed: true, result: { n: 1 } });
    else expect(replay).toMatchObject({ result: { n: 2 } });
    expect(t.fixture.counts.count).toBeLessThanOrEqual(2);
  });

  it("does not resume a session with another player's credentials, and the owner keeps its token", async () => {
    const a = await login("alice");
    await drop(a.client);
    const mallory = await login("mallory", { resume: { token: tokenOf(a.welcome), lastEventSeq: 0 } });
    expect(mallory.welcome).toMatchObject({ player: "mallory", resumed: false, reason: "unknown" });
    const owner = await login("alice", { resume: { token: tokenOf(a.welcome), lastEventSeq: 0 } });
    expect(owner.welcome).toMatchObject({ player: "alice", resumed: true });
  });

  it("does not resume after a voluntary close (1000)", async () => {
    const a = await login("alice");
    await a.client.close(1000);
    await new Promise((r) => setTimeout(r, 50));
    const late = await login("alice", { resume: { token: tokenOf(a.welcome), lastEventSeq: 0 } });
    expect(late.welcome).toMatchObject({ resumed: false });
  });

  it("resumes a kicked player without its game session, and replays none of the session's later events", async () => {
    const host = await login("alice");
    const created = await host.client.call("session.create", { settings: { map: "dust" } });
    const sessionId = (created.result as { id: string }).id;
    const bob = await login("bob");
    await bob.client.call("session.join", { sessionId });
    expect(await host.client.call("session.kick", { playerId: "bob" })).toMatchObject({ result: null });
    const left = await bob.client.event("session.playerLeft");
    await drop(bob.client);
    t.server.emitEvent("game.hit", { to: "session", sessionId }, { damage: 7 });
    await host.client.event("game.hit");
    const back = await login("bob", { resume: { token: tokenOf(bob.welcome), lastEventSeq: left.seq } });
    expect(back.welcome).toMatchObject({ resumed: true });
    // A fresh RawClient counts ids from 1 again: use one above the resumed id window.
    expect(await back.client.call("session.get", {}, 100)).toMatchObject({
      error: { code: "PERMISSION_DENIED" },
    });
    expect(back.client.drain().filter((m) => m.type === "event")).toEqual([]);
  });
});

describe("authorization", () => {
  beforeEach(async () => {
    t = await startServer({ authenticate });
  });

  it("refuses host methods to a non-host, whatever isHost it puts in params", async () => {
    const host = await login("alice");
    const created = await host.client.call("session.create", { settings: { map: "dust" } });
    const sessionId = (created.result as { id: string }).id;
    const bob = (await login("bob")).client;
    await bob.call("session.join", { sessionId });
    const forged = { isHost: true, host: "bob", playerId: "alice", settings: { map: "x" } };
    for (const method of [
      "session.start",
      "session.kick",
      "session.configure",
      "session.end",
      "game.hostOnly",
    ]) {
      const answer = await bob.call(method, forged);
      expect([method, answer.error]).toMatchObject([method, { code: "PERMISSION_DENIED" }]);
    }
    expect(await host.client.call("session.get")).toMatchObject({
      result: { status: "waiting", host: "alice" },
    });
  });

  it("replays none of a session's events to a player that left it before disconnecting", async () => {
    const host = await login("alice");
    const created = await host.client.call("session.create", { settings: { map: "dust" } });
    const sessionId = (created.result as { id: string }).id;
    const bob = await login("bob");
    await bob.client.call("session.join", { sessionId });
    await bob.client.call("session.leave");
    const left = await bob.client.event("session.playerLeft");
    await drop(bob.client);
    t.server.emitEvent("game.hit", { to: "session", sessionId }, { damage: 3 });
    await host.client.call("game.emit", { text: "secret" });
    const back = await login("bob", { resume: { token: tokenOf(bob.welcome), lastEventSeq: left.seq } });
    expect(back.welcome).toMatchObject({ resumed: true });
    await back.client.call("game.whoami", {}, 100);
    expect(back.client.drain().filter((m) => m.type === "event")).toEqual([]);
  });

  it("refuses a topic subscription without authorizeTopic, and to an anonymous connection", async () => {
    const alice = (await login("alice")).client;
    expect(await alice.call("topic.subscribe", { name: "global" })).toMatchObject({
      error: { code: "PERMISSION_DENIED" },
    });
    const anonymous = await t.connect();
    await anonymous.hello();
    expect(await anonymous.call("topic.subscribe", { name: "global" })).toMatchObject({
      error: { code: "UNAUTHENTICATED" },
    });
    t.server.emitEvent("game.chat", { to: "topic", topic: "global" }, { text: "hi" });
    await alice.call("game.whoami");
    expect(alice.drain().filter((m) => m.type === "event")).toEqual([]);
  });
});

describe("authorizeTopic and origins", () => {
  it("subscribes only where authorizeTopic says yes, and delivers only there", async () => {
    t = await startServer({
      authenticate,
      authorizeTopic: (player, topic) => topic === `guild:${player.id}`,
    });
    const alice = (await login("alice")).client;
    expect(await alice.call("topic.subscribe", { name: "guild:bob" })).toMatchObject({
      error: { code: "PERMISSION_DENIED" },
    });
    expect(await alice.call("topic.subscribe", { name: "guild:alice" })).toMatchObject({ result: null });
    t.server.emitEvent("game.chat", { to: "topic", topic: "guild:bob" }, { text: "secret" });
    t.server.emitEvent("game.chat", { to: "topic", topic: "guild:alice" }, { text: "mine" });
    expect(await alice.event("game.chat")).toMatchObject({ data: { text: "mine" } });
    await alice.call("game.whoami");
    expect(alice.drain().filter((m) => m.type === "event")).toEqual([]);
  });

  it.each(["https://evil.example", "null", "https://game.example.evil.example", "http://game.example"])(
    "refuses the cross-site origin %s with 403 when allowedOrigins is set",
    async (origin) => {
      t = await startServer({ authenticate, allowedOrigins: ["https://game.example"] });
      await expect(t.connect({ headers: { Origin: origin } })).rejects.toThrow("HTTP 403");
      const ok = await t.connect({ headers: { Origin: "https://game.example" } });
      expect(await ok.hello({ token: await jwt("alice") })).toMatchObject({ type: "welcome" });
    },
  );
});

describe("resume secrets", () => {
  it("compares resume secrets with crypto.timingSafeEqual, for wrong and right secrets alike", async () => {
    t = await startServer({ authenticate });
    const spy = vi.mocked(crypto.timingSafeEqual);
    const a = await login("alice");
    await drop(a.client);
    const token = tokenOf(a.welcome);
    spy.mockClear();
    const right = await login("alice", { resume: { token, lastEventSeq: 0 } });
    expect(right.welcome).toMatchObject({ resumed: true });
    expect(spy).toHaveBeenCalled();
    await drop(right.client);
    spy.mockClear();
    const wrong = `${token.slice(0, token.lastIndexOf(".") + 1)}${"A".repeat(32)}`;
    const refused = await login("alice", { resume: { token: wrong, lastEventSeq: 0 } });
    expect(refused.welcome).toMatchObject({ resumed: false, reason: "unknown" });
    for (const [x, y] of spy.mock.calls) {
      // Digests of equal length: the comparison time does not depend on where the secrets differ.
      expect([(x as Buffer).length, (y as Buffer).length]).toEqual([32, 32]);
    }
    expect(spy).toHaveBeenCalled();
  });
});
