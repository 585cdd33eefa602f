/**
 * The runtimes that package.json "exports" ships (gidl/server, gidl/client for Node.js and for
 * browsers), each imported from dist/ in a process of its own: none loads the compiler. The
 * generated server and client of an installed package are checked the same way, running, in
 * test/package/install.e2e.test.ts.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectBuilt } from "../setup/built-cli.js";
import { compilerPackages, loadedPackagesHook, readLoadedPackages } from "./loaded-packages.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const exports = (
  JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
    exports: Record<string, Record<string, string>>;
  }
).exports;
let scratch: string;
let hook: string[];

beforeAll(() => {
  expectBuilt();
  scratch = mkdtempSync(path.join(tmpdir(), "gidl-runtime-dependencies-"));
  hook = loadedPackagesHook(scratch);
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** The packages a new Node.js process loads when it imports `file` (relative to the repository). */
function packagesLoadedBy(file: string): string[] {
  const record = path.join(scratch, `${path.basename(file)}-${Date.now()}.txt`);
  const run = spawnSync(
    process.execPath,
    [...hook, "--input-type=module", "-e", "await import(process.argv[1]);", path.join(root, file)],
    { env: { ...process.env, GIDL_LOADED_PACKAGES: record }, encoding: "utf8", timeout: 20_000 },
  );
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return readLoadedPackages(record);
}

describe("the runtimes' dependencies", () => {
  it.each([
    ["gidl/server", exports["./server"]?.default],
    ["gidl/client on Node.js", exports["./client"]?.node],
    ["gidl/client in a browser bundle", exports["./client"]?.default],
  ])("%s loads neither typescript nor ts-morph", (_name, file) => {
    expect(file).toMatch(/^\.\/dist\/.*\.js$/);
    const loaded = packagesLoadedBy(file ?? "");
    for (const name of compilerPackages) expect(loaded).not.toContain(name);
  });

  it("sees the compiler where it is loaded: the generator loads typescript, scaffold ts-morph", () => {
    expect(packagesLoadedBy("dist/generator/index.js")).toContain("typescript");
    expect(packagesLoadedBy("dist/generator/scaffold/find-targets.js")).toContain("ts-morph");
  });

  it("sees the packages the server runs on, ws among them", () => {
    expect(packagesLoadedBy(exports["./server"]?.default ?? "")).toContain("ws");
  });
});
