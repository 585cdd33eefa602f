// Validation and codegen: bench/validators.mjs, bench/compile.mjs and (when present)
// bench/generate.mjs, each run as it is, their reports parsed into results.
import { existsSync } from "node:fs";
import { markdownRows, number, runScript } from "../lib/script.mjs";

const benchDir = new URL("..", import.meta.url).pathname;

/** Generated validators vs ajv compiled at run time (as the generator, and inlining refs) vs zod 4 (ops/s). */
export async function measureValidators() {
  const out = await runScript(`${benchDir}validators.mjs`);
  return markdownRows(out).map(([name, generated, ajv, ajvInlined, zod]) => ({
    case: name,
    generatedOpsPerSecond: number(generated),
    ajvOpsPerSecond: number(ajv),
    ajvInlinedOpsPerSecond: number(ajvInlined),
    zodOpsPerSecond: number(zod),
  }));
}

/** Compile (and generate, when bench/generate.mjs exists) times for the 2,000-declaration schema. */
export async function measureCodegen() {
  const results = [];
  const compile = await runScript(`${benchDir}compile.mjs`);
  results.push({ step: "compile", ...timings(compile), report: compile.trim() });
  if (existsSync(`${benchDir}generate.mjs`)) {
    try {
      const generate = await runScript(`${benchDir}generate.mjs`, { timeoutMs: 240_000 });
      results.push({ step: "generate", ...timings(generate), report: generate.trim() });
    } catch (error) {
      // A failing generator is a result too; the rest still reports
      // (bench/README.md "Generator: `npm run bench:generate`").
      results.push({ step: "generate", medianMs: null, p90Ms: null, firstMs: null, failed: error.message });
    }
  }
  return results;
}

function timings(report) {
  const median = /median ([\d.]+) ms/.exec(report);
  const p90 = /p90 ([\d.]+) ms/.exec(report);
  const first = /first [^:\n]*: ([\d.]+) ms/.exec(report);
  return {
    medianMs: median === null ? null : Number(median[1]),
    p90Ms: p90 === null ? null : Number(p90[1]),
    firstMs: first === null ? null : Number(first[1]),
  };
}
