/**
 * The one scenario of reconnect-schedule.e2e.test.ts, written once for both transports: the test's
 * process runs it over `ws`, and a child Node.js runs it over the runtime's global WebSocket
 * (reconnect-scenario-child.ts). A real server welcomes the client and goes away, a hostile server
 * holds its port for a while (calls are made meanwhile), then a real server listens there again.
 * Everything it measures is returned as plain data, so that the child can print it as JSON.
 */
import { WebSocket as WsWebSocket } from "ws";
import {
  createGameClient,
  type ConnectionState,
  type GameClient,
  type WebSocketConstructorLike,
} from "../../runtime-client/node.js";
import { definition } from "../runtime-server/fixtures/arena.js";
import { startServer, type TestServer } from "../runtime-server/test-server.js";
import { freePort, startHostile, type HostileKind } from "./hostile-servers.js";

export type Transport = "ws" | "global";

export const SCHEDULE = {
  connectTimeoutMs: 300,
  reconnect: { baseMs: 20, maxMs: 100 },
  /** The jitter's random source always returns this: each delay is half its ceiling. */
  jitter: 0.5,
  /** How long the hostile server holds the port. */
  hostileMs: 1500,
  /** Calls made while it does (game.count: the server counts its runs). */
  calls: 3,
} as const;

/** How long "open" may take after the real server is back: one attempt, one delay, and a generous margin. */
export const OPEN_WITHIN_MS = SCHEDULE.connectTimeoutMs + SCHEDULE.reconnect.maxMs + 3000;

export interface ScenarioResult {
  /** Whether the client's WebSocket class was `ws`'s (false: the runtime's global one). */
  readonly usedWs: boolean;
  /** Connection attempts started while the hostile server held the port. */
  readonly hostileAttempts: number;
  /** From the first of those attempts to the end of the hostile phase (0 when there was none). */
  readonly hostileWindowMs: number;
  /** Attempts started after the second real server listened. */
  readonly attemptsAfterListen: number;
  /** From the second real server's listen to "open"; `null` when not open within OPEN_WITHIN_MS. */
  readonly openAfterMs: number | null;
  readonly states: readonly ConnectionState[];
  /** What each call made during the hostile phase settled with: its result, or its error's code. */
  readonly answers: readonly unknown[];
  /** Runs of game.count on the second real server. */
  readonly serverRuns: number;
}

export async function runScenario(kind: HostileKind, transport: Transport): Promise<ScenarioResult> {
  const global = globalThis as { WebSocket?: WebSocketConstructorLike };
  const Base = transport === "ws" ? (WsWebSocket as unknown as WebSocketConstructorLike) : global.WebSocket;
  if (Base === undefined) throw new Error("this Node.js has no global WebSocket");
  const starts: number[] = [];
  const Counting = class extends Base {
    constructor(url: string, protocols?: string | string[]) {
      starts.push(Date.now());
      super(url, protocols);
    }
  };
  // The global leg leaves the choice to the client, which must pick the global WebSocket.
  const savedGlobal = global.WebSocket;
  if (transport === "global") global.WebSocket = Counting;
  const port = await freePort();
  const url = `ws://127.0.0.1:${port}/`;
  let server: TestServer | undefined = await startServer({ port });
  const client = createGameClient({
    definition,
    url,
    token: "alice",
    connectTimeoutMs: SCHEDULE.connectTimeoutMs,
    reconnect: { ...SCHEDULE.reconnect, random: () => SCHEDULE.jitter },
    ...(transport === "ws" ? { WebSocket: Counting } : {}),
  });
  const states: ConnectionState[] = [];
  client.onState((state) => states.push(state));
  try {
    await required(client.connect(), "the first connect");
    const reconnecting = untilState(client, "reconnecting");
    await server.close();
    server = undefined;
    await required(reconnecting, "the reconnecting state");

    const hostile = await startHostile(kind, port);
    const hostileStart = Date.now();
    const calls = Array.from({ length: SCHEDULE.calls }, () =>
      client.call("game.count", {}).catch((error: unknown) => (error as { code?: unknown }).code),
    );
    await delay(SCHEDULE.hostileMs);
    const hostileEnd = Date.now();
    await hostile.close();

    const opened = untilState(client, "open");
    server = await startServer({ port });
    const listenedAt = Date.now();
    const openAt = await orNull(
      opened.then(() => Date.now()),
      OPEN_WITHIN_MS,
    );
    // A client that is not open would hold its calls until their deadline: closing fails them now.
    if (openAt === null) await client.close();
    const answers = await Promise.all(calls);
    await client.close();
    const hostileStarts = starts.filter((t) => t >= hostileStart && t < hostileEnd);
    return {
      usedWs: Object.getPrototypeOf(Counting) === WsWebSocket,
      hostileAttempts: hostileStarts.length,
      hostileWindowMs: hostileStarts.length === 0 ? 0 : hostileEnd - (hostileStarts[0] ?? hostileEnd),
      attemptsAfterListen: starts.filter((t) => t >= listenedAt).length,
      openAfterMs: openAt === null ? null : openAt - listenedAt,
      states,
      answers,
      serverRuns: server.fixture.counts.count,
    };
  } finally {
    await client.close();
    await server?.close();
    if (transport === "global") global.WebSocket = savedGlobal;
  }
}

function untilState(client: GameClient, state: ConnectionState): Promise<void> {
  return new Promise((resolve) => {
    const off = client.onState((next) => {
      if (next !== state) return;
      off();
      resolve();
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What `promise` resolves to, or `null` when it takes longer than `ms`. */
async function orNull<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => {
      resolve(null);
    }, ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Steps the scenario cannot go on without; any working client takes a fraction of this. */
async function required<T>(promise: Promise<T>, what: string): Promise<T> {
  const ms = 5000;
  const result = await orNull(promise, ms);
  if (result === null) throw new Error(`${what} took longer than ${ms} ms`);
  return result;
}
