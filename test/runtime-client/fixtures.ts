/** A hand-written ApiDefinition and helpers shared by the client's tests. */
import { createGameClient, type ClientOptions, type GameClient } from "../../runtime-client/node.js";
import type { ApiDefinition, MethodPolicy } from "../../protocol/definition.js";
import { FakeServer, type FakeConnection, type Received } from "./fake-server.js";

const policy: MethodPolicy = {
  public: false,
  session: "none",
  host: false,
  roles: [],
  rate: null,
  timeoutMs: 5000,
  queue: null,
};

export const definition: ApiDefinition = {
  package: "arena",
  version: 1,
  hash: "9f2c-test",
  methods: {
    "combat.attack": {
      kind: "rpc",
      policy,
      throws: ["STUNNED"],
      params: { kind: "object", fields: { targetId: { kind: "i64" } } },
      result: { kind: "object", fields: { damage: { kind: "i64" }, replay: { kind: "bytes" } } },
    },
    "combat.move": {
      kind: "send",
      policy: { ...policy, timeoutMs: null },
      throws: [],
      params: null,
      result: null,
    },
    "game.echo": { kind: "rpc", policy, throws: [], params: null, result: null },
  },
  events: {
    "combat.damaged": {
      recipients: "session",
      reliable: true,
      payload: { kind: "object", fields: { amount: { kind: "i64" } } },
    },
    "world.tick": { recipients: "all", reliable: false, payload: null },
  },
  errors: { STUNNED: { retryable: false } },
  shapes: {},
  session: null,
};

/** Reconnects at once: tests must not wait for real backoff. */
export const instantReconnect = { baseMs: 1, maxMs: 1, random: () => 0 };

export interface Harness {
  readonly server: FakeServer;
  readonly clients: GameClient[];
  client(options?: Partial<ClientOptions>): GameClient;
  /** A client connected to a fresh connection that the server welcomed. */
  connected(
    options?: Partial<ClientOptions>,
    welcome?: Parameters<FakeConnection["welcome"]>[0],
  ): Promise<{ client: GameClient; conn: FakeConnection; hello: Received }>;
  stop(): Promise<void>;
}

export async function harness(): Promise<Harness> {
  const server = await FakeServer.start();
  const clients: GameClient[] = [];
  const client = (options: Partial<ClientOptions> = {}): GameClient => {
    const created = createGameClient({
      definition,
      url: server.url,
      token: "t1",
      reconnect: instantReconnect,
      ...options,
    });
    clients.push(created);
    return created;
  };
  return {
    server,
    clients,
    client,
    async connected(options = {}, welcome = { resumeToken: "r1" }) {
      const created = client(options);
      const connecting = created.connect();
      const conn = await server.nextConnection();
      const hello = await conn.accept(welcome);
      await connecting;
      return { client: created, conn, hello };
    },
    async stop() {
      await Promise.all(clients.map((created) => created.close()));
      await server.stop();
    },
  };
}

/** Resolves when `predicate` holds, polling on the event loop; for conditions no event announces. */
export async function eventually(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** A call the test does not await: its rejection when the client closes is expected. */
export function unawaited(promise: Promise<unknown>): void {
  promise.catch(() => undefined);
}
