/**
 * gidl as a newcomer without this repository gets it. docs/getting-started.md's `sh package` block
 * runs as written in a copy of this checkout without dist/ (`npm pack`, whose prepack builds it) and
 * in a new folder outside the repository (`gidl init` from the tarball, `npm install` from the npm
 * registry: none of this repository's node_modules). The new project then generates, type-checks and
 * builds with what npm installed, and its server answers a typed call from its generated client,
 * neither of them loading the compiler.
 *
 * Without the registry it is skipped, saying why; under CI=true an unreachable registry fails it.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeBlocks, readDoc, repoRoot } from "../docs/markdown-blocks.js";
import { compilerPackages, loadedPackagesHook, readLoadedPackages } from "./loaded-packages.js";
import { tarballEntries } from "./tarball.js";
import { exited, waitForOutput } from "../setup/child-output.js";

/** npm pack builds dist/, and npm install may download; each command gets this long. */
const commandTimeoutMs = 240_000;
/** Far above the ~260 kB it packs to: trips on a folder shipped by mistake, not on growth. */
const maxPackedBytes = 512 * 1024;

const version = (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string })
  .version;
const onCi = process.env.CI === "true";
const registry = pingRegistry();
const skipReason =
  registry === undefined || onCi ? undefined : `the npm registry is not reachable (${registry})`;
if (skipReason !== undefined) console.warn(`test/package/install.e2e.test.ts is skipped: ${skipReason}`);

const packageBlocks = codeBlocks(readDoc("docs/getting-started.md")).filter(
  (block) => block.lang === "sh" && "package" in block.attributes,
);

let scratch: string;
let clone: string;
/** The project the docs' block created and installed; unset when that failed. */
let project: string | undefined;
let hook: string[];

describe.skipIf(skipReason !== undefined)("gidl packed, then installed from the npm registry", () => {
  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), "gidl-package-"));
    if (!path.relative(repoRoot, scratch).startsWith(".."))
      throw new Error(`${scratch} is in the repository`);
    clone = path.join(scratch, "gidl");
    copyCheckout(clone);
    hook = loadedPackagesHook(scratch);
  });
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  // Under CI=true the suite runs without a registry too, and fails here first, saying why.
  it("reaches the npm registry", () => {
    expect(registry, `the npm registry is not reachable (${registry ?? ""})`).toBeUndefined();
  });

  it(
    "follows docs/getting-started.md from a checkout: npm pack, gidl init from the tarball, npm install",
    { timeout: 3 * commandTimeoutMs },
    () => {
      if (registry !== undefined) throw new Error("npm install needs the npm registry");
      expect(packageBlocks).toHaveLength(1);
      expect(existsSync(path.join(clone, "dist"))).toBe(false);
      let cwd = clone;
      for (const line of commandLines(packageBlocks[0]?.content ?? "")) {
        const [program = "", ...args] = line.split(/\s+/);
        if (program === "cd" && args.length === 1) {
          cwd = path.resolve(cwd, args[0] ?? "");
          continue;
        }
        if (program !== "npm" && program !== "npx")
          throw new Error(`the test runs npm and npx only: ${line}`);
        expectSuccess(run(program, args, cwd), line);
      }
      // gidl in node_modules is the unpacked tarball, not a link to a checkout.
      expect(lstatSync(path.join(cwd, "node_modules/gidl")).isDirectory()).toBe(true);
      const lock = JSON.parse(readFileSync(path.join(cwd, "package-lock.json"), "utf8")) as {
        packages: Record<string, { resolved?: string }>;
      };
      expect(lock.packages["node_modules/gidl"]?.resolved).toBe(`file:../gidl-${version}.tgz`);
      project = cwd;
    },
  );

  it("packs what prepack built and the templates, without tests, examples or source maps", () => {
    const tarball = path.join(scratch, `gidl-${version}.tgz`);
    const entries = tarballEntries(tarball);
    const packed = statSync(tarball).size;
    const unpacked = entries.reduce((sum, entry) => sum + entry.size, 0);
    console.log(
      `${path.basename(tarball)}: ${kB(packed)} packed, ${kB(unpacked)} unpacked, ${entries.length} files`,
    );
    const paths = entries.map((entry) => entry.path);
    const shipped =
      /^(package\.json|README\.md|LICENSE|dist\/.+\.(js|d\.ts)|generator\/templates\/[\w.-]+\.hbs)$/;
    expect(paths.filter((file) => !shipped.test(file))).toEqual([]);
    expect(
      paths.filter((file) => /(^|\/)(test|tests|examples?|fixtures)\/|\.test\.|\.map$/.test(file)),
    ).toEqual([]);
    // Exactly what tsconfig.build.json compiles: nothing missing, nothing else.
    expect(paths.filter((file) => file.startsWith("dist/")).sort()).toEqual(builtFiles(clone));
    expect(packed).toBeLessThan(maxPackedBytes);
  });

  it("gives a project that generates, type-checks and builds with the tools npm installed", () => {
    const project = installedProject();
    expect(realpathSync(path.join(project, "node_modules/.bin/gidl"))).toBe(
      path.join(realpathSync(project), "node_modules/gidl/dist/generator/cli/main.js"),
    );
    const generate = run("npx", ["gidl", "generate", "schema/game.gidl", "-o", "src/generated"], project);
    expectSuccess(generate, "gidl generate");
    expect(generate.stdout).toMatch(/^wrote \d+ files to src\/generated \(schema hash [0-9a-f]{64}\)\n$/);
    writeFileSync(path.join(project, "src/ping.ts"), pingSource);
    const check = run("npx", ["tsc", "-p", "tsconfig.json", "--noEmit"], project);
    expectSuccess(check, "tsc --noEmit");
    expect(check.stdout).toBe("");
    expectSuccess(run("npx", ["tsc", "-p", "tsconfig.json"], project), "tsc");
  });

  it("runs a server that answers a typed call of the generated client, neither loading the compiler", async () => {
    const project = installedProject();
    const serverRecord = path.join(scratch, "server-packages.txt");
    const clientRecord = path.join(scratch, "client-packages.txt");
    const server = spawn(process.execPath, [...hook, "dist/server.js"], {
      cwd: project,
      env: childEnv({ PORT: "0", GIDL_LOADED_PACKAGES: serverRecord }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const [, url = ""] = await waitForOutput(server, /listening on (ws:\/\/127\.0\.0\.1:\d+)\n/, 30_000);
      const ping = spawnSync(process.execPath, [...hook, "dist/ping.js"], {
        cwd: project,
        env: childEnv({ GAME_URL: url, GIDL_LOADED_PACKAGES: clientRecord }),
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(ping.stderr).toBe("");
      expect(ping.stdout).toMatch(/^ping answered: server time \d{4}-\d\d-\d\dT[\d:.]+Z\n$/);
      server.kill("SIGINT");
      expect(await exited(server, 15_000)).toBe(0);
    } finally {
      if (server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
    }
    for (const record of [serverRecord, clientRecord]) {
      const loaded = readLoadedPackages(record);
      // The record sees CommonJS packages: ws is one, and both sides run on it.
      expect(loaded).toContain("ws");
      for (const name of compilerPackages) expect(loaded, record).not.toContain(name);
    }
  });
});

/** One typed call; the expected error shows that tsc checks the answer's type (an untyped client would not). */
const pingSource = `import { createClient } from "./generated/client.js";

const client = createClient({ url: process.env.GAME_URL ?? "ws://127.0.0.1:8080", token: "player:tester" });
await client.connect();
const pong = await client.game.ping();
const serverTime: number = pong.serverTime;
// @ts-expect-error: serverTime is a number, not a string
pong.serverTime satisfies string;
console.log(\`ping answered: server time \${new Date(serverTime).toISOString()}\`);
await client.close();
`;

function installedProject(): string {
  if (project === undefined)
    throw new Error("no installed project: following docs/getting-started.md failed");
  return project;
}

/** `undefined` when `npm ping` gets an answer; otherwise why not. */
function pingRegistry(): string | undefined {
  const ping = spawnSync("npm", ["ping", "--fetch-retries=0"], {
    env: childEnv(),
    encoding: "utf8",
    timeout: 20_000,
  });
  if (ping.error !== undefined && ping.signal === null) return `npm ping: ${ping.error.message}`;
  if (ping.signal !== null) return "npm ping got no answer within 20 s";
  if (ping.status === 0) return undefined;
  const url = /PING (\S+)/.exec(ping.stderr)?.[1] ?? "the registry";
  const code = /npm error code (\S+)/.exec(ping.stderr)?.[1] ?? `exit ${String(ping.status)}`;
  return `npm ping ${url}: ${code}`;
}

/**
 * The environment of a reader's shell: without what an enclosing `npm test` exports (which would
 * point npm at this repository), its node_modules/.bin on PATH, or vitest's NODE_ENV; answering yes
 * to npx's "Ok to proceed?" as a reader would.
 */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(
    ([key]) => !/^(npm_package_|npm_lifecycle_|npm_config_local_prefix$|INIT_CWD$|NODE_ENV$)/.test(key),
  );
  const PATH = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => dir === "" || path.relative(repoRoot, dir).startsWith(".."))
    .join(path.delimiter);
  return { ...Object.fromEntries(inherited), PATH, NO_COLOR: "1", npm_config_yes: "true", ...extra };
}

function run(program: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(program, args, { cwd, env: childEnv(), encoding: "utf8", timeout: commandTimeoutMs });
}

function expectSuccess(result: SpawnSyncReturns<string>, what: string): void {
  if (result.status === 0) return;
  const why =
    result.signal === null ? `exited with ${String(result.status)}` : `was stopped (${result.signal})`;
  throw new Error(`\`${what}\` ${why}:\n${result.stdout}${result.stderr}`);
}

/** The shell lines of a block, without comments. */
function commandLines(block: string): string[] {
  return block
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/** This checkout as a clone of it would be after `npm install`: its files, without dist/. */
function copyCheckout(destination: string): void {
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repoRoot,
    encoding: "utf8",
    timeout: 20_000,
  });
  expectSuccess(listed, "git ls-files");
  for (const file of listed.stdout.split("\0")) {
    // A tracked file deleted in the working tree is not part of the checkout.
    if (file === "" || !existsSync(path.join(repoRoot, file))) continue;
    mkdirSync(path.dirname(path.join(destination, file)), { recursive: true });
    copyFileSync(path.join(repoRoot, file), path.join(destination, file));
  }
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(destination, "node_modules"), "dir");
}

/** What tsconfig.build.json emits in `dir`: a .js and a .d.ts per source, sorted. */
function builtFiles(dir: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(dir, "tsconfig.build.json"), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    },
  });
  const sources = (config?.fileNames ?? []).filter((file) => !file.endsWith(".d.ts"));
  expect(sources.length).toBeGreaterThan(0);
  return sources
    .flatMap((file) => {
      const emitted = path.join("dist", path.relative(dir, file)).split(path.sep).join("/");
      return [emitted.replace(/\.ts$/, ".js"), emitted.replace(/\.ts$/, ".d.ts")];
    })
    .sort();
}

function kB(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}
