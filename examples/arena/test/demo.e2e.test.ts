/**
 * `npm run demo`'s program (bots/demo.ts), bundled as scripts/demo.mjs bundles it but into
 * test-artifacts/ (so that the committed example and its dist/ are left alone), run for a few
 * seconds: the live log shows the game and a resume with its replayed events, the summary follows,
 * and it exits 0 by itself. `gidl/server` and `gidl/client` resolve to the built dist/ through the
 * package's self-reference, as in the demo.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectBuilt } from "../../../test/setup/built-cli.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const outdir = path.join(root, "test-artifacts", `demo-${String(process.pid)}`);

const runDemo = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(outdir, "demo.js"), ...args], {
    encoding: "utf8",
    timeout: 60_000,
  });

beforeAll(async () => {
  expectBuilt();
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: { demo: path.join(root, "examples/arena/bots/demo.ts") },
    outdir,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
});

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

describe("the demo", () => {
  it("plays two matches, shows a dropped bot resuming with its events replayed, sums up and exits 0", () => {
    const run = runDemo("--duration", "5", "--bots", "4");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/server +listening on ws:\/\/127\.0\.0\.1:\d+/);
    expect(run.stdout).toMatch(/ hit \w+ with a \w+: -\d+ hp/);
    expect(run.stdout).toMatch(/connection dropped \(socket terminated, no close frame\)/);
    expect(run.stdout).toMatch(/network +\w+ resumed, \d+ events replayed/);
    expect(run.stdout).toMatch(/^── summary: [\d.]+ s, 4 bots, 2 matches$/m);
    expect(run.stdout).toMatch(/^calls +\d+ \([\d.]+\/s\), latency p50 [\d.]+ ms, p99 [\d.]+ ms$/m);
    expect(run.stdout).toMatch(/^events +\d+ received: /m);
    expect(run.stdout).toMatch(/^reconnects +2 \(\d+ events replayed\)$/m);
    expect(run.stdout).toMatch(/^errors +/m);
  }, 60_000);

  it("refuses a bot count outside 2..12 with its usage and exit 2", () => {
    const run = runDemo("--bots", "1");
    expect(run).toMatchObject({ status: 2, stdout: "" });
    expect(run.stderr).toContain("usage: npm run demo -- [--duration <seconds>] [--bots <2..12>]");
  });
});
