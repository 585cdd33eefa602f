/** Runs the built `gidl` CLI (dist/) as a user would, for the e2e tests. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, inject } from "vitest";

export const cliPath = fileURLToPath(new URL("../../dist/generator/cli/main.js", import.meta.url));

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Fails the calling test with the compiler's output when test/setup/build.ts could not build dist/. */
export function expectBuilt(): void {
  const error = inject("gidlBuildError");
  expect(error, error ?? "").toBeNull();
}

export function runGidl(args: readonly string[], options: { cwd?: string } = {}): CliRun {
  const run = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 20_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
