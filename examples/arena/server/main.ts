/**
 * Runs the arena server alone: `node examples/arena/dist/server.js` after `npm run demo` built it.
 * PORT (default 8080), HOST (default 127.0.0.1), ARENA_SECRET (required outside development).
 */
import { existsSync } from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { startArenaServer } from "./arena-server.js";

const DEV_SECRET = "arena-development-secret-change-me!";
const web = fileURLToPath(new URL("../web/", import.meta.url));

const arena = await startArenaServer({
  port: Number(process.env.PORT ?? 8080),
  host: process.env.HOST ?? "127.0.0.1",
  secret: process.env.ARENA_SECRET ?? DEV_SECRET,
  // The browser client's "log in as anyone" route, only while tokens use the development secret.
  devLogin: process.env.ARENA_SECRET === undefined,
  ...(existsSync(web) ? { staticDir: web } : {}),
  logger: pino({ level: process.env.LOG_LEVEL ?? "info" }),
});
process.stdout.write(`arena listening on ${arena.url} (http on ${arena.http})\n`);
if (process.env.ARENA_SECRET === undefined) {
  process.stdout.write(
    `ARENA_SECRET is not set: tokens are signed with the development secret, and POST /dev/login is open\n`,
  );
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void arena.close().then(() => process.exit(0));
  });
}
