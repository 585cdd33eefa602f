/**
 * Faults against the exactly-once promises (docs/security.md "Faults and exactly-once
 * (`test/hardening/faults.e2e.test.ts`, `test/soak/`)"): duplicates racing across connections, a
 * resume racing a live event stream, a graceful restart under load with the real client, and the
 * reconnect schedule (full jitter, capped) with a seeded random source.
 */
import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createGameClient, isGameError, type GameClient } from "../../runtime-client/node.js";
import { backoffDelay } from "../../runtime-client/options.js";
import { createGameServer, type GameServer } from "../../runtime-server/index.js";
import { definition as arena, validators } from "../runtime-server/fixtures/arena.js";
import { binary } from "../runtime-server/fixtures/arena-binary.js";
import { createArenaHandlers } from "../runtime-server/fixtures/handlers.js";
import type { Message } from "../runtime-server/raw-client.js";
import { startServer, type TestServer } from "../runtime-server/test-server.js";
import { seededRandom } from "./seeded-random.js";

/** The arena fixture with its binary schema, so that the real client may speak any codec. */
const definition = { ...arena, binary };

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error("condition not met within 5 s");
}

const tokenOf = (welcome: Message): string => (welcome.resume as { token: string }).token;
const seqs = (messages: Message[]): number[] =>
  messages.filter((m) => m.type === "event" && typeof m.seq === "number").map((m) => m.seq as number);

describe.each(["json", "msgpack", "binary"] as const)("exactly-once under faults (%s)", (codec) => {
  it("runs an id sent on an old connection and again on the resuming one once, answering once", async () => {
    t = await startServer();
    const server = t;
    const first = await server.login("alice", { codec });
    first.client.rpc("game.wait", { gate: "g" }, 5);
    await server.fixture.gates.waiting("g");
    // The new connection says hello and repeats id 5 in the same frame, while the old one still lives.
    const second = await server.connect({ codec });
    second.sendRaw([
      {
        type: "hello",
        protocol: 1,
        schema: "a".repeat(64),
        token: "alice",
        resume: { token: tokenOf(first.welcome), lastEventSeq: 0 },
      },
      { type: "rpc", id: 5, method: "game.wait", params: { gate: "g" } },
    ]);
    expect(await second.next((m) => m.type === "welcome")).toMatchObject({ resumed: true });
    expect((await first.client.closed).code).toBe(4004);
    first.client.sendRaw({ type: "rpc", id: 5, method: "game.wait", params: { gate: "g" } });
    server.fixture.gates.open("g", "done");
    expect(await second.response(5)).toMatchObject({ result: { value: "done" } });
    expect(await second.call("game.count", {}, 6)).toMatchObject({ result: { n: 1 } });
    expect(second.drain().filter((m) => m.type === "response")).toEqual([]);
  });

  it("neither loses nor doubles an event when a resume races a live event stream", async () => {
    t = await startServer({ limits: { replayBuffer: Infinity, replayBufferBytes: Infinity } });
    const server = t;
    const first = await server.login("alice", { codec });
    let emitted = 0;
    const emit = (): void => {
      for (let i = 0; i < 5; i++) {
        emitted++;
        server.server.emitEvent(
          "game.whisper",
          { to: "players", playerIds: ["alice"] },
          { text: `e${emitted}` },
        );
      }
    };
    const stream = setInterval(emit, 1);
    try {
      await until(() => seqs(first.client.received).some((s) => s >= 50));
      first.client.socket.terminate();
      await first.client.closed;
      const before = seqs(first.client.received);
      const last = Math.max(...before);
      const second = await server.login("alice", {
        codec,
        hello: { resume: { token: tokenOf(first.welcome), lastEventSeq: last } },
      });
      expect(second.welcome).toMatchObject({ resumed: true });
      await until(() => seqs(second.client.received).some((s) => s >= last + 100));
      clearInterval(stream);
      emitted++;
      server.server.emitEvent("game.whisper", { to: "players", playerIds: ["alice"] }, { text: "end" });
      await until(() => seqs(second.client.received).includes(emitted));
      // Resumed: every event after lastEventSeq, in order, each exactly once, up to the final one.
      expect(seqs(second.client.received)).toEqual(
        Array.from({ length: emitted - last }, (_, i) => last + 1 + i),
      );
      // And the old connection's events were 1…last, each once.
      expect(before).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    } finally {
      clearInterval(stream);
    }
  });
});

describe("graceful restart under load", () => {
  it("clients see 1001, reconnect to the restarted server, resync, and every call settles", async () => {
    const servers: GameServer[] = [];
    const start = async (port: number): Promise<GameServer> => {
      const server = createGameServer({
        definition,
        validators,
        handlers: createArenaHandlers().handlers,
        logger: pino({ level: "silent" }),
        authenticate: (token) => ({ playerId: token, roles: [] }),
        port,
      });
      await server.listen();
      servers.push(server);
      return server;
    };
    const first = await start(0);
    const port = first.port; // 0 once closed
    const url = `ws://127.0.0.1:${port}/`;
    const clients: GameClient[] = [];
    const resyncs: number[] = [];
    try {
      for (let i = 0; i < 8; i++) {
        const client = createGameClient({
          definition,
          url,
          token: `p${i}`,
          codec: (["json", "msgpack", "binary"] as const)[i % 3],
          timeoutMs: 10_000,
          reconnect: { baseMs: 50, maxMs: 400, random: seededRandom(i + 1) },
        });
        client.onResync(() => resyncs.push(i));
        await client.connect();
        clients.push(client);
      }
      let stop = false;
      const outcomes: string[] = [];
      const load = clients.map(async (client) => {
        while (!stop) {
          try {
            await client.call("game.whoami", {});
            outcomes.push("ok");
          } catch (error) {
            outcomes.push(isGameError(error) ? error.code : "other");
            await new Promise((r) => setTimeout(r, 5));
          }
        }
      });
      await new Promise((r) => setTimeout(r, 100));
      await first.close();
      await start(port);
      // Every client comes back and calls succeed again.
      const okBefore = outcomes.filter((o) => o === "ok").length;
      for (let i = 0; i < 200 && outcomes.filter((o) => o === "ok").length < okBefore + 40; i++) {
        await new Promise((r) => setTimeout(r, 25));
      }
      stop = true;
      await Promise.all(load);
      expect(outcomes.filter((o) => o === "ok").length).toBeGreaterThanOrEqual(okBefore + 40);
      // Failures only of the kinds a restart explains, all retryable.
      expect(new Set(outcomes.filter((o) => o !== "ok"))).toSatisfy((codes: Set<string>) =>
        [...codes].every((c) => ["UNAVAILABLE", "CONNECTION_LOST", "QUEUE_FULL"].includes(c)),
      );
      expect(new Set(resyncs).size).toBe(clients.length); // state-lost: every client was told to resync
      for (const client of clients) expect(client.state).toBe("open");
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      for (const server of servers) await server.close();
    }
  });
});

describe("reconnect schedule", () => {
  it("draws each delay uniformly below a ceiling that doubles from baseMs and stops at maxMs", () => {
    const random = seededRandom(7);
    const backoff = { baseMs: 250, maxMs: 10_000 };
    for (let attempt = 0; attempt < 40; attempt++) {
      const ceiling = Math.min(10_000, 250 * 2 ** attempt);
      for (let i = 0; i < 50; i++) {
        const delay = backoffDelay(attempt, backoff, random);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
    expect(backoffDelay(10_000, backoff, () => 0.999_999)).toBe(9_999);
  });

  it("spreads 500 clients' first reconnects over the whole window instead of one instant", () => {
    const random = seededRandom(42);
    const delays = Array.from({ length: 500 }, () => backoffDelay(3, { baseMs: 250, maxMs: 10_000 }, random));
    const buckets = new Array<number>(10).fill(0);
    for (const d of delays) buckets[Math.floor(d / 200)] = (buckets[Math.floor(d / 200)] ?? 0) + 1;
    // Uniform over [0, 2000): each 200 ms bucket holds about 50 of the 500.
    for (const count of buckets) expect(count).toBeGreaterThan(25);
    for (const count of buckets) expect(count).toBeLessThan(80);
  });

  it("waits backoffDelay(n) with the configured random source between the client's attempts", async () => {
    vi.useFakeTimers();
    try {
      const attempts: number[] = [];
      class Refused {
        readonly protocol = "";
        readonly readyState = 3;
        binaryType = "arraybuffer";
        onopen: (() => void) | null = null;
        onmessage: (() => void) | null = null;
        onclose: ((e: { code: number; reason: string }) => void) | null = null;
        onerror: (() => void) | null = null;
        constructor() {
          attempts.push(Date.now());
          queueMicrotask(() => this.onclose?.({ code: 1006, reason: "refused" }));
        }
        send(): void {}
        close(): void {}
      }
      const draws: number[] = [];
      const source = seededRandom(3);
      const random = (): number => {
        const r = source();
        draws.push(r);
        return r;
      };
      const client = createGameClient({
        definition,
        url: "ws://127.0.0.1:1/",
        token: "p",
        WebSocket: Refused,
        reconnect: { baseMs: 100, maxMs: 1_000, random },
      });
      void client.connect().catch(() => undefined);
      await vi.advanceTimersByTimeAsync(30_000);
      await client.close();
      const gaps = attempts.slice(1).map((at, i) => at - (attempts[i] ?? 0));
      expect(gaps.length).toBeGreaterThan(10);
      gaps.forEach((gap, i) => {
        expect(gap).toBe(Math.floor((draws[i] ?? 0) * Math.min(1_000, 100 * 2 ** i)));
      });
    } finally {
      vi.useRealTimers();
    }
  });
});
