/**
 * The child side of server-process.ts, shared by the fuzz and soak servers: answers the parent's
 * requests over the IPC channel (heap after a forced GC, handles, emitting events, closing) and
 * closes the server when the parent goes away. Runs under plain Node.js with `--expose-gc`.
 */
import type { GameServer } from "../../runtime-server/index.js";

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

/** Listens, tells the parent its port, then serves its requests; `emit(i)` sends the i-th event. */
export async function serveChild(server: GameServer, emit: (i: number) => void): Promise<void> {
  process.on("message", (request: ChildRequest) => {
    void (async () => {
      if (request.type === "stats") send(await stats());
      else if (request.type === "emit") {
        for (let i = 0; i < request.count; i++) emit(i);
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

/** The child's limits and port, as server-process.ts passes them. */
export function childSettings<Limits>(): { limits: Partial<Limits>; port: number } {
  return {
    limits: JSON.parse(process.env.GIDL_CHILD_LIMITS ?? "{}") as Partial<Limits>,
    port: Number(process.env.GIDL_CHILD_PORT ?? "0"),
  };
}

/** Any short lowercase token is a player of that name: the soak runs hundreds of players. */
export function authenticateAnyPlayer(token: string): { playerId: string; roles: string[] } {
  if (!/^[a-z0-9_-]{1,40}$/.test(token)) throw new Error("bad token");
  return { playerId: token, roles: [] };
}
