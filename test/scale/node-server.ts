/**
 * One gidl server process of the scale-out tests: the generated server of the e2e fixture on the
 * Redis adapter. Bundled by cluster.ts and run with `node`; argv: redisUrl port nodeId nodeTtlMs
 * resumeWindowMs.
 * Prints "ready <port>" once listening; each stdin line is a JSON command: an event to emit.
 */
import { createInterface } from "node:readline";
import { pino } from "pino";
import { redisAdapter } from "gidl/server";
import { createServer, type PlayHandlers } from "../runtime-e2e/fixtures/generated/server.js";

const [redisUrl = "", portArg = "0", nodeId = "", nodeTtlArg = "1500", resumeWindowArg = "30000"] =
  process.argv.slice(2);
const counts = new Map<string, number>();

const handlers: PlayHandlers = {
  status: () => ({ online: 1 }),
  echo: ({ profile }) => profile,
  count({ key }) {
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    return { key, n };
  },
  work: ({ n }) => ({ n }),
  note: () => undefined,
  fail: () => undefined,
  wait: ({ gate }) => ({ value: gate }),
  slow: () => undefined,
  limited: () => ({ ok: true }),
  admin: () => ({ ok: true }),
  hostOnly: () => ({ ok: true }),
  strike({ targetId, damage }, ctx) {
    ctx.emit.play.hit({ targetId, damage });
    return { ok: true };
  },
  moveTo: () => undefined,
  forge: ({ gate }) => ({ value: gate }),
};

const server = createServer({
  handlers: { play: handlers },
  port: Number(portArg),
  nodeId,
  logger: pino({ level: "silent" }),
  adapter: redisAdapter({ url: redisUrl, nodeTtlMs: Number(nodeTtlArg) }),
  authenticate: (token) => ({ playerId: token, roles: [] }),
  authorizeTopic: (player, topic) => topic === "global" || topic === `guild:${player.id}`,
  limits: { shutdownTimeoutMs: 100, resumeWindowMs: Number(resumeWindowArg) },
});
await server.listen();
process.stdout.write(`ready ${String(server.port)}\n`);

type Command =
  | { emit: "news"; text: string }
  | { emit: "tick"; playerIds: string[]; n: number }
  | { emit: "chat"; topic: string; text: string };

createInterface({ input: process.stdin }).on("line", (line) => {
  const command = JSON.parse(line) as Command;
  if (command.emit === "news") server.emit.play.news({ text: command.text });
  else if (command.emit === "tick") server.emit.play.tick(command.playerIds, { n: command.n, stamp: 0n });
  else server.emit.play.chat(command.topic, { from: nodeId, text: command.text });
});
process.on("SIGTERM", () => {
  void server.close().then(() => process.exit(0));
});
