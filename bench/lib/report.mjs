// results.json → the one markdown table `npm run bench` prints, with each target's verdict.

/** The targets, as ratios against the bare ws ceiling of the same run. */
export const TARGETS = {
  rpcClients: 64,
  rpcJsonCallsRatio: 0.85,
  rpcMsgpackCallsRatio: 1.0,
  rpcCpuRatio: 1.25,
  rpcP99Ratio: 1.3,
  broadcastAudience: 1000,
  broadcastCpuRatio: 1.1,
  broadcastP99Ratio: 1.2,
  memoryRatio: 2,
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
  const castAt = (contender) =>
    results.broadcast.find((r) => r.contender === contender && r.audience === TARGETS.broadcastAudience);
  const cast = castAt("gidl JSON");
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
  return checks;
}

function check(name, measured, target, direction = "<=") {
  return { name, measured, target, ok: direction === ">=" ? measured >= target : measured <= target };
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
      `| Validation | ${row.case} | generated / ajv runtime / zod 4 | ${int(row.generatedOpsPerSecond)} / ${int(row.ajvOpsPerSecond)} / ${int(row.zodOpsPerSecond)} ops/s | | | | ${ratio(row.generatedOpsPerSecond / row.ajvOpsPerSecond)} ajv, ${ratio(row.generatedOpsPerSecond / row.zodOpsPerSecond)} zod |`,
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
    lines.push(
      `| Target | ${c.name} | ${verdict(c.ok)} | ${ratio(c.measured)} of bare ws (target ${c.name.includes("calls/s") ? "≥" : "≤"} ${ratio(c.target)}) | | | | |`,
    );
  }
  return lines.join("\n");
}
