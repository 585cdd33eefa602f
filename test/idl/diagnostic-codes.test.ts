/**
 * Every diagnostic code of the catalog, triggered by a small schema and reported where the author
 * would look. The cases live in two tables, one for the parser's codes and one for the checker's;
 * this file runs them and checks that no code is left without a case or without documentation.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compile, compileSource, diagnosticMessages, type CompileResult } from "../../idl/index.js";
import { checkerDiagnosticCases } from "./diagnostics-checker.cases.js";
import { syntaxDiagnosticCases } from "./diagnostics-syntax.cases.js";

export interface DiagnosticCase {
  readonly code: string;
  /** A sentence; the test's name. */
  readonly name: string;
  /** One schema, or several files by path (the first is the root; none: an unreadable entry). */
  readonly source: string | Readonly<Record<string, string>>;
  /** Where the first diagnostic with `code` must start (1-based, code points). */
  readonly line: number;
  readonly col: number;
}

/** Cases the tables cannot express: no files at all means the entry file cannot be read. */
const driverCases: readonly DiagnosticCase[] = [
  {
    code: "GIDL2010",
    name: "reports an entry file that cannot be read, at its start",
    source: {},
    line: 1,
    col: 1,
  },
];

const cases: readonly DiagnosticCase[] = [
  ...syntaxDiagnosticCases,
  ...checkerDiagnosticCases,
  ...driverCases,
];

/** Codes that no schema can trigger on purpose. */
const untriggerable = new Set(["GIDL9001"]);

function compileCase(source: DiagnosticCase["source"]): CompileResult {
  if (typeof source === "string") return compileSource(source, "main.gidl");
  const files = new Map(Object.entries(source).map(([name, text]) => [path.normalize(name), text]));
  const root = files.keys().next().value ?? "main.gidl";
  return compile(root, {
    readFile: (filePath) => {
      const text = files.get(path.normalize(filePath));
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${filePath}`), { code: "ENOENT" });
      return text;
    },
  });
}

describe("each diagnostic case", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, testCase) => {
    const { diagnostics } = compileCase(testCase.source);
    const found = diagnostics.find((d) => d.code === testCase.code);
    expect(
      found,
      `no ${testCase.code} among: ${diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`,
    ).toBeDefined();
    expect({ code: found?.code, line: found?.line, col: found?.col }).toEqual({
      code: testCase.code,
      line: testCase.line,
      col: testCase.col,
    });
  });
});

describe("the diagnostic catalog", () => {
  const codes = Object.values(diagnosticMessages).map((m) => m.code);

  it("has a test case for every code a schema can trigger", () => {
    const covered = new Set(cases.map((c) => c.code));
    expect(codes.filter((code) => !untriggerable.has(code) && !covered.has(code))).toEqual([]);
  });

  it("names only codes that exist in its test cases", () => {
    const known = new Set<string>(codes);
    expect(cases.filter((c) => !known.has(c.code)).map((c) => c.name)).toEqual([]);
  });

  it("is documented code by code in the Diagnostics section of idl/README.md", () => {
    const readme = readFileSync(new URL("../../idl/README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## Diagnostics"));
    expect(readme).toContain("## Diagnostics");
    const rows = new Set(
      section.split("\n").flatMap((line) => /^\|\s*`?(GIDL\d{4})`?\s*\|/.exec(line)?.[1] ?? []),
    );
    expect(codes.filter((code) => !rows.has(code))).toEqual([]);
  });
});
