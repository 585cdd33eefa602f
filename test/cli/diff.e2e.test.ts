/**
 * `gidl diff` as a user runs it: the built CLI in a child process, against files on disk
 * (docs/cli.md "Commands", "Exit status": exit 1 when there are breaking changes; otherwise the old
 * hash for `acceptSchemas`; exit 2 for usage errors or an unreadable file).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileSource } from "../../idl/index.js";
import { expectBuilt, runGidl } from "../setup/built-cli.js";

const v1 = `package arena;
enum Weapon { sword, bow }
service combat {
  rpc attack(targetId: string, weapon: Weapon): u16;
}
`;
const compatible = v1.replace("weapon: Weapon)", "weapon: Weapon, crit?: bool)");
const breaking = v1
  .replace("targetId: string", "targetId: u32")
  .replace("enum Weapon { sword, bow }", "enum Weapon { sword }");

const goldenDir = fileURLToPath(new URL("../golden/diff/", import.meta.url));

let dir: string;
const diff = (...args: string[]) => runGidl(["diff", ...args], { cwd: dir });

beforeAll(() => {
  expectBuilt();
  dir = mkdtempSync(path.join(tmpdir(), "gidl-diff-"));
  writeFileSync(path.join(dir, "v1.gidl"), v1);
  writeFileSync(path.join(dir, "compatible.gidl"), compatible);
  writeFileSync(path.join(dir, "breaking.gidl"), breaking);
  writeFileSync(path.join(dir, "broken.gidl"), "package arena;\nstruct S { x: Nope; }\n");
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("gidl diff", () => {
  it("prints each breaking change on stdout and exits 1", () => {
    const run = diff("v1.gidl", "breaking.gidl");
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(
      [
        "combat.attack param targetId: type changed from string to u32",
        "type Weapon: enum member bow removed",
        "",
      ].join("\n"),
    );
    expect(run.stderr).toBe(
      "2 breaking changes: clients built from v1.gidl may fail against a server built from breaking.gidl\n",
    );
  });

  it("prints the old schema hash for acceptSchemas and exits 0 when nothing breaks", () => {
    const hash = compileSource(v1, "v1.gidl").model?.hash;
    const run = diff("v1.gidl", "compatible.gidl");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${String(hash)}\n`);
    expect(run.stderr).toContain("combat.attack param crit: new optional param");
    expect(run.stderr).toContain(`acceptSchemas: ["${String(hash)}"]`);
  });

  it("exits 1 with the diagnostics when a schema has errors", () => {
    const run = diff("v1.gidl", "broken.gidl");
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("unknown type 'Nope'");
  });

  it("exits 2 when a file cannot be read or an argument is missing", () => {
    expect(diff("v1.gidl", "missing.gidl").status).toBe(2);
    expect(diff("v1.gidl").status).toBe(2);
  });
});

/**
 * Whole runs against the schemas in test/golden/diff/, compared with reviewed transcripts there:
 * any change to what `gidl diff` prints shows up as a diff. UPDATE_GOLDEN=1 rewrites them.
 */
describe("gidl diff output", () => {
  it.each(["compatible", "breaking"])("is the reviewed transcript for v1.gidl against %s.gidl", (name) => {
    const args = ["diff", "v1.gidl", `${name}.gidl`];
    const run = runGidl(args, { cwd: goldenDir });
    const transcript = [
      `$ gidl ${args.join(" ")}`,
      `exit status ${String(run.status)}`,
      "--- stdout",
      run.stdout,
      "--- stderr",
      run.stderr,
    ].join("\n");
    const golden = path.join(goldenDir, `${name}.txt`);
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(golden, transcript);
    expect(transcript).toBe(readFileSync(golden, "utf8"));
  });
});
