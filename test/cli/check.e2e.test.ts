/**
 * `gidl check` as a user runs it: the built CLI in a child process, against files on disk
 * (docs/cli.md "Exit status": 0 success, 1 schema errors, 2 usage errors or an unreadable entry
 * file).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectBuilt, runGidl } from "../setup/built-cli.js";

const valid = `package arena;
version 3;

enum Weapon { sword, bow }

struct Loadout {
  weapon: Weapon;
}
`;

let dir: string;
const check = (...args: string[]) => runGidl(["check", ...args], { cwd: dir });

beforeAll(() => {
  expectBuilt();
  dir = mkdtempSync(path.join(tmpdir(), "gidl-check-"));
  writeFileSync(path.join(dir, "valid.gidl"), valid);
  writeFileSync(path.join(dir, "typo.gidl"), valid.replace("weapon: Weapon;", "weapon: Wepon;"));
  writeFileSync(path.join(dir, "style.gidl"), valid.replace("struct Loadout", "struct loadout"));
  writeFileSync(path.join(dir, "missing-import.gidl"), `package arena;\nimport "nowhere.gidl";\n`);
  mkdirSync(path.join(dir, "folder.gidl"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("gidl check with text output", () => {
  it("prints nothing and exits 0 for a valid schema", () => {
    expect(check("valid.gidl")).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("prints the error with its source line, caret and hint on stderr, then a summary, and exits 1", () => {
    const run = check("typo.gidl");
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      [
        "typo.gidl:7:11: error GIDL3002: unknown type 'Wepon'",
        " 7 |   weapon: Wepon;",
        "   |           ^^^^^",
        "  = hint: did you mean 'Weapon'?",
        "",
        "typo.gidl: 1 error, 0 warnings",
        "",
      ].join("\n"),
    );
  });

  it("prints warnings but exits 0 when there is no error", () => {
    const run = check("style.gidl");
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(
      /^style\.gidl:6:8: warning GIDL6001: type name 'loadout' should be PascalCase\n/,
    );
    expect(run.stderr).toMatch(/\nstyle\.gidl: 0 errors, 1 warning\n$/);
  });

  it("treats a missing import as a schema error at the import (exit 1)", () => {
    const run = check("missing-import.gidl");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^missing-import\.gidl:2:8: error GIDL2001: cannot read imported file 'nowhere\.gidl': no such file\n/,
    );
  });

  it("treats an entry file that does not exist as a usage error (exit 2, GIDL2010)", () => {
    const run = check("absent.gidl");
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^absent\.gidl:1:1: error GIDL2010: cannot read schema file 'absent\.gidl': no such file\n/,
    );
  });

  it("treats a directory given as the entry file as a usage error (exit 2)", () => {
    const run = check("folder.gidl");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("error GIDL2010: cannot read schema file 'folder.gidl': is a directory");
  });

  it("colours the output only with --color", () => {
    expect(check("typo.gidl").stderr).not.toContain("\x1b[");
    expect(check("typo.gidl", "--color").stderr).toContain("\x1b[1;31merror GIDL3002\x1b[0m");
  });
});

describe("gidl check --format json", () => {
  it("prints the diagnostics as a JSON array of the documented fields on stdout", () => {
    const run = check("typo.gidl", "--format", "json");
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual([
      {
        file: "typo.gidl",
        line: 7,
        col: 11,
        endLine: 7,
        endCol: 16,
        severity: "error",
        code: "GIDL3002",
        message: "unknown type 'Wepon'",
        hint: "did you mean 'Weapon'?",
      },
    ]);
  });

  it("prints an empty array for a valid schema", () => {
    const run = check("valid.gidl", "--format", "json");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
  });

  it("reports an unreadable entry file in the array and exits 2", () => {
    const run = check("--format", "json", "absent.gidl");
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject([
      { file: "absent.gidl", code: "GIDL2010", severity: "error" },
    ]);
  });
});

describe("gidl usage errors", () => {
  it("exits 2 on an unknown option", () => {
    const run = check("valid.gidl", "--frobnicate");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("unknown option '--frobnicate'");
  });

  it("exits 2 on a --format it does not know, naming the choices", () => {
    const run = check("valid.gidl", "--format", "xml");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("'xml' is invalid");
    expect(run.stderr).toContain("text, json");
  });

  it("exits 2 when the schema argument is missing", () => {
    const run = check();
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("missing required argument 'schema'");
  });

  it("exits 2 on an unknown command or no command at all", () => {
    expect(runGidl(["frobnicate"]).status).toBe(2);
    const bare = runGidl([]);
    expect(bare.status).toBe(2);
    expect(bare.stderr).toContain("Usage: gidl");
  });
});

describe("gidl --version and --help", () => {
  it("prints the version from package.json", () => {
    const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    expect(runGidl(["--version"])).toEqual({ status: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("lists the commands with --help and exits 0", () => {
    const run = runGidl(["--help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: gidl /);
    expect(run.stdout).toContain("check [options] <schema>");
  });

  it("describes a command's options with <command> --help", () => {
    const run = runGidl(["check", "--help"]);
    expect(run.status).toBe(0);
    // Commander wraps help at 80 columns when stdout is not a terminal.
    expect(run.stdout.replaceAll(/\s+/g, " ")).toContain(
      '--format <format> how to print diagnostics (choices: "text", "json", default: "text")',
    );
  });
});
