// npm run bench:compile: how long the compiler (dist/) takes on a 2,000-declaration schema.
// Prints the median and 90th percentile of 15 timed runs after 3 warm-up runs, and the first (cold) run.
import { performance } from "node:perf_hooks";
import process from "node:process";
import { availableParallelism } from "node:os";
import { compileSource, hasErrors, renderDiagnostics } from "../dist/idl/index.js";
import { bigSchema } from "./big-schema.mjs";

const warmups = 3;
const runs = 15;
const targetMs = 300;

const schema = bigSchema();
const coldStart = performance.now();
const first = compileSource(schema.text, "big.gidl");
// The first compile also loads the ReDoS checker and analyses each @pattern (cached afterwards).
const coldMs = performance.now() - coldStart;
if (hasErrors(first.diagnostics) || first.diagnostics.length > 0) {
  process.stderr.write(`${renderDiagnostics(first.diagnostics.slice(0, 20), first.sources)}\n`);
  process.stderr.write(
    `bench: the generated schema has ${first.diagnostics.length} diagnostics; fix big-schema.mjs\n`,
  );
  process.exit(1);
}

for (let i = 0; i < warmups; i++) compileSource(schema.text, "big.gidl");
const times = [];
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  compileSource(schema.text, "big.gidl");
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const percentile = (p) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
const median = percentile(50);
const p90 = percentile(90);

process.stdout.write(
  `${[
    `schema: ${schema.declarations} declarations + ${schema.members} rpcs/sends/events, ${(schema.text.length / 1024).toFixed(0)} KiB`,
    `compile: median ${median.toFixed(1)} ms, p90 ${p90.toFixed(1)} ms over ${runs} runs (target < ${targetMs} ms)`,
    `first compile in this process: ${coldMs.toFixed(1)} ms`,
    `machine: ${availableParallelism()} cores, Node.js ${process.version}`,
  ].join("\n")}\n`,
);
