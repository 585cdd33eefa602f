import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compile, compileSource } from "../../idl/compile.js";
import { codeOf, describe as describeDiagnostic, memoryFileSystem, withId } from "./checker-helpers.js";

const root = 'package t;\nimport "types.gidl";\nstruct Root { a: A; }\n';

describe("loading imported files", () => {
  it("resolves types declared in an imported file", () => {
    const fs = memoryFileSystem({ "game/main.gidl": root, "game/types.gidl": "struct A { x: u8; }\n" });
    const result = compile("game/main.gidl", fs);
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.types.filter((t) => t.builtin !== true).map((t) => t.name)).toEqual(["Root", "A"]);
    expect([...result.sources.keys()]).toEqual(["game/main.gidl", path.join("game", "types.gidl")]);
  });

  it("resolves an import relative to the importing file, not to the root", () => {
    const fs = memoryFileSystem({
      "main.gidl": 'package t;\nimport "lib/a.gidl";\nstruct R { b: B; }\n',
      "lib/a.gidl": 'import "b.gidl";\n',
      "lib/b.gidl": "struct B { x: u8; }\n",
    });
    const result = compile("main.gidl", fs);
    expect(result.diagnostics).toEqual([]);
    expect(fs.reads).toEqual(["main.gidl", path.join("lib", "a.gidl"), path.join("lib", "b.gidl")]);
  });

  it("reads each file once, however often and however spelled it is imported", () => {
    const fs = memoryFileSystem({
      "main.gidl": 'package t;\nimport "a.gidl";\nimport "./lib/../a.gidl";\nimport "b.gidl";\n',
      "a.gidl": 'import "b.gidl";\nstruct A { x: u8; }\n',
      "b.gidl": 'import "a.gidl";\nstruct B { a: A; }\n',
    });
    const result = compile("main.gidl", fs);
    expect(result.diagnostics).toEqual([]);
    expect(fs.reads).toEqual(["main.gidl", "a.gidl", "b.gidl"]);
  });

  it("accepts import cycles without reporting duplicates", () => {
    const fs = memoryFileSystem({
      "main.gidl": 'package t;\nimport "a.gidl";\n',
      "a.gidl": 'import "main.gidl";\nstruct A { x: u8; }\n',
    });
    expect(compile("main.gidl", fs).diagnostics).toEqual([]);
  });

  it("warns about a file that imports itself and still compiles", () => {
    const fs = memoryFileSystem({ "main.gidl": 'package t;\nimport "./main.gidl";\n' });
    const result = compile("main.gidl", fs);
    expect(result.diagnostics.map(describeDiagnostic)).toEqual([
      `${codeOf("self-import")} 2:8 the file imports itself`,
    ]);
    expect(result.diagnostics[0]?.severity).toBe("warning");
    expect(result.model).toBeDefined();
    expect(fs.reads).toEqual(["main.gidl"]);
  });

  it("reports a missing import at the import's path and goes on checking", () => {
    const fs = memoryFileSystem({ "main.gidl": 'package t;\nimport "nope.gidl";\nstruct A { x: Y; }\n' });
    const result = compile("main.gidl", fs);
    expect(result.diagnostics.map(describeDiagnostic)).toEqual([
      `${codeOf("import-unreadable")} 2:8 cannot read imported file 'nope.gidl': no such file`,
      `${codeOf("unknown-type")} 3:15 unknown type 'Y'`,
    ]);
    expect(result.model).toBeUndefined();
  });

  it("reports an import that names a directory", () => {
    const fs = memoryFileSystem({ "main.gidl": 'package t;\nimport "lib";\n' }, ["lib"]);
    const [diagnostic] = withId(compile("main.gidl", fs), "import-unreadable");
    expect(diagnostic?.message).toBe("cannot read imported file 'lib': is a directory");
  });

  it("reports an unreadable entry file as entry-unreadable and reads nothing else", () => {
    const result = compile("absent.gidl", memoryFileSystem({}));
    expect(result.diagnostics.map(describeDiagnostic)).toEqual([
      `${codeOf("entry-unreadable")} 1:1 cannot read schema file 'absent.gidl': no such file`,
    ]);
    expect(result.model).toBeUndefined();
    expect(result.sources.size).toBe(0);
  });

  it("resolves imports of compileSource text relative to its file name", () => {
    const fs = memoryFileSystem({ "schemas/types.gidl": "struct A { x: u8; }\n" });
    const result = compileSource(root, "schemas/main.gidl", fs);
    expect(result.diagnostics).toEqual([]);
    expect(fs.reads).toEqual([path.join("schemas", "types.gidl")]);
  });

  it("accepts file content as bytes", () => {
    const fs = memoryFileSystem({
      "main.gidl": new TextEncoder().encode("package t;\n// Ä ✓\nstruct A { x: u8; }\n"),
    });
    const result = compile("main.gidl", fs);
    expect(result.model?.package).toBe("t");
  });
});

describe("the compile boundary", () => {
  it("turns an exception inside the compiler into an internal-error diagnostic instead of throwing", () => {
    // A caller's readFile that breaks its contract: not bytes, not a string.
    const readFile = () => ({}) as Uint8Array;
    const result = compileSource('package t;\nimport "b.gidl";\n', "main.gidl", { readFile });
    expect(result.model).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.file, d.line, d.col, d.severity])).toEqual([
      [codeOf("internal-error"), "main.gidl", 1, 1, "error"],
    ]);
    expect(result.diagnostics[0]?.message).toMatch(/^internal compiler error: /);
  });
});

describe("reading from disk by default", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "gidl-program-"));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads the entry and its imports with node:fs", () => {
    writeFileSync(path.join(dir, "main.gidl"), root);
    writeFileSync(path.join(dir, "types.gidl"), "struct A { x: u8; }\n");
    const result = compile(path.join(dir, "main.gidl"));
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.package).toBe("t");
  });

  it("reports a directory import and a missing entry file from the disk", () => {
    mkdirSync(path.join(dir, "sub"));
    writeFileSync(path.join(dir, "dir.gidl"), 'package t;\nimport "sub";\n');
    expect(withId(compile(path.join(dir, "dir.gidl")), "import-unreadable")[0]?.message).toBe(
      "cannot read imported file 'sub': is a directory",
    );
    expect(withId(compile(path.join(dir, "none.gidl")), "entry-unreadable")).toHaveLength(1);
  });
});
