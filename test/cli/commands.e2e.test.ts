/**
 * Every command of docs/cli.md "Commands", through the built CLI: `--help` names its arguments and
 * options, `--version` works after any command, and the usage errors the other e2e tests do not
 * reach exit 2 (docs/cli.md "Exit status": 0 success, 1 schema errors, 2 usage errors or an
 * unreadable entry file).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectBuilt, runGidl } from "../setup/built-cli.js";

/** The table of docs/cli.md "Commands": each command's usage and the options it lists. */
const commands = [
  {
    name: "generate",
    usage: "generate [options] <schema>",
    options: ["-o, --out <dir>", "--lang <lang>", "--templates <dir>"],
  },
  { name: "check", usage: "check [options] <schema>", options: ["--format <format>"] },
  { name: "init", usage: "init [options] [dir]", options: [] },
  { name: "scaffold", usage: "scaffold [options] <schema>", options: ["--handlers <file>"] },
  { name: "docs", usage: "docs [options] <schema>", options: ["-o, --out <file>"] },
  { name: "diff", usage: "diff [options] <old> <new>", options: [] },
  { name: "watch", usage: "watch [options] <schema>", options: ["-o, --out <dir>"] },
];

const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
};
let dir: string;

beforeAll(() => {
  expectBuilt();
  dir = mkdtempSync(path.join(tmpdir(), "gidl-commands-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("gidl --help", () => {
  it("lists every command of the documented table", () => {
    const run = runGidl(["--help"]);
    expect(run.status).toBe(0);
    for (const command of commands) expect(run.stdout).toMatch(new RegExp(`^  ${command.name} `, "m"));
  });

  it.each(commands)("describes `gidl $name` with its arguments and options, and exits 0", (command) => {
    const run = runGidl([command.name, "--help"]);
    expect(run).toMatchObject({ status: 0, stderr: "" });
    expect(run.stdout).toContain(`Usage: gidl ${command.usage}`);
    for (const option of [...command.options, "-h, --help"]) expect(run.stdout).toContain(option);
  });
});

describe("gidl --version", () => {
  it.each(commands)("prints the version after `gidl $name` too", (command) => {
    expect(runGidl([command.name, "--version"])).toMatchObject({
      status: 0,
      stdout: `${version}\n`,
    });
  });
});

describe("usage errors exit 2", () => {
  it("gidl docs exits 2 when the schema file cannot be read, naming it on stderr", () => {
    const run = runGidl(["docs", "nowhere.gidl"], { cwd: dir });
    expect(run).toMatchObject({ status: 2, stdout: "" });
    expect(run.stderr).toContain("error GIDL2010: cannot read schema file 'nowhere.gidl'");
  });

  it("gidl watch exits 2 without -o, before watching anything", () => {
    const run = runGidl(["watch", "game.gidl"], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("'-o, --out <dir>' not specified");
  });

  it.each(commands)("gidl $name exits 2 on an option it does not know, writing nothing", (command) => {
    // Commander reports a missing required option (generate's -o, scaffold's --handlers) first.
    const run = runGidl([command.name, "--no-such-option", "a.gidl", "b.gidl"], { cwd: dir });
    expect(run).toMatchObject({ status: 2, stdout: "" });
    expect(run.stderr).toMatch(/^error: (unknown option '--no-such-option'|required option)/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
