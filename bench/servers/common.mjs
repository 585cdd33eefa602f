// What every bench server process answers besides its protocol: its own CPU time over a window,
// its memory, and a fixed-rate broadcast. The orchestrator drives these over IPC (lib/child.mjs).
import { ready, serveCommands } from "../lib/child.mjs";
import { cpuMicros, settledMemory, systemMicros, wallClockMs } from "../lib/stats.mjs";

/** The combat.attack result every contender answers with. */
export const ATTACK_RESULT = Object.freeze({ hit: true, damage: 25, newHealth: 75, crit: false });

/** The tick event's data; `sentAt` is read by the load generator for delivery latency. */
export function tickData(n) {
  return { n, sentAt: wallClockMs(), note: "bench tick" };
}

/**
 * Serves the bench commands. `broadcast(n)` emits tick `n` to the bench session/room; `audience()`
 * says how many clients a broadcast currently reaches (the orchestrator waits for all of them).
 */
export function serveBench({ port, broadcast, audience, close }) {
  let windowStart;
  let timer;
  let emitted = 0;
  serveCommands(
    {
      windowStart() {
        windowStart = { cpu: cpuMicros(), system: systemMicros(), at: performance.now(), emitted };
      },
      windowEnd() {
        return {
          cpuMicros: cpuMicros() - windowStart.cpu,
          systemMicros: systemMicros() - windowStart.system,
          seconds: (performance.now() - windowStart.at) / 1000,
          emitted: emitted - windowStart.emitted,
        };
      },
      memory: () => settledMemory(),
      audience: () => audience?.() ?? 0,
      broadcastStart({ rate }) {
        clearInterval(timer);
        timer = setInterval(() => broadcast(++emitted), 1000 / rate);
      },
      broadcastStop() {
        clearInterval(timer);
        return emitted;
      },
    },
    async () => {
      clearInterval(timer);
      await close();
    },
  );
  ready({ port });
}
