/**
 * Failures of the scale-out (docs/scaling.md "When a node dies", "When Redis restarts"): a node
 * killed with SIGKILL, and Redis restarted under running nodes. Clients connect through a balancer.
 */
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { expectBuilt } from "../runtime-e2e/harness.js";
import { Balancer } from "./balancer.js";
import {
  client,
  closeClients,
  collect,
  RedisProcess,
  sleep,
  startNode,
  type NodeProcess,
} from "./cluster.js";

let redis: RedisProcess;
let nodes: NodeProcess[] = [];
let balancer: Balancer;

beforeAll(async () => {
  expectBuilt();
  redis = await RedisProcess.start();
  nodes = await Promise.all(["f1", "f2"].map((id) => startNode(redis.url, id)));
  balancer = await Balancer.start(0);
});

afterEach(closeClients);

afterAll(async () => {
  await balancer.close();
  await Promise.all(nodes.map((node) => node.kill("SIGKILL")));
  await redis.stop();
});

const node = (i: number): NodeProcess => {
  const found = nodes[i];
  if (found === undefined) throw new Error(`no node ${String(i)}`);
  return found;
};

async function keysOf(pattern: string): Promise<string[]> {
  const r = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await r.connect();
    return (await r.keys(pattern)).sort();
  } finally {
    r.disconnect();
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

it("a node killed with SIGKILL: its session's members, wherever they were, are told server-lost, can play on, and its records go", async () => {
  // ann reaches f1 through the balancer and creates the session there; ben reaches f2 and is redirected to f1.
  balancer.target = node(0).port;
  const ann = client(balancer.url, "ann");
  await ann.connect();
  const { id } = await ann.session.create({ settings: { mapName: "dust" } });
  balancer.target = node(1).port;
  const ben = client(balancer.url, "ben");
  await ben.connect();
  expect((await ben.session.join({ sessionId: id })).players.map((p) => p.id)).toEqual(["ann", "ben"]);

  const ended = [ann, ben].map((c) =>
    collect<{ sessionId: string; status: string; reason?: string }>(
      (h) => c.on("session.statusChanged", h),
      1,
      15_000,
    ),
  );
  await node(0).kill("SIGKILL");
  // Both come back through the balancer (ben after one failed attempt at the dead node's own URL).
  for (const got of await Promise.all(ended))
    expect(got).toEqual([expect.objectContaining({ sessionId: id, status: "ended", reason: "server-lost" })]);

  const next = await ann.session.create({ settings: { mapName: "nuke" } });
  expect((await ben.session.join({ sessionId: next.id })).players.map((p) => p.id)).toEqual(["ann", "ben"]);
  await until("the dead node's records to go", async () => {
    const left = [
      ...(await keysOf("gidl:node:f1")),
      ...(await keysOf(`gidl:session:${id}`)),
      ...(await keysOf(`gidl:session-members:${id}`)),
    ];
    return left.length === 0 ? true : undefined;
  });
  expect(await keysOf("gidl:node:*")).toEqual(["gidl:node:f2"]);
});
