/**
 * The fuzz run (docs/security.md "Fuzzing (`test/fuzz/`)") against a live server in its own
 * process: it never crashes, every connection gets an answer or a documented close code, a canary
 * player keeps being served, and the heap returns to its baseline. `npm test` runs a short variant;
 * `npm run fuzz` sends 10^6 frames (GIDL_FUZZ_FRAMES overrides the count, GIDL_FUZZ_SEED the seed).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFuzz } from "./fuzzer.js";
import { ServerProcess, settle } from "./server-process.js";

const long = process.env.GIDL_FUZZ === "1";
const FRAMES = Number(process.env.GIDL_FUZZ_FRAMES ?? (long ? 1_000_000 : 50_000));
const SEED = Number(process.env.GIDL_FUZZ_SEED ?? 20_250_601);
/** Heap may end this far above its baseline (GC noise, JIT code, pools), never a leak's worth. */
const HEAP_MARGIN = 8 * 1024 * 1024;

let server: ServerProcess;
beforeAll(async () => {
  // Short windows, so that the player sessions the fuzz leaves behind end within the heap check's wait
  // (each is legitimately kept for its resume window, 30 s by default).
  server = await ServerProcess.start({ resumeWindowMs: 1000, sessionCleanupMs: 1000 });
});
afterAll(async () => {
  await server.stop();
});

describe("fuzzing a live server", () => {
  it(
    `survives ${FRAMES.toLocaleString("en")} random and mutated frames of both codecs (seed ${SEED})`,
    async () => {
      // Warm up the code paths before the baseline, so that JIT code and pools count in both.
      await runFuzz({ url: server.url, frames: 2_000, seed: SEED + 1 });
      const baseline = await server.stats();
      let last = 0;
      const report = await runFuzz({
        url: server.url,
        frames: FRAMES,
        seed: SEED,
        serverAlive: () => server.alive,
        onProgress: (sent) => {
          if (long && sent - last >= 50_000) {
            last = sent;
            console.log(`fuzz: ${sent.toLocaleString("en")} frames`);
          }
        },
      });
      console.log(JSON.stringify({ ...report, problems: report.problems.slice(0, 20) }, null, 2));
      expect(server.alive).toBe(true);
      expect(report.problems).toEqual([]);
      expect(report.canaryFailures).toEqual([]);
      expect(report.canaryCalls).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const after = await settle(
        server,
        (s) => s.heapUsed <= baseline.heapUsed + HEAP_MARGIN && s.connections <= baseline.connections,
      );
      console.log(
        `heap: baseline ${baseline.heapUsed}, after ${after.heapUsed}; sockets ${baseline.connections} → ${after.connections}`,
      );
      expect(after.heapUsed).toBeLessThanOrEqual(baseline.heapUsed + HEAP_MARGIN);
      expect(after.connections).toBeLessThanOrEqual(baseline.connections);
    },
    long ? 3_600_000 : 240_000,
  );
});
