/**
 * `npm run demo`: the arena server and a crowd of bots in one process, with a live log and a
 * closing summary. Flags: --duration <seconds> (20), --bots <n> (8), --port <n> (0: any free port).
 */
import { existsSync } from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { startArenaServer } from "../server/arena-server.js";
import { createLog } from "./live-log.js";
import { runScenario } from "./scenario.js";
import { Stats } from "./stats.js";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "20" },
    bots: { type: "string", default: "8" },
    port: { type: "string", default: "0" },
  },
});
const duration = Number(values.duration);
const bots = Number(values.bots);
const port = Number(values.port);
if (!(duration > 0) || !Number.isInteger(bots) || bots < 2 || bots > 12 || !Number.isInteger(port)) {
  process.stderr.write("usage: npm run demo -- [--duration <seconds>] [--bots <2..12>] [--port <n>]\n");
  process.exit(2);
}

const log = createLog((line) => process.stdout.write(line));
const stats = new Stats();
const web = fileURLToPath(new URL("../web/", import.meta.url));
// A demo secret: the bots sign their own tokens with it.
const arena = await startArenaServer({
  port,
  secret: "demo-secret-demo-secret-demo-secret",
  // Failed calls are part of the game (STUNNED…) and counted in the summary; real failures still print.
  logger: pino({ level: "error" }),
  ...(existsSync(web) ? { staticDir: web, devLogin: true } : {}),
});
log("server", `listening on ${arena.url}${existsSync(web) ? ` (web client on ${arena.http}/)` : ""}`);

const started = Date.now();
let status = 0;
try {
  const { matches } = await runScenario({
    url: arena.url,
    bots,
    durationMs: duration * 1000,
    sign: (id, guild) => arena.arena.auth.sign(id, guild),
    stats,
    log,
  });
  await arena.close();
  process.stdout.write(`\n${stats.summary((Date.now() - started) / 1000, bots, matches)}\n`);
} catch (error) {
  process.stderr.write(
    `demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  await arena.close();
  status = 1;
}
process.exit(status);
