/**
 * The test kit behind every generated `testkit.ts`: the application's server in-process on
 * 127.0.0.1:0 with typed clients already connected, and the helpers tests need so that they never
 * manage ports or sleep — await an event, flush, drop a client's network and resume it.
 */
import { pino } from "pino";
import type { ApiDefinition } from "../protocol/definition.js";
import type { ConnectionState } from "../runtime-client/game-client.js";
import type { EventMeta } from "../runtime-client/event-stream.js";
import type { ClientOptions } from "../runtime-client/options.js";
import type { GameServer, ServerOptions } from "../runtime-server/types.js";
import { EventLog } from "./event-log.js";
import { createTestNetwork, type TestNetwork } from "./network.js";

/** What the kit needs of a generated client (`createClient()`'s result fits). */
export interface TestKitClient {
  connect(): Promise<void>;
  close(): Promise<void>;
  readonly state: ConnectionState;
  readonly playerId: string | null;
  onState(listener: (state: ConnectionState) => void): () => void;
  onResync(listener: () => void): () => void;
  readonly session: { list(): Promise<unknown> };
}

/** The server options a test gives: everything but where to listen, which the kit decides. */
export type TestKitOptions<Config extends ServerOptions> = Omit<Config, "port" | "host" | "server"> & {
  /** The players connected at the start, in `clients` order. A number n means "p1" … "pn". @default 2 */
  readonly players?: number | readonly string[];
  /**
   * The hello token of a player. Without it, and without `authenticate`, the token is the player id
   * and the kit's `authenticate` accepts it as such. @default the player id
   */
  readonly token?: (playerId: string) => string | Promise<string>;
  /** Extra options for every client (codec, timeoutMs…). */
  readonly client?: Omit<ClientOptions, "url" | "token" | "WebSocket">;
  /** How long `nextEvent` and `resume` wait by default. @default 5000 */
  readonly timeoutMs?: number;
};

export interface TestKit<Server extends GameServer, Client extends TestKitClient, Events> {
  readonly server: Server;
  /** `ws://127.0.0.1:<port><path>` */
  readonly url: string;
  /** The clients of `players`, connected. */
  readonly clients: readonly Client[];
  /** The client of a player connected by the kit. */
  client(playerId: string): Client;
  /** Connects one more player (closed by `close()` like the others). */
  connect(playerId: string): Promise<Client>;
  /**
   * The oldest event of that name the client received and no earlier `nextEvent` took, waiting for
   * one if there is none yet; `match` skips others. Rejects after the timeout.
   */
  nextEvent<K extends keyof Events & string>(
    client: Client,
    event: K,
    match?: (data: Events[K]) => boolean,
    options?: { timeoutMs?: number },
  ): Promise<Events[K]>;
  /** Every event of that name the client received so far. */
  events<K extends keyof Events & string>(client: Client, event: K): Events[K][];
  /**
   * A round trip per client, in the order given (every client by default): afterwards each has
   * received every event the server emitted while handling messages sent before the flush. With it
   * a test can check that an event did *not* arrive, without sleeping.
   */
  flush(...clients: Client[]): Promise<void>;
  /** Cuts the client's network as a failure would (no close frame); it stays down until `resume`. */
  drop(client: Client): Promise<void>;
  /**
   * Restores the network and waits until the client is back and has received what the server
   * replays. `replayed` counts the events emitted while it was away.
   */
  resume(client: Client, options?: { timeoutMs?: number }): Promise<{ resumed: boolean; replayed: number }>;
  /** Closes every client, then the server. */
  close(): Promise<void>;
}

/** What the generated `testkit.ts` passes besides the test's options. */
export interface TestKitBinding<Config extends ServerOptions, Server extends GameServer, Client> {
  readonly definition: ApiDefinition;
  readonly createServer: (config: Config) => Server;
  readonly createClient: (options: ClientOptions) => Client;
}

interface Member<Client> {
  readonly client: Client;
  readonly log: EventLog;
  readonly network: TestNetwork;
  resyncs: number;
  dropped?: { readonly lastSeq: number; readonly resyncs: number };
}

const DEFAULT_TIMEOUT_MS = 5000;

export async function startTestKit<
  Config extends ServerOptions,
  Server extends GameServer,
  Client extends TestKitClient,
  Events,
>(
  options: TestKitOptions<Config> & TestKitBinding<Config, Server, Client>,
): Promise<TestKit<Server, Client, Events>> {
  const { definition, createServer, createClient, players, token, client, timeoutMs, ...config } = options;
  const defaultTimeout = timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const tokenOf = token ?? ((playerId: string) => playerId);
  const server = createServer({
    logger: pino({ level: "silent" }),
    authenticate: (playerId: string) => ({ playerId }),
    ...config,
    host: "127.0.0.1",
    port: 0,
  } as unknown as Config);
  await server.listen();
  const url = `ws://127.0.0.1:${server.port}${(config as ServerOptions).path ?? "/"}`;
  const members = new Map<Client, Member<Client>>();
  const byPlayer = new Map<string, Client>();

  const member = (c: Client): Member<Client> => {
    const found = members.get(c);
    if (found === undefined) throw new Error("gidl test kit: that client was not connected by this kit");
    return found;
  };

  async function connect(playerId: string): Promise<Client> {
    const network = createTestNetwork();
    const created = createClient({
      // Reconnect at once: a test waits on `resume`, never on a backoff.
      reconnect: { baseMs: 5, maxMs: 20 },
      ...client,
      url,
      token: () => tokenOf(playerId),
      WebSocket: network.WebSocket,
    });
    const log = new EventLog(playerId);
    const entry: Member<Client> = { client: created, log, network, resyncs: 0 };
    const on = (created as unknown as { on: RawOn }).on;
    for (const name of Object.keys(definition.events)) {
      on(name, (data, meta) => {
        log.record({ name, data, seq: meta.seq, ts: meta.ts });
      });
    }
    created.onResync(() => {
      entry.resyncs++;
    });
    members.set(created, entry);
    byPlayer.set(playerId, created);
    await created.connect();
    return created;
  }

  const ids =
    typeof players === "number"
      ? Array.from({ length: players }, (_, i) => `p${i + 1}`)
      : (players ?? ["p1", "p2"]);
  const clients: Client[] = [];
  try {
    for (const id of ids) clients.push(await connect(id));
  } catch (error) {
    await Promise.allSettled([...members.keys()].map((c) => c.close()));
    await server.close();
    throw error;
  }

  return {
    server,
    url,
    clients,
    client(playerId) {
      const found = byPlayer.get(playerId);
      if (found === undefined) throw new Error(`gidl test kit: no client for player ${playerId}`);
      return found;
    },
    connect,
    nextEvent(c, event, match, nextOptions) {
      const test = match as ((data: unknown) => boolean) | undefined;
      return member(c).log.next(
        event,
        test ?? (() => true),
        nextOptions?.timeoutMs ?? defaultTimeout,
      ) as Promise<Events[typeof event]>;
    },
    events(c, event) {
      return member(c)
        .log.all(event)
        .map((e) => e.data as Events[typeof event]);
    },
    async flush(...some) {
      for (const c of some.length === 0 ? clients : some) await c.session.list();
    },
    async drop(c) {
      const m = member(c);
      m.dropped = { lastSeq: m.log.lastSeq, resyncs: m.resyncs };
      const left = waitForState(c, (state) => state !== "open", defaultTimeout);
      m.network.cut();
      await left;
    },
    async resume(c, resumeOptions) {
      const m = member(c);
      const dropped = m.dropped;
      if (dropped === undefined) throw new Error("gidl test kit: resume() a client that drop() cut");
      m.dropped = undefined;
      const back = waitForState(c, (state) => state === "open", resumeOptions?.timeoutMs ?? defaultTimeout);
      m.network.restore();
      await back;
      // The server sends replayed events right after its welcome, before answering this round trip.
      await c.session.list();
      const welcome = m.network.welcome;
      const resumed = m.resyncs === dropped.resyncs && welcome?.resumed === true;
      return {
        resumed,
        replayed: resumed ? m.log.countReplayed(dropped.lastSeq, welcome.serverTime) : 0,
      };
    },
    async close() {
      await Promise.allSettled([...members.keys()].map((c) => c.close()));
      await server.close();
    },
  };
}

type RawOn = (event: string, handler: (data: unknown, meta: EventMeta) => void) => () => void;

function waitForState(
  client: TestKitClient,
  done: (state: ConnectionState) => boolean,
  timeoutMs: number,
): Promise<void> {
  if (done(client.state)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`gidl test kit: the client stayed "${client.state}" for ${timeoutMs} ms`));
    }, timeoutMs);
    const off = client.onState((state) => {
      if (!done(state)) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}
