/**
 * A gidl server (the arena fixture) in a child process of its own, so that a test can watch it
 * crash, measure its heap after a forced GC and count its handles without the test's own noise.
 * Started by server-process.ts with `--expose-gc`; talks over the IPC channel (child-ipc.ts).
 */
import { pino } from "pino";
import { createGameServer, type Limits } from "../../runtime-server/index.js";
import { definition, validators } from "../runtime-server/fixtures/arena.js";
import { createArenaHandlers } from "../runtime-server/fixtures/handlers.js";
import { authenticateAnyPlayer, childSettings, serveChild } from "./child-ipc.js";

const { limits, port } = childSettings<Limits>();
const server = createGameServer({
  definition,
  validators,
  handlers: createArenaHandlers().handlers,
  port,
  logger: pino({ level: "silent" }),
  authenticate: authenticateAnyPlayer,
  limits,
});

await serveChild(server, (i) => {
  server.emitEvent("game.news", { to: "all" }, { text: `n${i}` });
});
