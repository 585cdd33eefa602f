/**
 * docs/language.md says what the compiler does; this file holds it to that: every gidl example
 * compiles with exactly the diagnostics the page says, the shown `gidl check` output is what the CLI
 * prints, the hash examples agree, and every diagnostic code and attribute is covered. The block
 * conventions are listed at the top of the page.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { reportDiagnostics } from "../../generator/cli/report.js";
import { tsType } from "../../generator/types/type-expression.js";
import { compile, diagnosticMessages, type CompileResult, type PrimitiveType } from "../../idl/index.js";
import { codeBlocks, readDoc, type CodeBlock } from "./markdown-blocks.js";

const page = readDoc("docs/language.md");
const blocks = codeBlocks(page);
const gidlBlocks = blocks.filter((block) => block.lang === "gidl");

/** The files the examples name with file=, for imports. */
const namedFiles = new Map(
  gidlBlocks.flatMap((block) => {
    const name = block.attributes.file;
    return name === undefined ? [] : [[path.normalize(name), block.content] as const];
  }),
);
const readFiles = new Set<string>();

function isRootFile(text: string): boolean {
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, "");
  return /^\s*package\s/.test(withoutComments);
}

function compileBlock(block: CodeBlock): { name: string; result: CompileResult } {
  const name = path.normalize(block.attributes.file ?? `example-at-line-${block.line}.gidl`);
  const root = isRootFile(block.content) ? block.content : `package docs;\n${block.content}`;
  const result = compile(name, {
    readFile: (file) => {
      const normalized = path.normalize(file);
      if (normalized === name) return root;
      const text = namedFiles.get(normalized);
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: "ENOENT" });
      readFiles.add(normalized);
      return text;
    },
  });
  return { name, result };
}

/** The examples that are compiled as roots: all but the files that exist only to be imported. */
const rootBlocks = gidlBlocks.filter(
  (block) => block.attributes.file === undefined || isRootFile(block.content),
);

describe("the examples of docs/language.md", () => {
  it("use only conventions the test knows", () => {
    const known = new Set(["file", "expect", "hash"]);
    const odd = blocks.filter(
      (block) =>
        !(block.lang === "gidl" && Object.keys(block.attributes).every((key) => known.has(key))) &&
        !(block.lang === "text" && "output" in block.attributes),
    );
    expect(odd.map((block) => `line ${block.line}: ${block.lang}`)).toEqual([]);
    expect(rootBlocks.length).toBeGreaterThan(20);
  });

  it.each(rootBlocks.map((block) => [block.line, block] as const))(
    "compile as the page says (the example at line %i)",
    (_line, block) => {
      const { result } = compileBlock(block);
      const expected = (block.attributes.expect ?? "").split(/\s+/).filter((code) => code !== "");
      const found = result.diagnostics.map((d) => `${d.code} ${d.line}:${d.col} ${d.message}`);
      expect(
        found.map((text) => text.split(" ")[0]),
        found.join("\n"),
      ).toEqual(expected);
      if (expected.length === 0) expect(result.model).toBeDefined();
    },
  );

  it("import every example file that is not a root file", () => {
    for (const block of rootBlocks) compileBlock(block);
    const importOnly = gidlBlocks.filter((b) => b.attributes.file !== undefined && !isRootFile(b.content));
    expect(importOnly.length).toBeGreaterThan(0);
    for (const block of importOnly) expect(readFiles).toContain(path.normalize(block.attributes.file ?? ""));
  });

  it("show exactly what gidl check prints for the file above each output block", () => {
    const outputs = blocks.flatMap((block, index) =>
      block.lang === "text" && "output" in block.attributes ? [[blocks[index - 1], block] as const] : [],
    );
    expect(outputs.length).toBeGreaterThan(0);
    for (const [source, output] of outputs) {
      const entry = source?.attributes.file;
      if (source === undefined || entry === undefined)
        throw new Error(`no file= block before line ${output.line}`);
      let stderr = "";
      const context = {
        stdout: () => undefined,
        stderr: (text: string) => (stderr += text),
        exitCode: 0 as const,
      };
      reportDiagnostics(compileBlock(source).result, context, { format: "text", entry });
      expect(stderr).toBe(output.content);
    }
  });

  it("give one hash per hash label, and different hashes to different labels", () => {
    const hashes = new Map<string, Set<string>>();
    for (const block of rootBlocks) {
      const label = block.attributes.hash;
      if (label === undefined) continue;
      const hash = compileBlock(block).result.model?.hash ?? "";
      hashes.set(label, (hashes.get(label) ?? new Set()).add(hash));
    }
    expect(hashes.size).toBeGreaterThan(1);
    const perLabel = [...hashes.values()];
    for (const set of perLabel) expect(set.size).toBe(1);
    expect(new Set(perLabel.flatMap((set) => [...set])).size).toBe(hashes.size);
  });
});

describe("docs/language.md", () => {
  const catalogCodes = Object.values(diagnosticMessages).map((entry) => entry.code);

  it("names every diagnostic code of the catalog, and no other", () => {
    const named = new Set(page.match(/GIDL\d{4}/g));
    expect(catalogCodes.filter((code) => !named.has(code))).toEqual([]);
    expect(
      [...named].filter((code) => !catalogCodes.includes(code as (typeof catalogCodes)[number])),
    ).toEqual([]);
  });

  it("links to the one catalog of messages and fixes, which lists every code", () => {
    expect(page).toContain("(../idl/README.md#diagnostics)");
    const readme = readDoc("idl/README.md");
    const table = readme.slice(readme.indexOf("\n## Diagnostics\n"));
    expect(table.length).toBeLessThan(readme.length);
    for (const code of catalogCodes) expect(table).toMatch(new RegExp(`^\\| \`${code}\` +\\|`, "m"));
  });

  it("shows every attribute of its table in an example that compiles", () => {
    const section = page.slice(page.indexOf("\n## Attributes\n"), page.indexOf("\n### Constraints"));
    const names = [...section.matchAll(/^\| `@(\w+)/gm)].map((match) => match[1] ?? "");
    expect(names.length).toBeGreaterThanOrEqual(16);
    const clean = rootBlocks.filter((block) => block.attributes.expect === undefined);
    for (const name of names) {
      expect(
        clean.some((block) => new RegExp(`@${name}\\b`).test(block.content)),
        `@${name}`,
      ).toBe(true);
    }
  });

  it("gives the TypeScript type the generator writes for every built-in type", () => {
    const section = page.slice(page.indexOf("\n### Built-in types\n"), page.indexOf("\n### Structs\n"));
    const rows = [...section.matchAll(/^\| (`[^|]+`) +\| `([^`]+)` +\|/gm)];
    expect(rows.length).toBe(9);
    const element = { kind: "named", name: "T" } as const;
    for (const [, schema = "", typescript] of rows) {
      for (const [, name = ""] of schema.matchAll(/`([^`]+)`/g)) {
        const ref =
          name === "list<T>"
            ? ({ kind: "list", element } as const)
            : name === "map<string, T>"
              ? ({ kind: "map", value: element } as const)
              : ({ kind: "primitive", name: name as PrimitiveType } as const);
        expect(tsType(ref), name).toBe(typescript);
      }
    }
  });
});
