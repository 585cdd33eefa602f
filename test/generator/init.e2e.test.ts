/**
 * `gidl init` as a user runs it: the built CLI creates a project, which — with gidl and TypeScript
 * linked in instead of installed from the network — generates, type-checks, builds, and whose server
 * and client then play against each other.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliPath, expectBuilt, runGidl } from "../setup/built-cli.js";
import { exited, waitForOutput } from "../setup/child-output.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
let scratch: string;
let project: string;

beforeAll(() => {
  expectBuilt();
  scratch = mkdtempSync(path.join(tmpdir(), "gidl-init-"));
  project = path.join(scratch, "Night Arena");
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/**
 * What `npm install` would have put in node_modules, as links into this repository. gidl itself
 * runs from a directory outside the repository (`cwd: scratch`): it must find what it needs from
 * its own package, not from the current directory.
 */
function linkDependencies(dir: string): void {
  mkdirSync(path.join(dir, "node_modules", "@types"), { recursive: true });
  symlinkSync(root, path.join(dir, "node_modules", "gidl"), "dir");
  symlinkSync(path.join(root, "node_modules/typescript"), path.join(dir, "node_modules/typescript"), "dir");
  symlinkSync(path.join(root, "node_modules/@types/node"), path.join(dir, "node_modules/@types/node"), "dir");
}

/**
 * Runs a package.json script as npm would, without npm: `a && b`, `npm run x`, and the binaries the
 * scripts name (gidl, tsc, node), so that the test runs exactly the commands the project declares.
 */
function runScript(dir: string, name: string): string {
  const scripts = (
    JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  const script = scripts[name];
  if (script === undefined) throw new Error(`no script ${name}`);
  let output = "";
  for (const command of script.split("&&").map((part) => part.trim().split(/\s+/))) {
    const [program = "", ...args] = command;
    if (program === "npm" && args[0] === "run" && args[1] !== undefined) {
      output += runScript(dir, args[1]);
      continue;
    }
    const binaries: Record<string, string[]> = {
      gidl: [cliPath],
      tsc: [path.join(dir, "node_modules/typescript/bin/tsc")],
      node: [],
    };
    const binary = binaries[program];
    if (binary === undefined) throw new Error(`the test cannot run ${program} (script ${name})`);
    try {
      output += execFileSync(process.execPath, [...binary, ...args], {
        cwd: dir,
        encoding: "utf8",
        timeout: 60_000,
      });
    } catch (error) {
      const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
      throw new Error(`script ${name}: ${command.join(" ")} failed:\n${stdout}${stderr}`, { cause: error });
    }
  }
  return output;
}

describe("gidl init", () => {
  it("creates the project's files, its generated code, and prints the next steps", () => {
    const run = runGidl(["init", project, "--gidl-spec", `file:${root}`], { cwd: scratch });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("  schema/game.gidl\n  src/client.ts\n  src/generated/\n  src/server.ts\n");
    expect(run.stdout).toContain("  npm install\n  npm start");

    const manifest = JSON.parse(readFileSync(path.join(project, "package.json"), "utf8")) as {
      name: string;
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
    };
    expect(manifest.name).toBe("night-arena");
    expect(manifest.dependencies).toEqual({ gidl: `file:${root}` });
    expect(manifest.scripts).toMatchObject({
      generate: "gidl generate schema/game.gidl -o src/generated",
      typecheck: "tsc -p tsconfig.json --noEmit",
    });
    expect(Object.keys(manifest.scripts)).toEqual(expect.arrayContaining(["start", "client"]));
    expect(readFileSync(path.join(project, "src/generated/server.ts"), "utf8")).toContain(
      "export type GameHandlers = {",
    );
    expect(readFileSync(path.join(project, "src/server.ts"), "utf8")).toMatch(
      /replace this with real verification/i,
    );
  });

  it("refuses a directory that is not empty, with exit 2, unless --force", () => {
    const dir = path.join(scratch, "busy");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "notes.txt"), "mine\n");
    const refused = runGidl(["init", dir], { cwd: scratch });
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toBe(
      `gidl init: ${dir} is not empty; run it in an empty or new directory, or pass --force to write the project's files into it (files of the same names are replaced)\n`,
    );
    expect(runGidl(["init", dir, "--force"], { cwd: scratch }).status).toBe(0);
    expect(readFileSync(path.join(dir, "notes.txt"), "utf8")).toBe("mine\n");
    expect(JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"))).toMatchObject({
      dependencies: { gidl: "^0.1.0" },
    });
  });

  it("gives a project whose scripts generate and type-check it with the real tsc", () => {
    linkDependencies(project);
    expect(runScript(project, "generate")).toMatch(/^wrote \d+ files to src\/generated/);
    expect(runScript(project, "typecheck")).toBe("");
  });

  it("gives a server and a client that play against each other", async () => {
    runScript(project, "build");
    const server = spawn(process.execPath, ["dist/server.js"], {
      cwd: project,
      env: { ...process.env, PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const [, url] = await waitForOutput(server, /listening on (ws:\/\/127\.0\.0\.1:\d+)/, 20_000);
      const client = execFileSync(process.execPath, ["dist/client.js"], {
        cwd: project,
        env: { ...process.env, GAME_URL: url },
        encoding: "utf8",
        timeout: 20_000,
      });
      expect(client.split("\n")).toEqual([
        expect.stringMatching(
          /^connected to ws:\/\/127\.0\.0\.1:\d+ \(server time \d{4}-\d\d-\d\dT[\d:.]+Z\)$/,
        ),
        "created a match on dust with 1 player(s)",
        'alice said "hello" to 1 player(s)',
        "notice: You picked up potion; inventory: potion",
        "could not pick up far-sword: TOO_FAR (42 m away)",
        "closed",
        "",
      ]);
      server.kill("SIGINT");
      expect(await exited(server, 15_000)).toBe(0);
    } finally {
      if (server.exitCode === null) server.kill("SIGKILL");
    }
  });
});
