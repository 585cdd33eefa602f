/**
 * Scale-out (docs/scaling.md "Players"): three gidl server processes sharing one Redis, with
 * clients spread across them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectBuilt } from "../runtime-e2e/harness.js";
import { Balancer } from "./balancer.js";
import { client, closeClients, collect, RedisProcess, startNode, type NodeProcess } from "./cluster.js";

let redis: RedisProcess;
let nodes: NodeProcess[] = [];

beforeAll(async () => {
  expectBuilt();
  redis = await RedisProcess.start();
  nodes = await Promise.all(["n1", "n2", "n3"].map((id) => startNode(redis.url, id)));
});

afterEach(closeClients);

afterAll(async () => {
  await Promise.all(nodes.map((node) => node.kill("SIGTERM")));
  await redis.stop();
});

const node = (i: number): NodeProcess => {
  const found = nodes[i];
  if (found === undefined) throw new Error(`no node ${String(i)}`);
  return found;
};

/** Connections a node counted as offering binary first and getting another codec. */
async function binaryFallbacks(at: NodeProcess): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${String(at.port)}/metrics`)).text();
  expect(text).toContain("# TYPE gidl_codec_fallbacks_total counter");
  return text
    .split("\n")
    .filter((line) => line.startsWith("gidl_codec_fallbacks_total{"))
    .reduce((sum, line) => sum + Number(line.split(" ").at(-1)), 0);
}

describe("players across server processes", () => {
  it("`to all` and `to players` events reach players on every node, in emit order", async () => {
    const players = await Promise.all(
      ["ann", "ben", "cat"].map(async (name, i) => {
        const c = client(node(i).url, name);
        await c.connect();
        return c;
      }),
    );
    const news = players.map((p) => collect<{ text: string }>((h) => p.on("play.news", h), 3));
    const ticks = players.slice(1).map((p) => collect<{ n: number }>((h) => p.on("play.tick", h), 2));
    for (const text of ["one", "two", "three"]) node(0).command({ emit: "news", text });
    node(2).command({ emit: "tick", playerIds: ["ben", "cat"], n: 1 });
    node(2).command({ emit: "tick", playerIds: ["ben", "cat"], n: 2 });
    for (const got of await Promise.all(news))
      expect(got.map((e) => e.text)).toEqual(["one", "two", "three"]);
    for (const got of await Promise.all(ticks)) expect(got.map((e) => e.n)).toEqual([1, 2]);
  });

  it("`to topic` events reach subscribers on every node; authorization runs where they subscribe", async () => {
    const ann = client(node(0).url, "ann");
    const ben = client(node(1).url, "ben");
    await Promise.all([ann.connect(), ben.connect()]);
    await ann.topic.subscribe({ name: "global" });
    await ben.topic.subscribe({ name: "global" });
    await expect(ben.topic.subscribe({ name: "guild:ann" })).rejects.toMatchObject({
      code: "PERMISSION_DENIED",
    });
    const got = [ann, ben].map((p) => collect<{ text: string }>((h) => p.on("play.chat", h), 1));
    node(2).command({ emit: "chat", topic: "global", text: "hello" });
    for (const events of await Promise.all(got)) expect(events.map((e) => e.text)).toEqual(["hello"]);
  });

  it("a second login on another node takes over: the first connection is closed with 4004", async () => {
    const first = client(node(0).url, "dan");
    await first.connect();
    const closed = new Promise<void>((resolve) =>
      first.onState((state) => {
        if (state === "closed") resolve();
      }),
    );
    const second = client(node(1).url, "dan");
    await second.connect();
    await closed;
    const news = collect<{ text: string }>((h) => second.on("play.news", h), 1);
    node(2).command({ emit: "news", text: "after takeover" });
    expect((await news).map((e) => e.text)).toEqual(["after takeover"]);
    // The player's calls run on its new node (its id window starts over with the fresh session).
    expect(await second.play.count({ key: "dan" })).toMatchObject({ n: 1 });
  });

  it("a resume on another node replays the events missed meanwhile, in order, once", async () => {
    const balancer = await Balancer.start(node(0).port);
    try {
      const eve = client(balancer.url, "eve", { reconnect: { baseMs: 50, maxMs: 50 } });
      let resyncs = 0;
      eve.onResync(() => resyncs++);
      await eve.connect();
      const seen: string[] = [];
      eve.on("play.news", (data) => seen.push(data.text));
      const first = collect<{ text: string }>((h) => eve.on("play.news", h), 1);
      node(2).command({ emit: "news", text: "e1" });
      await first;
      balancer.target = 0;
      balancer.cut();
      const missed = collect<{ text: string }>((h) => eve.on("play.news", h), 3);
      for (const text of ["e2", "e3", "e4"]) node(2).command({ emit: "news", text });
      await new Promise((resolve) => setTimeout(resolve, 300));
      balancer.target = node(1).port;
      await missed;
      const live = collect<{ text: string }>((h) => eve.on("play.news", h), 1);
      node(1).command({ emit: "news", text: "e5" });
      await live;
      expect(seen).toEqual(["e1", "e2", "e3", "e4", "e5"]);
      expect(resyncs).toBe(0);
      expect(eve.state).toBe("open");
    } finally {
      await balancer.close();
    }
  });

  it("on binary: `to players` events from another node reach the client, and a resume on a third replays what it missed", async () => {
    const balancer = await Balancer.start(node(0).port);
    try {
      const fay = client(balancer.url, "fay", { codec: "binary", reconnect: { baseMs: 50, maxMs: 50 } });
      let resyncs = 0;
      fay.onResync(() => resyncs++);
      await fay.connect();
      const seen: number[] = [];
      fay.on("play.tick", (data) => seen.push(data.n));
      const first = collect<{ n: number }>((h) => fay.on("play.tick", h), 1);
      node(2).command({ emit: "tick", playerIds: ["fay"], n: 1 });
      await first;
      balancer.target = 0;
      balancer.cut();
      const missed = collect<{ n: number }>((h) => fay.on("play.tick", h), 3);
      for (const n of [2, 3, 4]) node(2).command({ emit: "tick", playerIds: ["fay"], n });
      await new Promise((resolve) => setTimeout(resolve, 300));
      balancer.target = node(1).port;
      await missed;
      expect(seen).toEqual([1, 2, 3, 4]);
      expect(resyncs).toBe(0);
      expect(fay.state).toBe("open");
      // Both nodes spoke binary with it: another codec would have been counted as a fallback.
      expect(await binaryFallbacks(node(0))).toBe(0);
      expect(await binaryFallbacks(node(1))).toBe(0);
    } finally {
      await balancer.close();
    }
  });
});
