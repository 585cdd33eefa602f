// results.json → the one markdown table `npm run bench` prints, with each target's verdict.

/** The targets, as ratios against the bare ws ceiling of the same run. */
export const TARGETS = {
  rpcClients: 64,
  rpcJsonCallsRatio: 0.85,
  rpcMsgpackCallsRatio: 1.0,
  rpcCpuRatio: 1.25,
  rpcP99Ratio: 1.3,
  /** gidl on binary against gidl on JSON in the same run: at least its calls/s, at most this share of its CPU. */
  rpcBinaryCallsVsJson: 1.0,
  rpcBinaryCpuVsJson: 0.9,
  broadcastBinaryCpuVsJson: 1.0,
  broadcastAudience: 1000,
  broadcastCpuRatio: 1.1,
  broadcastP99Ratio: 1.2,
  memoryRatio: 2,
  /** Generated validators against ajv compiled at run time (both ways), and against zod 4. */
  validatorAjvRatio: 1,
  validatorZodNestedValidRatio: 4,
  validatorZodInvalidRatio: 10,
  compileMs: 300,
  generateMs: 6000,
};

const int = (n) => Math.round(n).toLocaleString("en-US");
const ms = (n) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
const us = (n) => n.toFixed(1);
const ratio = (n) => `${n.toFixed(2)}×`;
const verdict = (ok) => (ok ? "✓" : "✗");

/** Checks the targets; returns `[{ name, measured, target, ok }]`. */
export function checkTargets(results) {
  const checks = [];
  const rpcAt = (contender) =>
    results.rpc.find((r) => r.contender === contender && r.clients === TARGETS.rpcClients);
  const ceiling = rpcAt("bare ws");
  for (const [contender, callsTarget] of [
    ["gidl JSON", TARGETS.rpcJsonCallsRatio],
    ["gidl MessagePack", TARGETS.rpcMsgpackCallsRatio],
  ]) {
    const row = rpcAt(contender);
    if (row === undefined || ceiling === undefined) continue;
    const name = `RPC ${TARGETS.rpcClients} clients, ${contender}`;
    checks.push(
      check(`${name}: calls/s`, row.callsPerSecond / ceiling.callsPerSecond, callsTarget, ">="),
      check(
        `${name}: server CPU/call`,
        row.serverCpuPerCallUs / ceiling.serverCpuPerCallUs,
        TARGETS.rpcCpuRatio,
      ),
      check(`${name}: p99`, row.p99Ms / ceiling.p99Ms, TARGETS.rpcP99Ratio),
    );
  }
  const json = rpcAt("gidl JSON");
  const binary = rpcAt("gidl binary");
  if (json !== undefined && binary !== undefined) {
    const name = `RPC ${TARGETS.rpcClients} clients, gidl binary`;
    checks.push(
      check(
        `${name}: calls/s`,
        binary.callsPerSecond / json.callsPerSecond,
        TARGETS.rpcBinaryCallsVsJson,
        ">=",
        "gidl JSON",
      ),
      check(
        `${name}: server CPU/call`,
        binary.serverCpuPerCallUs / json.serverCpuPerCallUs,
        TARGETS.rpcBinaryCpuVsJson,
        "<=",
        "gidl JSON",
      ),
    );
  }
  const castAt = (contender) =>
    results.broadcast.find((r) => r.contender === contender && r.audience === TARGETS.broadcastAudience);
  const cast = castAt("gidl JSON");
  const castBinary = castAt("gidl binary");
  if (cast !== undefined && castBinary !== undefined) {
    checks.push(
      check(
        `Broadcast to ${TARGETS.broadcastAudience}, gidl binary: server CPU/event`,
        castBinary.serverCpuPerEventUs / cast.serverCpuPerEventUs,
        TARGETS.broadcastBinaryCpuVsJson,
        "<=",
        "gidl JSON",
      ),
    );
  }
  const castCeiling = castAt("bare ws");
  if (cast !== undefined && castCeiling !== undefined) {
    const name = `Broadcast to ${TARGETS.broadcastAudience}, gidl JSON`;
    checks.push(
      check(
        `${name}: server CPU/event`,
        cast.serverCpuPerEventUs / castCeiling.serverCpuPerEventUs,
        TARGETS.broadcastCpuRatio,
      ),
      check(`${name}: p99`, cast.p99Ms / castCeiling.p99Ms, TARGETS.broadcastP99Ratio),
    );
  }
  const memory = results.memory.find((r) => r.contender === "gidl JSON");
  const memoryCeiling = results.memory.find((r) => r.contender === "bare ws");
  if (memory !== undefined && memoryCeiling !== undefined) {
    checks.push(
      check(
        "Memory: RSS per idle authenticated connection",
        memory.rssPerConnectionKiB / memoryCeiling.rssPerConnectionKiB,
        TARGETS.memoryRatio,
      ),
    );
  }
  checks.push(...validationChecks(results), ...codegenChecks(results));
  return checks;
}

function check(name, measured, target, direction = "<=", against = "bare ws") {
  return {
    name,
    measured,
    target,
    direction,
    against,
    ok: direction === ">=" ? measured >= target : measured <= target,
  };
}

function validationChecks(results) {
  const checks = [];
  for (const row of results.validators) {
    checks.push(
      check(
        `Validation, ${row.case}: vs ajv at run time`,
        Math.min(
          row.generatedOpsPerSecond / row.ajvOpsPerSecond,
          row.generatedOpsPerSecond / row.ajvInlinedOpsPerSecond,
        ),
        TARGETS.validatorAjvRatio,
        ">=",
        "ajv (the slower ratio of its two ways)",
      ),
    );
    const zodTarget = row.case.includes("invalid")
      ? TARGETS.validatorZodInvalidRatio
      : row.case === "nested valid"
        ? TARGETS.validatorZodNestedValidRatio
        : undefined;
    if (zodTarget !== undefined) {
      checks.push(
        check(
          `Validation, ${row.case}: vs zod 4`,
          row.generatedOpsPerSecond / row.zodOpsPerSecond,
          zodTarget,
          ">=",
          "zod 4",
        ),
      );
    }
  }
  return checks;
}

function codegenChecks(results) {
  const limits = { compile: TARGETS.compileMs, generate: TARGETS.generateMs };
  return results.codegen
    .filter((row) => row.medianMs !== null && row.medianMs !== undefined && row.step in limits)
    .map((row) => ({
      name: `Codegen: gidl ${row.step}, median`,
      measured: row.medianMs,
      target: limits[row.step],
      direction: "<=",
      against: "ms",
      ok: row.medianMs <= limits[row.step],
    }));
}

/** The markdown table: one row per measurement; "vs ceiling" compares with bare ws (or ajv/zod). */
export function renderTable(results) {
  const lines = [
    "| Bench | Case | Contender | Result | p50 ms | p99 ms | Server CPU | vs ceiling |",
    "| --- | --- | --- | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const row of results.rpc) {
    const ceiling = results.rpc.find((r) => r.contender === "bare ws" && r.clients === row.clients);
    const vs =
      ceiling === undefined || row === ceiling
        ? ""
        : `calls ${ratio(row.callsPerSecond / ceiling.callsPerSecond)}, CPU ${ratio(row.serverCpuPerCallUs / ceiling.serverCpuPerCallUs)}, p99 ${ratio(row.p99Ms / ceiling.p99Ms)}`;
    lines.push(
      `| RPC | ${row.clients} client${row.clients === 1 ? "" : "s"} | ${row.contender} | ${int(row.callsPerSecond)} calls/s | ${ms(row.p50Ms)} | ${ms(row.p99Ms)} | ${us(row.serverCpuPerCallUs)} µs/call | ${vs} |`,
    );
  }
  for (const row of results.broadcast) {
    const ceiling = results.broadcast.find((r) => r.contender === "bare ws" && r.audience === row.audience);
    const vs =
      ceiling === undefined || row === ceiling
        ? ""
        : `CPU ${ratio(row.serverCpuPerEventUs / ceiling.serverCpuPerEventUs)}, p99 ${ratio(row.p99Ms / ceiling.p99Ms)}`;
    lines.push(
      `| Broadcast | ${int(row.audience)} clients, ${row.rate} events/s | ${row.contender} | ${int(row.deliveredPerSecond)} delivered/s (${(row.deliveredShare * 100).toFixed(0)} %) | ${ms(row.p50Ms)} | ${ms(row.p99Ms)} | ${us(row.serverCpuPerEventUs)} µs/event | ${vs} |`,
    );
  }
  for (const row of results.validators) {
    lines.push(
      `| Validation | ${row.case} | generated / ajv runtime / ajv runtime, refs inlined / zod 4 | ${int(row.generatedOpsPerSecond)} / ${int(row.ajvOpsPerSecond)} / ${int(row.ajvInlinedOpsPerSecond)} / ${int(row.zodOpsPerSecond)} ops/s | | | | ${ratio(row.generatedOpsPerSecond / row.ajvOpsPerSecond)} ajv, ${ratio(row.generatedOpsPerSecond / row.ajvInlinedOpsPerSecond)} ajv inlined, ${ratio(row.generatedOpsPerSecond / row.zodOpsPerSecond)} zod |`,
    );
  }
  const memoryCeiling = results.memory.find((r) => r.contender === "bare ws");
  for (const row of results.memory) {
    const vs =
      memoryCeiling === undefined || row === memoryCeiling
        ? ""
        : `RSS ${ratio(row.rssPerConnectionKiB / memoryCeiling.rssPerConnectionKiB)}`;
    lines.push(
      `| Memory | ${int(row.connections)} idle authenticated connections | ${row.contender} | ${row.rssPerConnectionKiB.toFixed(1)} KiB RSS/conn (${row.heapPerConnectionKiB.toFixed(1)} KiB heap) | | | | ${vs} |`,
    );
  }
  for (const row of results.codegen) {
    if (row.failed !== undefined) {
      lines.push(
        `| Codegen | 2,000-declaration schema | gidl ${row.step} | failed: ${row.failed.replaceAll("|", "\\|")} | | | | |`,
      );
      continue;
    }
    const time = (t) => (t === null ? "?" : t >= 1000 ? `${(t / 1000).toFixed(1)} s` : `${ms(t)} ms`);
    const first = row.firstMs === null ? "" : `, first in a process ${time(row.firstMs)}`;
    lines.push(
      `| Codegen | 2,000-declaration schema | gidl ${row.step} | median ${time(row.medianMs)}, p90 ${time(row.p90Ms)}${first} | | | | |`,
    );
  }
  for (const c of checkTargets(results)) {
    const sign = c.direction === ">=" ? "≥" : "≤";
    const result =
      c.against === "ms"
        ? `${int(c.measured)} ms (target ${sign} ${int(c.target)} ms)`
        : `${ratio(c.measured)} of ${c.against} (target ${sign} ${ratio(c.target)})`;
    lines.push(`| Target | ${c.name} | ${verdict(c.ok)} | ${result} | | | | |`);
  }
  return lines.join("\n");
}
