/**
 * Two servers in one process, each with its own cork scheduler (docs/server.md "Under load"): both
 * answer bursts of calls from many clients at once, every answer right and in order, and closing
 * one while the other is busy leaves the other's writes untouched.
 */
import { unpack } from "msgpackr";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import type { Codec, RawClient } from "./raw-client.js";
import { startServer, type TestServer } from "./test-server.js";

const CLIENTS = 8;
/** Below the default burst (1,000 messages), so that no call is rate-limited. */
const CALLS = 200;

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((t) => t.close()));
});

interface Busy {
  readonly client: RawClient;
  /** The ids of the responses the client received, in the order they arrived. */
  readonly answered: number[];
}

async function start(): Promise<TestServer> {
  const t = await startServer({ authenticate: (token) => ({ playerId: token, roles: [] }) });
  servers.push(t);
  return t;
}

async function clientsOf(t: TestServer, name: string): Promise<Busy[]> {
  const busy: Busy[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const codec: Codec = i % 2 === 0 ? "json" : "msgpack";
    const { client, welcome } = await t.login(`${name}-${String(i)}`, { codec });
    expect(welcome).toMatchObject({ type: "welcome", player: `${name}-${String(i)}` });
    const answered: number[] = [];
    client.socket.on("message", (data: Buffer, isBinary) => {
      const decoded: unknown = isBinary ? unpack(data) : JSON.parse(data.toString("utf8"));
      for (const m of (Array.isArray(decoded) ? decoded : [decoded]) as { type: string; id?: number }[]) {
        if (m.type === "response" && m.id !== undefined) answered.push(m.id);
      }
    });
    busy.push({ client, answered });
  }
  return busy;
}

/** Each client sends `CALLS` echo calls at once; resolves with what each call was answered. */
function burst(busy: readonly Busy[], round: number): Promise<{ sent: number[]; texts: unknown[] }[]> {
  return Promise.all(
    busy.map(async ({ client }, c) => {
      const sent: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        sent.push(client.rpc("game.echo", { text: `r${String(round)}-c${String(c)}-${String(i)}` }));
      }
      const responses = await Promise.all(sent.map((id) => client.response(id)));
      return { sent, texts: responses.map((r) => (r.result as { text?: unknown } | undefined)?.text) };
    }),
  );
}

function expectAnswered(
  busy: readonly Busy[],
  round: number,
  results: { sent: number[]; texts: unknown[] }[],
): void {
  results.forEach(({ sent, texts }, c) => {
    expect(texts).toEqual(sent.map((_, i) => `r${String(round)}-c${String(c)}-${String(i)}`));
    // In order: this round's answers arrived in the order the calls were sent.
    const answered = busy[c]?.answered.filter((id) => sent.includes(id));
    expect(answered).toEqual(sent);
  });
}

/** Resolves once every client has received an answer (bounded: 5 s). */
async function answering(busy: readonly Busy[]): Promise<void> {
  const until = Date.now() + 5000;
  while (busy.some(({ answered }) => answered.length === 0)) {
    if (Date.now() > until) throw new Error("no answers within 5 s");
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

describe("two servers in one process", () => {
  it("answer bursts of calls from many clients at the same time, each answer right and in order", async () => {
    const [a, b] = await Promise.all([start(), start()]);
    const [onA, onB] = await Promise.all([clientsOf(a, "a"), clientsOf(b, "b")]);
    for (let round = 0; round < 3; round++) {
      const [fromA, fromB] = await Promise.all([burst(onA, round), burst(onB, round)]);
      expectAnswered(onA, round, fromA);
      expectAnswered(onB, round, fromB);
    }
  });

  it("closing one while both are busy does not stall or break the other's writes", async () => {
    const [a, b] = await Promise.all([start(), start()]);
    const [onA, onB] = await Promise.all([clientsOf(a, "a"), clientsOf(b, "b")]);
    // A's clients keep calling until A is gone; B answers rounds of bursts all the while.
    const open = (): boolean => onA.every(({ client }) => client.socket.readyState === WebSocket.OPEN);
    const gone = Promise.all(onA.map(({ client }) => client.closed));
    const busyA = (async (): Promise<void> => {
      for (let round = 0; round < 100 && open(); round++) await Promise.race([burst(onA, round), gone]);
    })();
    const busyB = (async (): Promise<void> => {
      for (let round = 0; round < 4; round++) expectAnswered(onB, round, await burst(onB, round));
    })();
    await answering(onA);
    await answering(onB);
    await a.server.close();
    for (const { code } of await gone) expect(code).toBe(1001);
    await busyA;
    await busyB;
    // The server that stayed keeps answering after the other one is gone.
    expectAnswered(onB, 4, await burst(onB, 4));
  });
});
