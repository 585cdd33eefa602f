// Scale-out bench (docs/scaling.md): `to all` and `to topic` (broadcast) throughput with 1 vs 3
// server processes on one Redis, and the latency a `to players` event gains by crossing to another
// node. Everything on 127.0.0.1: redis-server, the nodes (bench/scale/node.ts, bundled with esbuild)
// and this process as the load generator (raw `ws` clients). Every run is bounded; every process
// started here is killed at the end. Usage: npm run bench:scale [-- --clients=300 --events=300]
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import WebSocket from "ws";

const root = fileURLToPath(new URL("../..", import.meta.url));
const arg = (name, fallback) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const CLIENTS = arg("clients", 300);
const EVENTS = arg("events", 300);
const SAMPLES = arg("samples", 200);
const RUN_TIMEOUT_MS = 30_000;
const children = [];
/** The fixture's schema hash, as the first node reports it. */
let schemaHash = "";

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function start(command, args, readyText) {
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk.toString();
      const line = out.split("\n").find((l) => l.includes(readyText));
      if (line !== undefined && out.endsWith("\n")) {
        schemaHash = line.split(" ")[2] ?? schemaHash;
        resolve(child);
      }
    });
    child.once("exit", (code) => reject(new Error(`${command} exited (${code}) before "${readyText}"`)));
  });
}

function stopAll() {
  for (const child of children.splice(0)) child.kill("SIGKILL");
}

/** A raw client: hello → welcome, then counts events by name and keeps tick latencies. */
function connect(url, player) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, ["gidl.v1.json"]);
    const client = { socket, counts: new Map(), latencies: [], onEvent: () => undefined, nextId: 1 };
    socket.on("error", reject);
    socket.on("open", () =>
      socket.send(JSON.stringify({ type: "hello", protocol: 1, schema: schemaHash, token: player })),
    );
    socket.on("message", (data) => {
      const parsed = JSON.parse(data.toString());
      for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
        if (m.type === "welcome") resolve(client);
        else if (m.type === "event") {
          client.counts.set(m.event, (client.counts.get(m.event) ?? 0) + 1);
          if (m.event === "play.tick") client.latencies.push(Date.now() - Number(m.data.stamp));
          if (m.seq !== undefined && m.seq % 100 === 0)
            socket.send(JSON.stringify({ type: "ack", seq: m.seq }));
          client.onEvent(m);
        } else if (m.type === "response") client.onEvent(m);
      }
    });
  });
}

function rpc(client, method, params) {
  const id = client.nextId++;
  return new Promise((resolve) => {
    const previous = client.onEvent;
    client.onEvent = (m) => {
      if (m.type === "response" && m.id === id) {
        client.onEvent = previous;
        resolve(m);
      } else previous(m);
    };
    client.socket.send(JSON.stringify({ type: "rpc", id, method, params }));
  });
}

async function cluster(nodeCount, redisUrl) {
  const bundle = path.join(root, "node_modules/.cache/gidl-bench-scale/node.mjs");
  const nodes = [];
  for (let i = 0; i < nodeCount; i++) {
    const port = await freePort();
    const child = await start(process.execPath, [bundle, redisUrl, String(port), `b${i}`], "ready ");
    nodes.push({ child, url: `ws://127.0.0.1:${port}/` });
  }
  return nodes;
}

const total = (clients, event) => clients.reduce((sum, c) => sum + (c.counts.get(event) ?? 0), 0);

async function throughput(nodes, kind) {
  const event = kind === "news" ? "play.news" : "play.chat";
  const clients = [];
  for (let i = 0; i < CLIENTS; i++) clients.push(await connect(nodes[i % nodes.length].url, `${kind}-${i}`));
  if (kind === "chat") await Promise.all(clients.map((c) => rpc(c, "topic.subscribe", { name: "bench" })));
  const expected = CLIENTS * EVENTS;
  const began = performance.now();
  nodes[0].child.stdin.write(`${JSON.stringify({ burst: kind, count: EVENTS })}\n`);
  while (total(clients, event) < expected && performance.now() - began < RUN_TIMEOUT_MS)
    await new Promise((r) => setTimeout(r, 5));
  const seconds = (performance.now() - began) / 1000;
  const delivered = total(clients, event);
  for (const c of clients) c.socket.terminate();
  return { delivered, expected, perSecond: Math.round(delivered / seconds) };
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

async function tickLatency(nodes, receiverNode, label) {
  const receiver = await connect(nodes[receiverNode].url, `lat-${label}`);
  for (let i = 0; i < SAMPLES; i++) {
    nodes[0].child.stdin.write(`${JSON.stringify({ tick: [`lat-${label}`] })}\n`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const began = Date.now();
  while (receiver.latencies.length < SAMPLES && Date.now() - began < 5000)
    await new Promise((r) => setTimeout(r, 5));
  receiver.socket.terminate();
  const l = receiver.latencies;
  return { samples: l.length, p50: percentile(l, 50), p99: percentile(l, 99) };
}

async function main() {
  mkdirSync(path.join(root, "node_modules/.cache/gidl-bench-scale"), { recursive: true });
  await build({
    entryPoints: [path.join(root, "bench/scale/node.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outfile: path.join(root, "node_modules/.cache/gidl-bench-scale/node.mjs"),
    logLevel: "silent",
  });
  const rows = [];
  const setups = [
    { label: "1 node, memory adapter", nodes: 1, redis: false },
    { label: "1 node, Redis", nodes: 1, redis: true },
    { label: "3 nodes, Redis", nodes: 3, redis: true },
  ];
  const latency = [];
  for (const setup of setups) {
    let redisUrl = "memory";
    if (setup.redis) {
      const port = await freePort();
      await start(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        "Ready to accept",
      );
      redisUrl = `redis://127.0.0.1:${port}`;
    }
    const nodes = await cluster(setup.nodes, redisUrl);
    const all = await throughput(nodes, "news");
    const topic = await throughput(nodes, "chat");
    rows.push({ setup: setup.label, toAll: all, toTopic: topic });
    latency.push({
      setup: `${setup.label}, recipient on the emitting node`,
      ...(await tickLatency(nodes, 0, "local")),
    });
    if (setup.nodes > 1)
      latency.push({
        setup: `${setup.label}, recipient on another node`,
        ...(await tickLatency(nodes, 1, "remote")),
      });
    stopAll();
    await new Promise((r) => setTimeout(r, 200));
  }
  console.log(`\n${CLIENTS} clients spread over the nodes; node 0 emits ${EVENTS} events in one burst\n`);
  console.log("| setup | `to all` deliveries/s | `to topic` deliveries/s |");
  console.log("| --- | --- | --- |");
  const cell = (r) =>
    `${r.perSecond.toLocaleString("en")}${r.delivered < r.expected ? ` (only ${r.delivered}/${r.expected})` : ""}`;
  for (const r of rows) console.log(`| ${r.setup} | ${cell(r.toAll)} | ${cell(r.toTopic)} |`);
  console.log(`\n\`to players\` latency, emit → arrival (ms), ${SAMPLES} events 5 ms apart\n`);
  console.log("| setup | p50 | p99 |");
  console.log("| --- | --- | --- |");
  for (const l of latency) console.log(`| ${l.setup} | ${l.p50} | ${l.p99} |`);
}

const watchdog = setTimeout(() => {
  console.error("bench:scale took too long; stopping");
  stopAll();
  process.exit(1);
}, 240_000);
try {
  await main();
} finally {
  clearTimeout(watchdog);
  stopAll();
}
