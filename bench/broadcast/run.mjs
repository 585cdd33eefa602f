// Broadcast fan-out: one session (room) of N clients, the server emitting a reliable tick event at
// a fixed rate. The load generator counts deliveries and their latency; the server reports its CPU
// time over the same window.
import { startChild } from "../lib/child.mjs";
import { CONTENDERS } from "../lib/clients.mjs";
import { sleep } from "../rpc/run.mjs";

const here = new URL(".", import.meta.url);
const serverFile = (name) => new URL(`../servers/${name}.mjs`, here).pathname;

export const BROADCAST_AUDIENCES = [100, 1000];
/** Events per second the server emits, whatever the audience. */
export const BROADCAST_RATE = 50;

export async function measureBroadcast(contender, audience, { schema, warmupMs, windowMs, execArgv }) {
  const server = await startChild(serverFile(CONTENDERS[contender].server), [], { execArgv });
  try {
    const load = await startChild(new URL("load.mjs", here).pathname, [
      contender,
      server.info.port,
      audience,
      schema,
    ]);
    try {
      await server.request("broadcastStart", { rate: BROADCAST_RATE });
      await sleep(warmupMs);
      await Promise.all([server.request("windowStart"), load.request("windowStart")]);
      await sleep(windowMs);
      const [cpu, events] = await Promise.all([server.request("windowEnd"), load.request("windowEnd")]);
      await server.request("broadcastStop");
      return {
        contender,
        audience,
        rate: BROADCAST_RATE,
        deliveredPerSecond: events.events / events.seconds,
        // Deliveries over emits × audience in the window: below 1 means events were lost or late.
        deliveredShare: events.events / (cpu.emitted * audience),
        p50Ms: events.p50,
        p99Ms: events.p99,
        serverCpuPerEventUs: cpu.cpuMicros / events.events,
        serverSystemCpuPerEventUs: cpu.systemMicros / events.events,
        serverCpuShare: cpu.cpuMicros / 1e6 / cpu.seconds,
      };
    } finally {
      await load.stop();
    }
  } finally {
    await server.stop();
  }
}
