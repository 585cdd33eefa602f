/**
 * The child side of reconnect-schedule.e2e.test.ts: runs one scenario over the runtime's global
 * WebSocket (Node.js 20 needs `--experimental-websocket`) and prints its result as one JSON line.
 */
import type { HostileKind } from "./hostile-servers.js";
import { runScenario } from "./reconnect-scenario.js";

const result = await runScenario(process.argv[2] as HostileKind, "global");
process.stdout.write(`${JSON.stringify(result)}\n`);
