/** Scale-out (docs/scaling.md "Sessions"): each game session is owned by the node that created it. */
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { expectBuilt } from "../runtime-e2e/harness.js";
import { client, closeClients, RedisProcess, startNode, type NodeProcess } from "./cluster.js";

let redis: RedisProcess;
let nodes: NodeProcess[] = [];

beforeAll(async () => {
  expectBuilt();
  redis = await RedisProcess.start();
  nodes = await Promise.all(["s1", "s2"].map((id) => startNode(redis.url, id)));
});

afterEach(closeClients);

afterAll(async () => {
  await Promise.all(nodes.map((node) => node.kill("SIGTERM")));
  await redis.stop();
});

it("session.list shows the sessions of every node; a join elsewhere answers SESSION_ELSEWHERE with the owner's URL", async () => {
  const [one, two] = nodes;
  if (one === undefined || two === undefined) throw new Error("nodes did not start");
  const ann = client(one.url, "ann");
  const ben = client(two.url, "ben");
  await Promise.all([ann.connect(), ben.connect()]);
  const { id } = await ann.session.create({ settings: { mapName: "dust" } });
  const { sessions } = await ben.session.list();
  expect(sessions.map((s) => s.id)).toContain(id);
  await expect(ben.session.join({ sessionId: id })).rejects.toMatchObject({
    code: "SESSION_ELSEWHERE",
    retry: true,
    details: { url: one.url },
  });
  const benThere = client(one.url, "ben");
  await benThere.connect();
  expect((await benThere.session.join({ sessionId: id })).players.map((p) => p.id)).toEqual(["ann", "ben"]);
});
