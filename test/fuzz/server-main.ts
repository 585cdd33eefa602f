/**
 * A gidl server (the arena fixture) in a child process of its own, so that a test can watch it
 * crash, measure its heap after a forced GC and count its handles without the test's own noise.
 * Started by server-process.ts with `--expose-gc`; talks over the IPC channel.
 */
import { pino } from "pino";
import { createGameServer, type GameServer, type Limits } from "../../runtime-server/index.js";
import { definition, validators } from "../runtime-server/fixtures/arena.js";
import { createArenaHandlers } from "../runtime-server/fixtures/handlers.js";

export type ChildRequest = { type: "stats" } | { type: "close" } | { type: "emit"; count: number };
export type ChildReply =
  | { type: "listening"; port: number }
  | { type: "stats"; heapUsed: number; handles: Record<string, number>; connections: number }
  | { type: "closed" }
  | { type: "emitted" };

const gc = (globalThis as { gc?: () => void }).gc;
const send = (reply: ChildReply): void => {
  process.send?.(reply);
};

const limits = JSON.parse(process.env.GIDL_CHILD_LIMITS ?? "{}") as Partial<Limits>;
const port = Number(process.env.GIDL_CHILD_PORT ?? "0");
const fixture = createArenaHandlers();
const server: GameServer = start();

function start(): GameServer {
  return createGameServer({
    definition,
    validators,
    handlers: fixture.handlers,
    port,
    logger: pino({ level: "silent" }),
    // Any short lowercase token is a player of that name: the soak runs hundreds of players.
    authenticate: (token) => {
      if (!/^[a-z0-9_-]{1,40}$/.test(token)) throw new Error("bad token");
      return { playerId: token, roles: [] };
    },
    limits,
  });
}

async function stats(): Promise<ChildReply> {
  // Several passes: finalizers and weak references free more on the second.
  for (let i = 0; i < 4; i++) {
    gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const handles: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) handles[kind] = (handles[kind] ?? 0) + 1;
  return {
    type: "stats",
    heapUsed: process.memoryUsage().heapUsed,
    handles,
    connections: handles.TCPSocketWrap ?? 0,
  };
}

process.on("message", (request: ChildRequest) => {
  void (async () => {
    if (request.type === "stats") send(await stats());
    else if (request.type === "emit") {
      for (let i = 0; i < request.count; i++) server.emitEvent("game.news", { to: "all" }, { text: `n${i}` });
      send({ type: "emitted" });
    } else {
      await server.close();
      send({ type: "closed" });
    }
  })();
});

process.on("disconnect", () => {
  void server.close().then(() => process.exit(0));
});

await server.listen();
send({ type: "listening", port: server.port });
