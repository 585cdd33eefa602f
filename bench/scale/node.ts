/**
 * One server process of the scale bench: the e2e fixture's generated server, on Redis or (argv[2]
 * "memory") on nothing. Bundled by run.mjs with esbuild. Prints "ready <port> <schema hash>"; each stdin line is a
 * command: `{burst: "news" | "chat", count}` emits `count` events as fast as the loop allows;
 * `{tick: playerIds}` emits one `to players` event stamped with the wall clock.
 */
import { createInterface } from "node:readline";
import { pino } from "pino";
import { redisAdapter } from "gidl/server";
import { definition } from "../../test/runtime-e2e/fixtures/generated/definition.js";
import { createServer, type PlayHandlers } from "../../test/runtime-e2e/fixtures/generated/server.js";

const [redisUrl = "memory", portArg = "0", nodeId = "b"] = process.argv.slice(2);
const handlers: PlayHandlers = {
  status: () => ({ online: 1 }),
  echo: ({ profile }) => profile,
  count: ({ key }) => ({ key, n: 1 }),
  work: ({ n }) => ({ n }),
  note: () => undefined,
  fail: () => undefined,
  wait: ({ gate }) => ({ value: gate }),
  slow: () => undefined,
  limited: () => ({ ok: true }),
  admin: () => ({ ok: true }),
  hostOnly: () => ({ ok: true }),
  strike: () => ({ ok: true }),
  moveTo: () => undefined,
  forge: ({ gate }) => ({ value: gate }),
};

const server = createServer({
  handlers: { play: handlers },
  port: Number(portArg),
  nodeId,
  logger: pino({ level: "silent" }),
  metrics: false,
  ...(redisUrl === "memory" ? {} : { adapter: redisAdapter({ url: redisUrl }) }),
  authenticate: (token) => ({ playerId: token, roles: [] }),
  authorizeTopic: () => true,
  limits: { shutdownTimeoutMs: 100 },
});
await server.listen();
process.stdout.write(`ready ${String(server.port)} ${definition.hash}\n`);

type Command = { burst: "news" | "chat"; count: number } | { tick: string[] };

createInterface({ input: process.stdin }).on("line", (line) => {
  const command = JSON.parse(line) as Command;
  if ("tick" in command) {
    server.emit.play.tick(command.tick, { n: 1, stamp: BigInt(Date.now()) });
    return;
  }
  const { burst, count } = command;
  for (let i = 0; i < count; i++) {
    if (burst === "news") server.emit.play.news({ text: String(i) });
    else server.emit.play.chat("bench", { from: nodeId, text: String(i) });
  }
});
process.on("SIGTERM", () => {
  void server.close().then(() => process.exit(0));
});
