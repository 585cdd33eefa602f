/**
 * What browser.e2e.test.ts does when Chromium is missing, run as a user runs it (vitest in a child
 * process, pointed at an executable that does not exist): locally it is skipped and says why;
 * under CI=true it fails, naming what is missing.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const vitest = fileURLToPath(new URL("../../../node_modules/vitest/vitest.mjs", import.meta.url));
const missing = "/nonexistent/chromium";

function runBrowserTest(env: Record<string, string>): { status: number | null; output: string } {
  // The child is a run of its own: none of this run's worker variables, nor its CI setting.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST") && name !== "CI"),
  );
  const run = spawnSync(process.execPath, [vitest, "run", "examples/arena/test/browser.e2e.test.ts"], {
    cwd: root,
    env: { ...inherited, NO_COLOR: "1", FORCE_COLOR: "0", ARENA_CHROMIUM: missing, ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

describe("the browser test without Chromium", () => {
  it("is skipped locally, printing the reason", () => {
    const run = runBrowserTest({});
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain(
      `examples/arena/test/browser.e2e.test.ts is skipped: ${missing} is missing: run scripts/ensure-system-packages.sh`,
    );
    expect(run.output).toMatch(/Tests\s+3 skipped \(3\)/);
  }, 150_000);

  it("fails under CI=true, naming what is missing", () => {
    const run = runBrowserTest({ CI: "true" });
    expect(run.status, run.output).toBe(1);
    expect(run.output).toContain(`${missing} is missing`);
    expect(run.output).toContain("under CI=true the browser test must run");
    expect(run.output).not.toContain("is skipped");
  }, 150_000);
});
