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

it("session.list shows the sessions of every node; a join elsewhere answers SESSION_ELSEWHERE with the owner's URL, which the client follows by itself", async () => {
  const [one, two] = nodes;
  if (one === undefined || two === undefined) throw new Error("nodes did not start");
  const ann = client(one.url, "ann");
  const ben = client(two.url, "ben");
  await Promise.all([ann.connect(), ben.connect()]);
  const { id } = await ann.session.create({ settings: { mapName: "dust" } });
  const { sessions } = await ben.session.list();
  expect(sessions.map((s) => s.id)).toContain(id);
  // ben's client resumes on the owner and joins there: one call, one answer, nothing doubled.
  expect((await ben.session.join({ sessionId: id })).players.map((p) => p.id)).toEqual(["ann", "ben"]);
  expect(await ben.session.get()).toMatchObject({ id, host: "ann" });
  expect((await ann.session.get()).players.map((p) => p.id)).toEqual(["ann", "ben"]);
});
