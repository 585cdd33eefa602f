// npm run bench:codec: gidl's binary codec against JSON, msgpackr (plain and with records) and two
// Protobuf libraries, on three messages that carry the same values in every codec (messages.mjs).
// Per codec and message: the bytes on the wire, and encode, decode and encode+decode ops/s. Prints
// one markdown table per message and writes bench/out/codec.json.
//
//   node bench/codec/run.mjs [--codecs="gidl binary,msgpackr records"] [--messages=rpc,event,snapshot] [--rounds=7]
// Profile one contender with `node --cpu-prof --cpu-prof-dir=bench/out/profiles bench/codec/run.mjs
// --codecs="gidl binary"` and `node bench/lib/profile-summary.mjs <file>`.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { isDeepStrictEqual, parseArgs } from "node:util";
import { contenders } from "./codecs.mjs";
import { MESSAGES, received } from "./messages.mjs";

const root = new URL("../..", import.meta.url).pathname;
const outDir = `${root}bench/out/codec`;
const { values: flags } = parseArgs({
  options: {
    codecs: { type: "string" },
    messages: { type: "string" },
    rounds: { type: "string", default: "10" },
  },
});
const rounds = Number(flags.rounds);
const started = performance.now();
const log = (line) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${line}\n`);

// ── the generated code: gidl's from dist/ (npm run build ran first), Protobuf's from bench.proto ──

log("generating: gidl (dist/), protobufjs (pbjs), @bufbuild/protobuf (buf + protoc-gen-es)");
mkdirSync(`${outDir}/proto`, { recursive: true });
const run = (file, args, cwd = root) =>
  execFileSync(process.execPath, [file, ...args], {
    cwd,
    stdio: ["ignore", "ignore", "inherit"],
    // buf finds the protoc-gen-es plugin on the PATH.
    env: { ...process.env, PATH: `${root}node_modules/.bin:${process.env.PATH}` },
  });
run(`${root}dist/generator/cli/main.js`, [
  "generate",
  `${root}bench/schema/bench.gidl`,
  "-o",
  `${outDir}/gen`,
  "--lang",
  "js",
]);
// Only what the bench calls: the encoders, decoders and `create`.
run(`${root}node_modules/protobufjs-cli/bin/pbjs`, [
  ...["-t", "static-module", "-w", "esm", "--force-number"],
  ...["--no-verify", "--no-convert", "--no-delimited", "--no-typeurl", "--no-service"],
  ...["-o", `${outDir}/proto/protobufjs.js`, `${root}bench/codec/proto/bench.proto`],
]);
run(`${root}node_modules/@bufbuild/buf/bin/buf`, ["generate"], `${root}bench/codec/proto`);

const { default: protobuf } = await import("protobufjs/minimal.js");
// Without gidl's binary codec (a dist/ or a generator without it) the peers still run, and the bench
// says why gidl is missing and exits 1.
let gidl;
let gidlMissing;
try {
  const { createBinaryCodec } = await import(`${root}dist/protocol/index.js`);
  const { binary } = await import(`${outDir}/gen/binary.js`);
  if (typeof createBinaryCodec !== "function") throw new Error("dist/protocol has no createBinaryCodec");
  gidl = { createBinaryCodec, binary };
} catch (error) {
  gidlMissing = error.message;
  log(`gidl binary: not measured (${gidlMissing})`);
}
const all = contenders({
  protobuf,
  protobufjsModule: await import(`${outDir}/proto/protobufjs.js`),
  protobufEsModule: await import(`${outDir}/proto/bench_pb.js`),
  gidl,
});
const pick = (list, names, what) => {
  if (names === undefined) return list;
  const wanted = names.split(",");
  for (const name of wanted)
    if (!list.some((item) => item.name === name)) throw new Error(`unknown ${what} "${name}"`);
  return list.filter((item) => wanted.includes(item.name));
};
const codecs = pick(all, flags.codecs, "codec");
const messages = pick(MESSAGES, flags.messages, "message");

// ── every codec carries every message's values ────────────────────────────────────────────────

const plain = (value) => JSON.parse(JSON.stringify(value));
for (const { name, message } of messages) {
  for (const codec of codecs) {
    const { input, encode, decode } = codec.prepare(message);
    const decoded = codec.back(decode(encode(input)));
    if (!isDeepStrictEqual(plain(received(decoded)), plain(received(message)))) {
      process.stderr.write(`${JSON.stringify(decoded).slice(0, 400)}\n`);
      throw new Error(`${codec.name} does not carry the ${name} message's values`);
    }
  }
}

// ── measurement ───────────────────────────────────────────────────────────────────────────────

// What the timed functions return goes here, so that no call can be optimised away.
let sink;

/** How many calls of `fn` take about 15 ms. */
function batchSize(fn) {
  for (let iterations = 1; ; iterations *= 2) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) sink = fn();
    if (performance.now() - start > 15) return iterations;
  }
}

/**
 * The contenders take turns, batch by batch (about 30 ms each), and each keeps its best batch: the
 * machine is shared, so the least disturbed batch is the best estimate, and turns spread any
 * disturbance over all of them.
 */
function measure(fns) {
  const timed = fns.map((fn) => ({ fn, iterations: batchSize(fn) * 2, best: 0 }));
  for (let round = 0; round < rounds; round++) {
    for (const t of timed) {
      const start = performance.now();
      for (let i = 0; i < t.iterations; i++) sink = t.fn();
      t.best = Math.max(t.best, t.iterations / ((performance.now() - start) / 1000));
    }
  }
  return timed.map((t) => t.best);
}

const results = [];
for (const { name, title, message } of messages) {
  log(`${name}: ${codecs.length} codecs`);
  const prepared = codecs.map((codec) => {
    const { input, encode, decode } = codec.prepare(message);
    const frame = encode(input);
    return { codec, input, encode, decode, frame };
  });
  const encodeOps = measure(
    prepared.map(
      ({ input, encode }) =>
        () =>
          encode(input),
    ),
  );
  const decodeOps = measure(
    prepared.map(
      ({ frame, decode }) =>
        () =>
          decode(frame),
    ),
  );
  const roundTripOps = measure(
    prepared.map(
      ({ input, encode, decode }) =>
        () =>
          decode(encode(input)),
    ),
  );
  results.push({
    message: name,
    title,
    codecs: prepared.map(({ codec, frame }, i) => ({
      codec: codec.name,
      bytes: codec.bytes(frame),
      encodeOps: encodeOps[i],
      decodeOps: decodeOps[i],
      roundTripOps: roundTripOps[i],
    })),
  });
}
if (sink === undefined) throw new Error("unreachable: every timed function returns a value");

// ── the report ───────────────────────────────────────────────────────────────────────────────

const PROTOBUF = ["protobufjs (static)", "@bufbuild/protobuf"];
const format = (n) => Math.round(n).toLocaleString("en-US");
const ratio = (a, b) => (b === undefined ? "" : `${(a / b).toFixed(2)}×`);
const lines = [];
const verdicts = [];
for (const { title, codecs: rows } of results) {
  const records = rows.find((r) => r.codec === "msgpackr records");
  // "The faster Protobuf library": the one with more encode+decode ops/s on this message.
  const proto = rows
    .filter((r) => PROTOBUF.includes(r.codec))
    .sort((a, b) => b.roundTripOps - a.roundTripOps)[0];
  const protoName = proto?.codec ?? "Protobuf";
  lines.push(
    `### ${title}`,
    "",
    `| codec | bytes | encode ops/s | decode ops/s | encode+decode ops/s | bytes vs records | bytes vs ${protoName} | enc+dec vs records | enc+dec vs ${protoName} |`,
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(
      (r) =>
        `| ${r.codec} | ${r.bytes} | ${format(r.encodeOps)} | ${format(r.decodeOps)} | ${format(r.roundTripOps)} | ${ratio(r.bytes, records?.bytes)} | ${ratio(r.bytes, proto?.bytes)} | ${ratio(r.roundTripOps, records?.roundTripOps)} | ${ratio(r.roundTripOps, proto?.roundTripOps)} |`,
    ),
    "",
  );
  const gidlRow = rows.find((r) => r.codec === "gidl binary");
  if (gidlRow !== undefined && records !== undefined && proto !== undefined) {
    const missed = [
      gidlRow.bytes > records.bytes && "bytes > msgpackr records",
      gidlRow.bytes > proto.bytes && `bytes > ${protoName}`,
      gidlRow.roundTripOps < 1.5 * records.roundTripOps && "encode+decode < 1.5× msgpackr records",
      gidlRow.roundTripOps < proto.roundTripOps && `encode+decode < ${protoName}`,
    ].filter(Boolean);
    verdicts.push(`${title}: ${missed.length === 0 ? "every target met" : `missed: ${missed.join(", ")}`}`);
  }
}
const machine = {
  cores: availableParallelism(),
  cpu: cpus()[0]?.model ?? "unknown",
  node: process.version,
};
lines.push(
  `machine: ${machine.cores} cores (${machine.cpu}), Node.js ${machine.node}; best of ${rounds} batches each`,
  "targets (gidl binary): bytes ≤ msgpackr records and ≤ Protobuf on every message; encode+decode ≥ 1.5× msgpackr records and ≥ 1× the faster Protobuf library",
  ...verdicts,
);
writeFileSync(
  `${root}bench/out/codec.json`,
  `${JSON.stringify({ machine, date: new Date().toISOString(), rounds, results, verdicts }, null, 2)}\n`,
);
process.stdout.write(`${lines.join("\n")}\n`);
log("done; written to bench/out/codec.json");
if (gidlMissing !== undefined) {
  process.stderr.write(`bench: gidl binary was not measured: ${gidlMissing}\n`);
  process.exitCode = 1;
}
