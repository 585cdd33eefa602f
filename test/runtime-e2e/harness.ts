/**
 * The generated server and client of fixtures/game.gidl on real sockets (127.0.0.1, port 0):
 * handlers that count their runs, gates a test opens, and players by token. The generated code
 * imports "gidl/server" and "gidl/client", which resolve to dist/ (built by test/setup/build.ts).
 */
import { pino } from "pino";
import { inject } from "vitest";
import { createClient, type Client, type ClientOptions } from "./fixtures/generated/client.js";
import {
  createServer,
  GameError,
  type PlayHandlers,
  type Server,
  type ServerConfig,
} from "./fixtures/generated/server.js";

export type Codec = "json" | "msgpack" | "binary";
export const CODECS: readonly Codec[] = ["json", "msgpack", "binary"];

/** Tokens the test server accepts. */
export const PLAYERS: Readonly<Record<string, { playerId: string; roles: string[] }>> = {
  alice: { playerId: "alice", roles: [] },
  bob: { playerId: "bob", roles: [] },
  carol: { playerId: "carol", roles: [] },
  dave: { playerId: "dave", roles: [] },
  root: { playerId: "root", roles: ["admin"] },
};

/** Fails the test with the build's output when dist/ could not be built. */
export function expectBuilt(): void {
  const error = inject("gidlBuildError");
  if (error !== null) throw new Error(error);
}

export interface Gates {
  /** Resolves once a handler waits on `name`. */
  waiting(name: string): Promise<void>;
  open(name: string, value: string): void;
  wait(name: string, signal: AbortSignal): Promise<string>;
}

export function createGates(): Gates {
  const values = new Map<string, { promise: Promise<string>; open: (value: string) => void }>();
  const waiters = new Map<string, { promise: Promise<void>; arrived: () => void }>();
  const gate = (name: string): { promise: Promise<string>; open: (value: string) => void } => {
    let entry = values.get(name);
    if (entry === undefined) {
      let open!: (value: string) => void;
      const promise = new Promise<string>((resolve) => (open = resolve));
      entry = { promise, open };
      values.set(name, entry);
    }
    return entry;
  };
  const waiter = (name: string): { promise: Promise<void>; arrived: () => void } => {
    let entry = waiters.get(name);
    if (entry === undefined) {
      let arrived!: () => void;
      const promise = new Promise<void>((resolve) => (arrived = resolve));
      entry = { promise, arrived };
      waiters.set(name, entry);
    }
    return entry;
  };
  return {
    waiting: (name) => waiter(name).promise,
    open(name, value) {
      gate(name).open(value);
    },
    wait(name, signal) {
      waiter(name).arrived();
      return Promise.race([
        gate(name).promise,
        new Promise<never>((_, reject) => {
          signal.addEventListener("abort", () => {
            reject(signal.reason as Error);
          });
        }),
      ]);
    },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What the handlers saw: runs per key / per n, and the notes (sends) in arrival order. */
export interface Counters {
  readonly count: Map<string, number>;
  readonly work: Map<number, number>;
  readonly notes: number[];
}

export function createHandlers(gates: Gates, counters: Counters): PlayHandlers {
  return {
    status: () => ({ online: 1 }),
    echo: ({ profile }) => profile,
    count({ key }) {
      const n = (counters.count.get(key) ?? 0) + 1;
      counters.count.set(key, n);
      return { key, n };
    },
    async work({ n, delayMs }) {
      counters.work.set(n, (counters.work.get(n) ?? 0) + 1);
      if (delayMs > 0) await sleep(delayMs);
      return { n };
    },
    note({ n }) {
      counters.notes.push(n);
    },
    fail({ kind }, ctx) {
      switch (kind) {
        case "busy":
          throw ctx.errors.BUSY({ retryInMs: 50 }, "Busy, try again");
        case "missing":
          throw ctx.errors.NO_SUCH_ITEM({ itemId: "sword-9" });
        case "forbidden":
          throw ctx.errors.FORBIDDEN_MOVE("Not that way");
        case "badResult":
          throw new GameError("NOT_DECLARED", "an undeclared code");
        case "internal":
          throw new Error("the database password is hunter2");
      }
    },
    async wait({ gate }, ctx) {
      return { value: await gates.wait(gate, ctx.signal) };
    },
    async slow(_params, ctx) {
      await gates.wait("slow", ctx.signal).catch(() => undefined);
    },
    limited: () => ({ ok: true }),
    admin: () => ({ ok: true }),
    hostOnly: () => ({ ok: true }),
    strike({ targetId, damage }, ctx) {
      ctx.emit.play.hit({ targetId, damage });
      return { ok: true };
    },
    moveTo({ pos }, ctx) {
      ctx.session?.setPosition(ctx.player.id, pos);
    },
    async forge({ gate }, ctx) {
      return { value: await gates.wait(gate, ctx.signal) };
    },
  };
}

export interface Harness {
  readonly server: Server;
  readonly url: string;
  readonly http: string;
  readonly gates: Gates;
  readonly counters: Counters;
  /** A generated client for the player with that token (none: anonymous), not yet connected. */
  client(token: string | undefined, options?: Partial<ClientOptions>): Client;
  /** The same, connected. */
  connect(token: string | undefined, options?: Partial<ClientOptions>): Promise<Client>;
  close(): Promise<void>;
}

export async function startHarness(codec: Codec, options: Partial<ServerConfig> = {}): Promise<Harness> {
  expectBuilt();
  const gates = createGates();
  const counters: Counters = { count: new Map(), work: new Map(), notes: [] };
  const server = createServer({
    handlers: { play: createHandlers(gates, counters) },
    logger: pino({ level: "silent" }),
    authenticate(token) {
      const player = Object.hasOwn(PLAYERS, token) ? PLAYERS[token] : undefined;
      if (player === undefined) throw new Error("unknown token");
      return player;
    },
    authorizeTopic: (player, topic) => topic === "global" || topic === `guild:${player.id}`,
    ...options,
    // Calls some tests leave waiting must not hold up the close for the default 10 s.
    limits: { shutdownTimeoutMs: 100, ...options.limits },
  });
  await server.listen();
  const url = `ws://127.0.0.1:${server.port}/`;
  const clients: Client[] = [];
  const client = (token: string | undefined, clientOptions: Partial<ClientOptions> = {}): Client => {
    const created = createClient({
      url,
      codec,
      reconnect: { baseMs: 10, maxMs: 100 },
      ...(token === undefined ? {} : { token }),
      ...clientOptions,
    });
    clients.push(created);
    return created;
  };
  return {
    server,
    url,
    http: `http://127.0.0.1:${server.port}`,
    gates,
    counters,
    client,
    async connect(token, clientOptions) {
      const created = client(token, clientOptions);
      await created.connect();
      return created;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await server.close();
    },
  };
}
