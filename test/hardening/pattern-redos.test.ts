/**
 * A 60 KB string against `@pattern` (docs/security.md "`@pattern` and 60 KB strings
 * (`test/hardening/pattern-redos.test.ts`)"). The compiler refuses super-linear patterns (recheck);
 * here, patterns that pass it are compiled into real generated validators and fed 60 KB strings
 * built to make a backtracking engine work hardest (long runs of what the pattern's loops accept,
 * then a character that fails). Catastrophic backtracking on 60 KB would not finish in the age of
 * the universe, so finishing at all is the proof; the time per pattern is printed as a benchmark
 * (docs/security.md lists the numbers), never asserted.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { compileSource } from "../../idl/index.js";
import { generateValidators } from "../../generator/validators/index.js";
import type { ApiValidators, ValidateFunction } from "../../protocol/definition.js";

const dir = mkdtempSync(path.join(tmpdir(), "gidl-redos-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Patterns as users write them; each must pass the compiler's ReDoS check. */
const SAFE: readonly { pattern: string; run: string; tail: string }[] = [
  { pattern: "^[a-z0-9_]+$", run: "a", tail: "!" },
  { pattern: "^[a-zA-Z][a-zA-Z0-9 _-]*$", run: "a ", tail: "\u0000" },
  { pattern: "^\\w+(\\.\\w+)*@\\w+(\\.\\w+)+$", run: "a.", tail: "@" },
  { pattern: "^([0-9]{1,3}\\.){3}[0-9]{1,3}$", run: "1.", tail: "x" },
  { pattern: "^#?[0-9a-fA-F]{6}$", run: "a", tail: "g" },
  { pattern: "^(guild|team):[a-z0-9-]+$", run: "guild:a", tail: "?" },
  { pattern: "^[^\\s]+( [^\\s]+)*$", run: "a ", tail: "  " },
  { pattern: "^(?:[a-z]+-)*[a-z]+$", run: "a-", tail: "-" },
];

/** The classics: each is refused at compile time, so no validator ever runs them. */
const EVIL = ["^(a+)+$", "^(a|a)*$", "^(\\w+\\s?)*$", "^([a-zA-Z0-9]+)*@x$", "^(.*a){12}$"];

function schema(patterns: readonly string[]): string {
  const fields = patterns.map((p, i) => `  @pattern(${JSON.stringify(p)}) f${i}?: string;`).join("\n");
  return `package redos;\nversion 1;\nservice s {\n  rpc check(\n${fields.replace(/;\n/g, ",\n").replace(/;$/, "")}\n  );\n}\n`;
}

async function load(source: string): Promise<ApiValidators> {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const file = path.join(dir, "validators.mjs");
  writeFileSync(file, js);
  return ((await import(pathToFileURL(file).href)) as { validators: ApiValidators }).validators;
}

describe("@pattern against 60 KB strings", () => {
  it("refuses the classic super-linear patterns at compile time", () => {
    for (const pattern of EVIL) {
      const { diagnostics } = compileSource(schema([pattern]));
      // GIDL5007 is the catalog's "redos-pattern".
      expect([pattern, diagnostics.map((d) => d.code)]).toEqual([pattern, ["GIDL5007"]]);
    }
  });

  it("validates 60 KB adversarial strings against every pattern that passes the checker, in linear work", async () => {
    const { model, diagnostics } = compileSource(schema(SAFE.map((s) => s.pattern)));
    expect(diagnostics).toEqual([]);
    if (model === undefined) throw new Error("no model");
    const validators = await load(generateValidators(model));
    const check = validators.params["s.check"] as ValidateFunction;
    const rows: string[] = [];
    SAFE.forEach(({ pattern, run, tail }, i) => {
      const times: number[] = [];
      for (const size of [15_000, 30_000, 60_000]) {
        const text = run.repeat(Math.ceil(size / run.length)).slice(0, size) + tail;
        const started = performance.now();
        const ok = check({ [`f${i}`]: text });
        times.push(performance.now() - started);
        expect([pattern, ok]).toEqual([pattern, false]);
      }
      rows.push(`${pattern.padEnd(34)} ${times.map((t) => `${t.toFixed(2)} ms`).join("  ")}`);
    });
    // A 60 KB string that matches passes too.
    expect(check({ f0: "a".repeat(60_000), f7: `${"ab-".repeat(20_000)}z` })).toBe(true);
    console.log(
      `pattern                            15 KB / 30 KB / 60 KB (adversarial, failing)\n${rows.join("\n")}`,
    );
  });
});
