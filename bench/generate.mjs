// npm run bench:generate: how long `gidl generate` takes on the 2,000-declaration schema of
// bench/big-schema.mjs — compile, every target, the ajv standalone compile of the validators and the
// self type-check of the generated TypeScript, and the atomic write. Prints the median and p90 of
// runs of the built CLI (a new process each, as a user runs it), then the phases inside one process
// and the cost of a regeneration in a process that has generated before (what `gidl watch` pays).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { generate } from "../dist/generator/index.js";
import { generateValidators } from "../dist/generator/validators/index.js";
import { writeOutput } from "../dist/generator/write-output.js";
import { compileSource, renderDiagnostics } from "../dist/idl/index.js";
import { bigSchema } from "./big-schema.mjs";

const cliRuns = 3;
const warmRuns = 3;
const targetMs = 6000;

const root = fileURLToPath(new URL("..", import.meta.url));
const workDir = path.join(root, "bench", "out", "generate");
rmSync(workDir, { recursive: true, force: true });
mkdirSync(workDir, { recursive: true });
const schema = bigSchema();
const schemaFile = path.join(workDir, "big.gidl");
writeFileSync(schemaFile, schema.text);

// ── in one process: the first generation, by phase ─────────────────────────
const t0 = performance.now();
const compiled = compileSource(schema.text, "big.gidl");
const t1 = performance.now();
if (compiled.model === undefined) {
  process.stderr.write(`${renderDiagnostics(compiled.diagnostics.slice(0, 20), compiled.sources)}\n`);
  process.stderr.write("bench: the generated schema does not compile; fix big-schema.mjs\n");
  process.exit(1);
}
let files;
try {
  ({ files } = generate(compiled.model, { lang: "ts", schemaFile: "big.gidl" }));
} catch (error) {
  const reason = error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : String(error);
  process.stderr.write(
    `bench: generate fails on this schema after ${(performance.now() - t1).toFixed(0)} ms: ${reason}\n`,
  );
  process.exit(1);
}
const t2 = performance.now();
writeOutput(path.join(workDir, "gen-in-process"), files);
const t3 = performance.now();
const firstMs = t3 - t0;

const v0 = performance.now();
generateValidators(compiled.model);
const validatorsMs = performance.now() - v0;

// ── in one process, after the first: a `gidl watch` regeneration ───────────
const warm = [];
for (let i = 0; i < warmRuns; i++) {
  const start = performance.now();
  const result = compileSource(schema.text, "big.gidl");
  writeOutput(
    path.join(workDir, "gen-in-process"),
    generate(result.model, { lang: "ts", schemaFile: "big.gidl" }).files,
  );
  warm.push(performance.now() - start);
}

// ── the built CLI, a new process each time ─────────────────────────────────
const cli = [];
const elsewhere = mkdtempSync(path.join(tmpdir(), "gidl-bench-"));
for (let i = 0; i < cliRuns; i++) {
  const start = performance.now();
  try {
    // From a directory outside any project, as gidl must not depend on the current directory.
    // process.execArgv passes on node flags given to this script (e.g. --cpu-prof).
    execFileSync(
      process.execPath,
      [
        ...process.execArgv,
        path.join(root, "dist/generator/cli/main.js"),
        "generate",
        schemaFile,
        "-o",
        path.join(workDir, "gen"),
      ],
      { cwd: elsewhere, stdio: "pipe", encoding: "utf8" },
    );
  } catch (error) {
    const stderr = String(error.stderr ?? error.message).split("\n")[0];
    process.stderr.write(`bench: \`gidl generate\` exits ${error.status} on this schema: ${stderr}\n`);
    process.exit(1);
  }
  cli.push(performance.now() - start);
}

rmSync(elsewhere, { recursive: true, force: true });

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (value) => value.toFixed(0);
const bytes = files.reduce((sum, file) => sum + Buffer.byteLength(file.content), 0);

process.stdout.write(
  `${[
    `schema: ${schema.declarations} declarations + ${schema.members} rpcs/sends/events, ${(schema.text.length / 1024).toFixed(0)} KiB; output ${files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB`,
    `generate: median ${ms(percentile(cli, 50))} ms, p90 ${ms(percentile(cli, 90))} ms over ${cliRuns} runs of the built CLI, a new process each (target < ${targetMs} ms)`,
    `first generate in a process: ${ms(firstMs)} ms (compile ${ms(t1 - t0)} ms, targets + validators + self-check ${ms(t2 - t1)} ms, write ${ms(t3 - t2)} ms)`,
    `validators alone (ajv standalone compile), warm: ${ms(validatorsMs)} ms`,
    `regeneration in a process that generated before (gidl watch): median ${ms(percentile(warm, 50))} ms over ${warmRuns} runs`,
    `machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? "unknown CPU"}), Node.js ${process.version}, load average ${loadavg()[0].toFixed(1)} (a shared machine: compare runs at similar load)`,
  ].join("\n")}\n`,
);
