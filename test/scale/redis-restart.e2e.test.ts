/**
 * Redis restarted under running nodes (docs/scaling.md "When Redis restarts"): the nodes reconnect,
 * every client is told its player session was lost (never silently), and game sessions are rebuilt.
 */
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { WebSocket } from "ws";
import { definition } from "../runtime-e2e/fixtures/generated/definition.js";
import { expectBuilt } from "../runtime-e2e/harness.js";
import { client, closeClients, RedisProcess, sleep, startNode, type NodeProcess } from "./cluster.js";

let redis: RedisProcess;
let nodes: NodeProcess[] = [];

beforeAll(async () => {
  expectBuilt();
  redis = await RedisProcess.start();
  nodes = await Promise.all(["r1", "r2"].map((id) => startNode(redis.url, id)));
});

afterEach(closeClients);

afterAll(async () => {
  await Promise.all(nodes.map((node) => node.kill("SIGKILL")));
  await redis.stop();
});

const node = (i: number): NodeProcess => {
  const found = nodes[i];
  if (found === undefined) throw new Error(`no node ${String(i)}`);
  return found;
};

interface Welcome {
  readonly type: string;
  readonly resumed?: boolean;
  readonly reason?: string;
  readonly resume?: { readonly token: string };
}

/** One raw connection: hello, then the first message (welcome or error) and a promise of the close. */
function rawHello(url: string, hello: object): Promise<{ first: Welcome; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, ["gidl.v1.json"]);
    const closed = new Promise<number>((done) => socket.once("close", done));
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error("no answer to hello"));
    }, 5000);
    socket.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once("open", () => {
      socket.send(JSON.stringify({ type: "hello", protocol: 1, schema: definition.hash, ...hello }));
    });
    socket.once("message", (data: Buffer) => {
      clearTimeout(timer);
      resolve({ first: JSON.parse(data.toString()) as Welcome, closed });
    });
  });
}

it("after a Redis restart, resumes are answered resumed: false with reason state-lost, clients resynchronize, and sessions are rebuilt", async () => {
  const ann = client(node(0).url, "ann");
  const ben = client(node(1).url, "ben");
  await Promise.all([ann.connect(), ben.connect()]);
  const { id } = await ann.session.create({ settings: { mapName: "dust" } });
  await ben.session.join({ sessionId: id });
  let resyncs = 0;
  for (const c of [ann, ben]) c.onResync(() => resyncs++);
  const raw = await rawHello(node(1).url, { token: "cat" });
  const token = raw.first.resume?.token;
  expect(token).toBeTypeOf("string");

  const port = redis.port;
  await redis.stop();
  redis = await RedisProcess.start(port);

  // The node ends the player sessions it held: the raw connection is closed with 1001 (going away).
  expect(await raw.closed).toBe(1001);
  let answer: Welcome | undefined;
  for (let attempt = 0; attempt < 50 && answer?.type !== "welcome"; attempt++) {
    if (attempt > 0) await sleep(100);
    answer = await rawHello(node(1).url, { token: "cat", resume: { token, lastEventSeq: 0 } })
      .then(({ first }) => first)
      .catch(() => undefined);
  }
  expect(answer).toMatchObject({ type: "welcome", resumed: false, reason: "state-lost" });

  // The generated clients were told to resynchronize, and their game session was written back.
  for (let waited = 0; resyncs < 2 && waited < 10_000; waited += 100) await sleep(100);
  expect(resyncs).toBe(2);
  expect((await ann.session.get()).players.map((p) => p.id)).toEqual(["ann", "ben"]);
  expect((await ben.session.get()).id).toBe(id);
  const dan = client(node(1).url, "dan");
  await dan.connect();
  const { sessions } = await dan.session.list();
  expect(sessions.map((s) => s.id)).toContain(id);
});
