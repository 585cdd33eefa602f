import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ForeignOutputDirectoryError, writeFileAtomic, writeOutput } from "../../generator/write-output.js";

const dirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "gidl-write-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const manifest = { path: "manifest.json", content: '{ "generatedBy": "gidl 0.1.0" }\n' };

describe("writeOutput", () => {
  it("creates the directory, with subdirectories, and leaves nothing else beside it", () => {
    const parent = scratch();
    const out = path.join(parent, "gen");
    writeOutput(out, [manifest, { path: "a/b.ts", content: "b\n" }]);
    expect(readFileSync(path.join(out, "a/b.ts"), "utf8")).toBe("b\n");
    expect(readdirSync(parent)).toEqual(["gen"]);
  });

  it("replaces the previous output, removing files no longer produced", () => {
    const out = path.join(scratch(), "gen");
    writeOutput(out, [manifest, { path: "old.ts", content: "old\n" }, { path: "kept.ts", content: "1\n" }]);
    writeOutput(out, [manifest, { path: "kept.ts", content: "2\n" }]);
    expect(readdirSync(out).sort()).toEqual(["kept.ts", "manifest.json"]);
    expect(readFileSync(path.join(out, "kept.ts"), "utf8")).toBe("2\n");
  });

  it("leaves the previous output untouched when writing fails", () => {
    const parent = scratch();
    const out = path.join(parent, "gen");
    writeOutput(out, [manifest, { path: "types.ts", content: "v1\n" }]);
    // "x" as a file and as a directory cannot both be written.
    const broken = [
      manifest,
      { path: "types.ts", content: "v2\n" },
      { path: "x", content: "" },
      { path: "x/y.ts", content: "" },
    ];
    expect(() => {
      writeOutput(out, broken);
    }).toThrow();
    expect(readFileSync(path.join(out, "types.ts"), "utf8")).toBe("v1\n");
    expect(readdirSync(parent)).toEqual(["gen"]);
  });

  it("refuses to replace a directory that holds files gidl did not write", () => {
    const out = scratch();
    writeFileSync(path.join(out, "notes.txt"), "mine");
    expect(() => {
      writeOutput(out, [manifest]);
    }).toThrow(ForeignOutputDirectoryError);
    expect(readdirSync(out)).toEqual(["notes.txt"]);
  });

  it("writes into an existing empty directory", () => {
    const out = path.join(scratch(), "gen");
    mkdirSync(out);
    writeOutput(out, [manifest]);
    expect(readdirSync(out)).toEqual(["manifest.json"]);
  });
});

describe("writeFileAtomic", () => {
  it("writes the file and leaves no temporary file beside it", () => {
    const dir = scratch();
    const file = path.join(dir, "docs", "api.md");
    writeFileAtomic(file, "# API\n");
    writeFileAtomic(file, "# API v2\n");
    expect(readFileSync(file, "utf8")).toBe("# API v2\n");
    expect(readdirSync(path.dirname(file))).toEqual(["api.md"]);
    expect(existsSync(dir)).toBe(true);
  });
});
