// npm run bench: gidl against a bare ws server (the ceiling) and socket.io 4, plus the validator
// and codegen benches. Every server and load generator is its own process on 127.0.0.1; every
// process stops by itself. Prints one markdown table and writes bench/results.json.
//
//   node bench/run.mjs [--only=rpc,broadcast,memory,validation,codegen] [--contenders="gidl JSON,bare ws"]
//                      [--clients=1,64,256] [--audiences=100,1000] [--window=3000] [--cpu-prof]
// A run with --only, --contenders, --clients or --audiences writes bench/out/results.json instead; --cpu-prof writes every
// server's CPU profile to bench/out/profiles/ (summarise one with bench/lib/profile-summary.mjs).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { BROADCAST_AUDIENCES, measureBroadcast } from "./broadcast/run.mjs";
import { measureCodegen, measureValidators } from "./codegen/run.mjs";
import { CONTENDERS } from "./lib/clients.mjs";
import { checkTargets, renderTable } from "./lib/report.mjs";
import { MEMORY_CONNECTIONS, measureMemory } from "./memory/run.mjs";
import { RPC_CLIENTS, measureRpc } from "./rpc/run.mjs";

const root = new URL("..", import.meta.url).pathname;
const outDir = `${root}bench/out`;
const { values: flags } = parseArgs({
  options: {
    only: { type: "string" },
    contenders: { type: "string" },
    clients: { type: "string" },
    audiences: { type: "string" },
    window: { type: "string", default: "3000" },
    "cpu-prof": { type: "boolean", default: false },
  },
});
const sections = new Set((flags.only ?? "rpc,broadcast,memory,validation,codegen").split(","));
const contenders = flags.contenders === undefined ? Object.keys(CONTENDERS) : flags.contenders.split(",");
for (const c of contenders) if (!(c in CONTENDERS)) throw new Error(`unknown contender "${c}"`);
// --clients / --audiences run only some RPC client counts / broadcast audiences (e.g. the targets' 64 and 1000).
const numbers = (list, all) => (list === undefined ? all : list.split(",").map(Number));
const rpcClients = numbers(flags.clients, RPC_CLIENTS);
const audiences = numbers(flags.audiences, BROADCAST_AUDIENCES);
const partial =
  flags.only !== undefined ||
  flags.contenders !== undefined ||
  flags.clients !== undefined ||
  flags.audiences !== undefined;
const windowMs = Number(flags.window);
const started = performance.now();
const log = (line) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${line}\n`);

// The bench schema, generated with the real CLI from dist/ (npm run build ran first).
execFileSync(
  process.execPath,
  [
    `${root}dist/generator/cli/main.js`,
    "generate",
    `${root}bench/schema/bench.gidl`,
    "-o",
    `${outDir}/gen`,
    "--lang",
    "js",
  ],
  { stdio: ["ignore", "ignore", "inherit"] },
);
const { definition } = await import(`${outDir}/gen/definition.js`);
const schema = definition.hash;

const profileDir = `${outDir}/profiles`;
if (flags["cpu-prof"]) mkdirSync(profileDir, { recursive: true });
// Every server process, gidl's and its peers', is profiled alike.
const execArgv = flags["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];

const results = {
  machine: {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  },
  date: new Date().toISOString(),
  windowMs,
  rpc: [],
  broadcast: [],
  validators: [],
  memory: [],
  codegen: [],
};

if (sections.has("rpc")) {
  for (const clients of rpcClients) {
    for (const contender of contenders) {
      log(`rpc: ${contender}, ${clients} clients`);
      results.rpc.push(
        await measureRpc(contender, clients, {
          schema,
          warmupMs: 1500,
          windowMs,
          execArgv,
        }),
      );
    }
  }
}
if (sections.has("broadcast")) {
  for (const audience of audiences) {
    for (const contender of contenders.filter((c) => c !== "gidl MessagePack")) {
      log(`broadcast: ${contender}, ${audience} clients`);
      results.broadcast.push(
        await measureBroadcast(contender, audience, {
          schema,
          warmupMs: 1000,
          windowMs,
          execArgv,
        }),
      );
    }
  }
}
if (sections.has("memory")) {
  for (const contender of contenders.filter((c) => c === "gidl JSON" || c === "bare ws")) {
    log(`memory: ${contender}, ${MEMORY_CONNECTIONS} connections`);
    results.memory.push(await measureMemory(contender, MEMORY_CONNECTIONS, { schema }));
  }
}
if (sections.has("validation")) {
  log("validation: bench/validators.mjs");
  results.validators = await measureValidators();
}
if (sections.has("codegen")) {
  log("codegen: bench/compile.mjs, bench/generate.mjs");
  results.codegen = await measureCodegen();
}
results.targets = checkTargets(results);

const file = partial ? `${outDir}/results.json` : `${root}bench/results.json`;
mkdirSync(outDir, { recursive: true });
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
const { cores, cpu, node } = results.machine;
process.stdout.write(
  `${renderTable(results)}\n\n${cores} cores (${cpu}), Node.js ${node}; written to ${file}\n`,
);
log("done");
