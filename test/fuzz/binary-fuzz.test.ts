/**
 * The fuzz run of fuzz.test.ts on the binary codec (docs/security.md "Fuzzing (`test/fuzz/`)"):
 * connections speaking `gidl.v1.binary.<h>` to the server generated from test/vectors/binary.gidl,
 * in its own process, send the test vectors' frames as they are, mutated, and noise. The server
 * never crashes, every connection gets an answer or a documented close code, a canary keeps being
 * served, and the heap returns to its baseline. `npm test` sends 20,000 frames; `npm run fuzz` 10^6
 * (GIDL_FUZZ_FRAMES overrides the count, GIDL_FUZZ_SEED the seed).
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Codec } from "../../protocol/index.js";
import { fromHex, loadGeneratedVectors } from "../vectors/load-generated.js";
import { VECTORS_FILE, type VectorFile } from "../vectors/make-vectors.js";
import { startBinaryServer } from "./binary-server.js";
import { runFuzz, type BinaryFuzz, type CanaryScript } from "./fuzzer.js";
import { settle, type ServerProcess } from "./server-process.js";

const long = process.env.GIDL_FUZZ === "1";
const FRAMES = Number(process.env.GIDL_FUZZ_FRAMES ?? (long ? 1_000_000 : 20_000));
const SEED = Number(process.env.GIDL_FUZZ_SEED ?? 20_251_207);
/** Heap may end this far above its baseline (GC noise, JIT code, pools), never a leak's worth. */
const HEAP_MARGIN = 8 * 1024 * 1024;

const vectors = JSON.parse(readFileSync(VECTORS_FILE, "utf8")) as VectorFile;
const probe = {
  flag: true,
  small: 5,
  ratio: 1.5,
  color: "green",
  loot: { kind: "coin", value: 7 },
  name: "ok",
};
const canary: CanaryScript = {
  schema: vectors.hash,
  method: "shop.probe",
  params: probe,
  check: (result) => JSON.stringify(result) === JSON.stringify(probe.loot),
};

let server: ServerProcess;
let binary: BinaryFuzz;
const cleanups: (() => void)[] = [];
beforeAll(async () => {
  const started = await startBinaryServer({ resumeWindowMs: 1000, sessionCleanupMs: 1000 });
  server = started.server;
  cleanups.push(started.remove);
  const loaded = await loadGeneratedVectors("binary-network-fuzz");
  cleanups.push(loaded.remove);
  const codec: Codec = loaded.generated.createBinaryCodec(loaded.generated.binary);
  const corpus = [...vectors.messages, ...vectors.invalid]
    .filter((v) => v.direction === "client")
    .map((v) => fromHex(v.hex))
    // A second hello closes the connection (4000): the corpus has none, so that runs go deeper.
    .filter((frame) => frame.length <= 2048 && frame[0] !== 1);
  binary = { codec, hash: vectors.hash, corpus };
});
afterAll(async () => {
  await server.stop();
  for (const cleanup of cleanups) cleanup();
});

describe("fuzzing a live server on the binary codec", () => {
  it(
    `survives ${FRAMES.toLocaleString("en")} vector, mutated and random binary frames (seed ${SEED})`,
    async () => {
      // Warm up the code paths before the baseline, so that JIT code and pools count in both.
      await runFuzz({ url: server.url, frames: 2_000, seed: SEED + 1, binary, canary });
      const baseline = await server.stats();
      let last = 0;
      const report = await runFuzz({
        url: server.url,
        frames: FRAMES,
        seed: SEED,
        binary,
        canary,
        serverAlive: () => server.alive,
        onProgress: (sent) => {
          if (long && sent - last >= 50_000) {
            last = sent;
            console.log(`binary fuzz: ${sent.toLocaleString("en")} frames`);
          }
        },
      });
      console.log(JSON.stringify({ ...report, problems: report.problems.slice(0, 20) }, null, 2));
      expect(server.alive).toBe(true);
      expect(report.problems).toEqual([]);
      expect(report.canaryFailures).toEqual([]);
      expect(report.canaryCalls).toBeGreaterThan(0);
      expect(report.endings.alive ?? 0).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const after = await settle(
        server,
        (s) => s.heapUsed <= baseline.heapUsed + HEAP_MARGIN && s.connections <= baseline.connections,
      );
      expect(after.heapUsed).toBeLessThanOrEqual(baseline.heapUsed + HEAP_MARGIN);
      expect(after.connections).toBeLessThanOrEqual(baseline.connections);
    },
    long ? 3_600_000 : 240_000,
  );
});
