// RPC round trips: for each contender and client count, a fresh server process and a fresh load
// generator process; a warm-up, then a measured window in which the load generator counts calls
// and latencies and the server reports its own CPU time.
import { startChild } from "../lib/child.mjs";
import { CONTENDERS } from "../lib/clients.mjs";

const here = new URL(".", import.meta.url);
const serverFile = (name) => new URL(`../servers/${name}.mjs`, here).pathname;

export const RPC_CLIENTS = [1, 64, 256];

/** Measures one contender at one client count. */
export async function measureRpc(contender, clients, { schema, warmupMs, windowMs, execArgv, server: file }) {
  const server = await startChild(file ?? serverFile(CONTENDERS[contender].server), [], { execArgv });
  try {
    const load = await startChild(new URL("load.mjs", here).pathname, [
      contender,
      server.info.port,
      clients,
      schema,
    ]);
    try {
      await sleep(warmupMs);
      await Promise.all([server.request("windowStart"), load.request("windowStart")]);
      await sleep(windowMs);
      const [cpu, calls] = await Promise.all([server.request("windowEnd"), load.request("windowEnd")]);
      return {
        contender,
        clients,
        callsPerSecond: calls.calls / calls.seconds,
        p50Ms: calls.p50,
        p99Ms: calls.p99,
        serverCpuPerCallUs: cpu.cpuMicros / calls.calls,
        serverSystemCpuPerCallUs: cpu.systemMicros / calls.calls,
        serverCpuShare: cpu.cpuMicros / 1e6 / cpu.seconds,
        // Young-generation GCs per 1,000 calls and their pause, in ms per second of the window.
        serverMinorGcsPer1000Calls: (cpu.gc.minor * 1000) / calls.calls,
        serverGcPauseMsPerSecond: (cpu.gc.minorMs + cpu.gc.majorMs) / cpu.seconds,
        calls: calls.calls,
      };
    } finally {
      await load.stop();
    }
  } finally {
    await server.stop();
  }
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
