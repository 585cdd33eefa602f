/**
 * Bad input never crashes or hangs the compiler: whatever the bytes, the answer is a model or
 * diagnostics that point somewhere in a file (docs/contributing.md "Errors": diagnostics are data,
 * never exceptions).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  compile,
  compileSource,
  renderDiagnostics,
  type CompileResult,
  type Diagnostic,
} from "../../idl/index.js";

/** Compiles one in-memory file given as bytes (so invalid UTF-8 and NUL bytes reach the decoder). */
function compileBytes(bytes: Uint8Array, fileName = "main.gidl"): CompileResult {
  return compile(fileName, {
    readFile: (filePath) => {
      if (path.normalize(filePath) !== fileName) throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
      return bytes;
    },
  });
}

function codes(result: CompileResult): string[] {
  return result.diagnostics.map((d) => d.code);
}

function first(result: CompileResult, code: string): Diagnostic {
  const found = result.diagnostics.find((d) => d.code === code);
  if (found === undefined) throw new Error(`no ${code} among ${codes(result).join(", ")}`);
  return found;
}

/** Every diagnostic names a file and a real position in it, and the whole lot renders. */
function expectPositioned(result: CompileResult): void {
  expect(result.diagnostics.length).toBeGreaterThan(0);
  for (const d of result.diagnostics) {
    expect(d.file).not.toBe("");
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.col).toBeGreaterThanOrEqual(1);
    expect(d.end).toBeGreaterThanOrEqual(d.pos);
    const source = result.sources.get(d.file);
    if (source !== undefined) expect(d.end).toBeLessThanOrEqual(source.text.length);
  }
  expect(() => renderDiagnostics(result.diagnostics, result.sources)).not.toThrow();
}

describe("the compiler on bad input", () => {
  it("reports binary garbage as a binary file, at the first NUL byte", () => {
    const bytes = new Uint8Array(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
    const result = compileBytes(bytes);
    expectPositioned(result);
    expect(result.model).toBeUndefined();
    expect(first(result, "GIDL1011").message).toContain(`offset ${bytes.indexOf(0)}`);
  });

  it("reports an empty file as a missing package declaration", () => {
    const result = compileSource("", "empty.gidl");
    expectPositioned(result);
    expect(first(result, "GIDL2002")).toMatchObject({ file: "empty.gidl", line: 1, col: 1 });
  });

  it("reports invalid UTF-8 with the offset of the first bad byte", () => {
    const good = new TextEncoder().encode("package a;\nstruct A { x: u8; }\n// caf");
    const bytes = new Uint8Array([...good, 0xc3, 0x28, 0x0a]);
    const result = compileBytes(bytes);
    expectPositioned(result);
    expect(first(result, "GIDL1008").message).toContain(`offset ${good.length}`);
  });

  it("compiles a 5 MB schema", () => {
    const parts = ["package big;\n"];
    let size = 0;
    for (let i = 0; size < 5_000_000; i++) {
      const part =
        `/// Declaration number ${i}, with a doc comment long enough to carry some weight in bytes.\n` +
        `struct Thing${i} {\n  @range(0, 100) count: u8;\n  name: string;\n  tags: list<string>;\n` +
        `  next?: Thing${i};\n  // ${"padding ".repeat(60)}\n}\n`;
      parts.push(part);
      size += part.length;
    }
    const result = compileSource(parts.join(""), "big.gidl");
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.types.filter((t) => t.name.startsWith("Thing")).length).toBe(parts.length - 1);
  });

  it("stops at the nesting limit for list<list<…>> nested 10,000 deep instead of overflowing the stack", () => {
    const depth = 10_000;
    const source = `package deep;\nstruct A { x: ${"list<".repeat(depth)}u8${">".repeat(depth)}; }\n`;
    const result = compileSource(source, "deep.gidl");
    expectPositioned(result);
    expect(first(result, "GIDL1009").line).toBe(2);
  });

  it("reports an unterminated block comment at the end of the file where the comment starts", () => {
    const result = compileSource("package a;\nstruct A { x: u8; }\n/* never closed\n\n", "c.gidl");
    expectPositioned(result);
    expect(first(result, "GIDL1003")).toMatchObject({ line: 3, col: 1 });
  });

  it("reports an unterminated string at the end of the file where the string starts", () => {
    const result = compileSource('package a;\nimport "common.gidl', "s.gidl");
    expectPositioned(result);
    expect(first(result, "GIDL1002")).toMatchObject({ line: 2, col: 8 });
  });
});

describe("the compiler on imports from disk", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "gidl-robustness-"));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it("reports an import of a directory as an unreadable import, at the import's path", () => {
    mkdirSync(path.join(dir, "folder.gidl"));
    const entry = write("dir-import.gidl", 'package a;\nimport "folder.gidl";\n');
    const result = compile(entry);
    expectPositioned(result);
    expect(first(result, "GIDL2001")).toMatchObject({ file: entry, line: 2, col: 8 });
    expect(first(result, "GIDL2001").message).toContain("is a directory");
  });

  it("compiles an import cycle, reading each file once", () => {
    const entry = write("cycle-a.gidl", 'package a;\nimport "cycle-b.gidl";\nstruct A { b?: B; }\n');
    write("cycle-b.gidl", 'import "cycle-a.gidl";\nstruct B { a?: A; }\n');
    const result = compile(entry);
    expect(result.diagnostics).toEqual([]);
    expect(result.sources.size).toBe(2);
    expect(result.model?.types.map((t) => t.name)).toEqual(expect.arrayContaining(["A", "B"]));
  });

  it("warns about a file that imports itself and still compiles it", () => {
    const entry = write("self.gidl", 'package a;\nimport "self.gidl";\nstruct A { x: u8; }\n');
    const result = compile(entry);
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.line, d.col])).toEqual([
      ["GIDL2009", "warning", 2, 8],
    ]);
    expect(result.model).toBeDefined();
  });
});
