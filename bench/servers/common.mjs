// What every bench server process answers besides its protocol: its own CPU time and GC pauses over
// a window, its memory, and a fixed-rate broadcast. The orchestrator drives these over IPC
// (lib/child.mjs).
import { constants, PerformanceObserver } from "node:perf_hooks";
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
  // Young-generation collections pause the server: how many, and for how long, is what an
  // allocation costs in latency (the tail of a closed loop's latencies).
  const gc = { minor: 0, minorMs: 0, major: 0, majorMs: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) {
        gc.minor++;
        gc.minorMs += entry.duration;
      } else {
        gc.major++;
        gc.majorMs += entry.duration;
      }
    }
  }).observe({ entryTypes: ["gc"] });
  let windowStart;
  let timer;
  let emitted = 0;
  serveCommands(
    {
      windowStart() {
        windowStart = {
          cpu: cpuMicros(),
          system: systemMicros(),
          at: performance.now(),
          emitted,
          gc: { ...gc },
        };
      },
      windowEnd() {
        return {
          cpuMicros: cpuMicros() - windowStart.cpu,
          systemMicros: systemMicros() - windowStart.system,
          seconds: (performance.now() - windowStart.at) / 1000,
          emitted: emitted - windowStart.emitted,
          gc: Object.fromEntries(
            Object.entries(gc).map(([key, value]) => [key, value - windowStart.gc[key]]),
          ),
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
