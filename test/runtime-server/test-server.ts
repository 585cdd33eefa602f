/**
 * Starts a gidl server on 127.0.0.1, port 0, with the arena fixture and its binary schema, so that
 * it speaks all three codecs; `close` in afterEach.
 */
import { pino } from "pino";
import { createGameServer, type GameServer, type ServerOptions } from "../../runtime-server/index.js";
import { definition, validators } from "./fixtures/arena.js";
import { binary } from "./fixtures/arena-binary.js";
import { createArenaHandlers } from "./fixtures/handlers.js";
import { RawClient, type ConnectOptions, type Message } from "./raw-client.js";

export const players: Record<string, { playerId: string; roles: string[] }> = {
  alice: { playerId: "alice", roles: [] },
  bob: { playerId: "bob", roles: [] },
  carol: { playerId: "carol", roles: [] },
  dave: { playerId: "dave", roles: [] },
  root: { playerId: "root", roles: ["admin"] },
};

export interface TestServer {
  server: GameServer;
  url: string;
  http: string;
  fixture: ReturnType<typeof createArenaHandlers>;
  connect(options?: ConnectOptions): Promise<RawClient>;
  /** Connects and says hello with the player's token; returns the client and its welcome. */
  login(
    token: string,
    options?: ConnectOptions & { hello?: Record<string, unknown> },
  ): Promise<{ client: RawClient; welcome: Message }>;
  close(): Promise<void>;
}

export async function startServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const fixture = createArenaHandlers();
  const server = createGameServer({
    definition: { ...definition, binary },
    validators,
    handlers: fixture.handlers,
    logger: pino({ level: "silent" }),
    authenticate: (token) => {
      const player = Object.hasOwn(players, token) ? players[token] : undefined;
      if (player === undefined) throw new Error("bad token");
      return player;
    },
    ...options,
  });
  await server.listen();
  const url = `ws://127.0.0.1:${server.port}/`;
  const clients: RawClient[] = [];
  const connect = async (connectOptions?: ConnectOptions): Promise<RawClient> => {
    const client = await RawClient.open(url, { binary, ...connectOptions });
    clients.push(client);
    return client;
  };
  return {
    server,
    url,
    http: `http://127.0.0.1:${server.port}`,
    fixture,
    connect,
    async login(token, loginOptions) {
      const client = await connect(loginOptions);
      const welcome = await client.hello({ token, ...loginOptions?.hello });
      return { client, welcome };
    },
    async close() {
      for (const client of clients) client.socket.terminate();
      await server.close();
    },
  };
}
