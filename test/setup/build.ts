/**
 * Vitest global setup: builds dist/ once before the tests that run the real CLI
 * (`*.e2e.test.ts` run `node dist/generator/cli/main.js`).
 *
 * - It builds only when the run includes an e2e test and dist/ is older than a source file,
 *   so a focused run of unit tests (or `npm test`, which has just built) pays nothing.
 * - A failed build does not abort the run: unit tests still report, and the e2e tests fail
 *   with the compiler's output (they call `expectBuilt()`).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** `null` when dist/ is up to date (or no e2e test runs); otherwise the failed build's output. */
    gidlBuildError: string | null;
  }
}

const root = fileURLToPath(new URL("../..", import.meta.url));
/** The folders tsconfig.build.json compiles. */
const sourceFolders = ["idl", "generator", "protocol", "runtime-server", "runtime-client", "testkit"];

export default async function setup(project: TestProject): Promise<void> {
  project.provide("gidlBuildError", null);
  if (!(await runIncludesE2e(project)) || distIsFresh()) return;
  try {
    execFileSync(
      process.execPath,
      [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
      {
        cwd: root,
        stdio: "pipe",
        encoding: "utf8",
      },
    );
  } catch (error) {
    const {
      stdout = "",
      stderr = "",
      message,
    } = error as { stdout?: string; stderr?: string; message: string };
    project.provide("gidlBuildError", `the build of dist/ failed:\n${stdout + stderr || message}`);
  }
}

async function runIncludesE2e(project: TestProject): Promise<boolean> {
  // The file filters of `vitest run <filters>` (undefined for a full run); not in vitest's typings.
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  const specifications = await project.vitest.globTestSpecifications(filters);
  return specifications.some((s) => s.moduleId.endsWith(".e2e.test.ts"));
}

/** Every source file has an emitted .js at least as new as itself. */
function distIsFresh(): boolean {
  for (const folder of sourceFolders) {
    for (const source of walk(path.join(root, folder))) {
      if (!source.endsWith(".ts") || source.endsWith(".d.ts") || source.endsWith(".test.ts")) continue;
      const emitted = path.join(root, "dist", path.relative(root, source)).replace(/\.ts$/, ".js");
      if (!existsSync(emitted) || statSync(emitted).mtimeMs < statSync(source).mtimeMs) return false;
    }
  }
  return true;
}

function* walk(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "generated") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}
