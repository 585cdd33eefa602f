/** Scale-out (docs/scaling.md "Sessions"): each game session is owned by the node that created it. */
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

it("a member who resumed on another node: the owner still tells the members it dropped, came back, and timed out", async () => {
  // Nodes of their own, with a short resume window; "owner" owns the session, "other" is where ben resumes.
  const [owner, other] = await Promise.all(["p1", "p2"].map((id) => startNode(redis.url, id, 1500, 1500)));
  if (owner === undefined || other === undefined) throw new Error("nodes did not start");
  const balancer = await Balancer.start(owner.port);
  try {
    const ann = client(owner.url, "ann");
    const ben = client(balancer.url, "ben", { reconnect: { baseMs: 20, maxMs: 50 } });
    await Promise.all([ann.connect(), ben.connect()]);
    const { id } = await ann.session.create({ settings: { mapName: "dust" } });
    await ben.session.join({ sessionId: id });
    const presence: string[] = [];
    ann.on("session.playerDisconnected", ({ playerId }) => presence.push(`disconnected ${playerId}`));
    ann.on("session.playerReconnected", ({ playerId }) => presence.push(`reconnected ${playerId}`));
    const left = collect<{ playerId: string; reason: string }>((h) => ann.on("session.playerLeft", h), 1);

    // ben's network moves him to the other node, where he resumes.
    balancer.target = other.port;
    const back = collect((h) => ann.on("session.playerReconnected", h), 1);
    balancer.cut();
    await back;
    expect(presence).toEqual(["disconnected ben", "reconnected ben"]);
    // Past the owner's resume window for ben's old connection: he is still a member.
    await sleep(2000);
    expect((await ann.session.get()).players).toEqual([
      { id: "ann", connected: true },
      { id: "ben", connected: true },
    ]);

    // Now he drops on the other node and never comes back.
    balancer.target = 0;
    const gone = collect((h) => ann.on("session.playerDisconnected", h), 1);
    balancer.cut();
    await gone;
    expect(await left).toEqual([{ sessionId: id, playerId: "ben", reason: "timeout" }]);
    expect(presence).toEqual(["disconnected ben", "reconnected ben", "disconnected ben"]);
    expect((await ann.session.get()).players.map((p) => p.id)).toEqual(["ann"]);
  } finally {
    await balancer.close();
    await Promise.all([owner.kill("SIGTERM"), other.kill("SIGTERM")]);
  }
});
