/**
 * `gidl watch` as a user runs it: the built CLI in a child process regenerates when the schema or an
 * imported file changes, reports a broken schema and keeps the previous output, and stops on SIGINT.
 * Every wait polls the process's output with a deadline; nothing sleeps for a fixed time.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cliPath, expectBuilt } from "../setup/built-cli.js";

// Outside the repository, as a user's project would be: nothing gidl needs may come from the cwd.
let dir: string;
let child: ChildProcess | undefined;
let stdout = "";
let stderr = "";

beforeEach(() => {
  expectBuilt();
  dir = mkdtempSync(path.join(tmpdir(), "gidl-watch-"));
  stdout = "";
  stderr = "";
});
afterEach(() => {
  if (child !== undefined && child.exitCode === null) child.kill("SIGKILL");
  child = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function startWatch(...args: string[]): ChildProcess {
  const started = spawn(process.execPath, [cliPath, "watch", ...args], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  started.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  child = started;
  return started;
}

/** Polls until `condition` holds; fails with both outputs after `timeoutMs`. */
async function until(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
    if (child?.exitCode !== null)
      throw new Error(`gidl watch exited early\nstdout:\n${stdout}\nstderr:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The generated types.ts, or "" while the output directory is being swapped. */
function generatedTypes(): string {
  try {
    return readFileSync(path.join(dir, "gen", "types.ts"), "utf8");
  } catch {
    return "";
  }
}

const writes = () => stdout.match(/wrote \d+ files to gen/g)?.length ?? 0;

function exitOf(process: ChildProcess, timeoutMs = 10_000): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error("gidl watch did not stop after SIGINT"));
    }, timeoutMs);
    process.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

const schema = (member: string) => `package live;\nservice game {\n  ${member}\n}\n`;

describe("gidl watch", () => {
  it("regenerates on a valid change, keeps the old output through errors, and stops on SIGINT", async () => {
    writeFileSync(path.join(dir, "live.gidl"), schema("rpc ping(): string;"));
    const watcher = startWatch("live.gidl", "-o", "gen");
    await until("the first generation", () => writes() === 1);
    expect(stdout).toMatch(/^\[\d\d:\d\d:\d\d\] wrote \d+ files to gen \(schema hash [0-9a-f]{64}\)\n$/);
    const types = path.join(dir, "gen", "types.ts");
    expect(readFileSync(types, "utf8")).toContain("GamePingParams");

    writeFileSync(path.join(dir, "live.gidl"), schema("rpc ping(): Strin;"));
    await until("the schema error", () => stderr.includes("not regenerated"));
    expect(stderr).toContain("live.gidl:3:15: error GIDL3002: unknown type 'Strin'");
    expect(writes()).toBe(1);
    expect(readFileSync(types, "utf8")).toContain("GamePingParams");

    writeFileSync(path.join(dir, "live.gidl"), schema("rpc pong(): string;"));
    // The report comes after the output is in place: waiting for it, not for the file, avoids a race.
    await until("the regeneration after the fix", () => writes() >= 2);
    expect(readFileSync(types, "utf8")).toContain("GamePongParams");
    expect(readFileSync(types, "utf8")).not.toContain("GamePingParams");

    watcher.kill("SIGINT");
    expect(await exitOf(watcher)).toBe(0);
  });

  it("follows imports: a file imported later is watched, in its own directory", async () => {
    writeFileSync(path.join(dir, "live.gidl"), schema("rpc ping(): string;"));
    startWatch("live.gidl", "-o", "gen");
    await until("the first generation", () => writes() === 1);

    // The import names a file that does not exist yet: an error, then a regeneration once it appears.
    writeFileSync(
      path.join(dir, "live.gidl"),
      schema("rpc ping(): Extra;").replace("\n", '\nimport "parts/extra.gidl";\n'),
    );
    await until("the missing import", () => stderr.includes("not regenerated"));
    expect(writes()).toBe(1);
    mkdirSync(path.join(dir, "parts"));
    writeFileSync(path.join(dir, "parts", "extra.gidl"), "struct Extra { a: u8; }\n");
    await until("the regeneration with the import", () => writes() >= 2);
    expect(readFileSync(path.join(dir, "gen", "types.ts"), "utf8")).toContain("a: number;");

    writeFileSync(path.join(dir, "parts", "extra.gidl"), "struct Extra { b: string; }\n");
    await until("the regeneration after the imported file changed", () =>
      generatedTypes().includes("b: string;"),
    );
    expect(readFileSync(path.join(dir, "gen", "types.ts"), "utf8")).toContain("b: string;");
  });

  it("renders --templates <dir>/extra and regenerates when an extra template or a folder of them appears", async () => {
    writeFileSync(path.join(dir, "live.gidl"), schema("rpc ping(): string;"));
    mkdirSync(path.join(dir, "templates", "extra"), { recursive: true });
    const glue = path.join(dir, "templates", "extra", "glue.txt.hbs");
    writeFileSync(glue, "{{model.package}} one\n");
    startWatch("live.gidl", "-o", "gen", "--templates", "templates");
    await until("the first generation", () => writes() === 1);
    const output = (file: string) => {
      try {
        return readFileSync(path.join(dir, "gen", file), "utf8");
      } catch {
        return "";
      }
    };
    expect(output("glue.txt")).toBe("live one\n");

    writeFileSync(glue, "{{model.package}} two\n");
    await until(
      "the regeneration after the extra template changed",
      () => output("glue.txt") === "live two\n",
    );

    mkdirSync(path.join(dir, "templates", "extra", "godot"));
    writeFileSync(path.join(dir, "templates", "extra", "godot", "live.gd.hbs"), "# {{model.hash}}\n");
    await until("the extra template in a new folder", () => output("godot/live.gd").startsWith("# "));
    writeFileSync(path.join(dir, "templates", "extra", "godot", "live.gd.hbs"), "# changed\n");
    await until("the regeneration after it changed", () => output("godot/live.gd") === "# changed\n");
  });

  it("keeps watching when the schema cannot be read at first, and generates once it exists", async () => {
    startWatch("later.gidl", "-o", "gen");
    await until("the unreadable entry", () => stderr.includes("not regenerated"));
    expect(existsSync(path.join(dir, "gen"))).toBe(false);
    writeFileSync(path.join(dir, "later.gidl"), schema("rpc ping(): string;"));
    await until("the first generation", () => writes() === 1);
  });
});
