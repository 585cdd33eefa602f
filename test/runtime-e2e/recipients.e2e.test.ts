/**
 * Every recipients kind (docs/protocol.md "Events, ordering and replay", "Game sessions", "Topics") and the
 * built-in session events, from the generated server's emit facades to the generated client's `on`.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Client } from "./fixtures/generated/client.js";
import { CODECS, startHarness, type Harness } from "./harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Records every event of `names` a client receives, as [event, data]. */
function record(client: Client, names: readonly string[]): [string, unknown][] {
  const seen: [string, unknown][] = [];
  for (const name of names) {
    client.on(name as "play.hit", (data) => seen.push([name, data]));
  }
  return seen;
}

/** A round trip on every client: events emitted before it have been delivered by its end. */
async function settle(...clients: Client[]): Promise<void> {
  await sleep(20);
  await Promise.all(clients.map((c) => c.play.status()));
}

describe.each(CODECS)("event recipients (%s)", (codec) => {
  it("to session: from a handler's ctx.emit to every member, and session.* events to members", async () => {
    h = await startHarness(codec);
    const [alice, bob, carol] = [await h.connect("alice"), await h.connect("bob"), await h.connect("carol")];
    const names = ["play.hit", "session.playerJoined", "session.statusChanged", "session.hostChanged"];
    const [a, b, c] = [record(alice, names), record(bob, names), record(carol, names)];
    const { id } = await alice.session.create({ settings: { mapName: "dust", minutes: 5 } });
    await bob.session.join({ sessionId: id });
    await alice.session.start();
    await alice.play.strike({ targetId: "bob", damage: 7 });
    await alice.session.leave();
    await settle(alice, bob, carol);
    expect(a).toEqual([
      ["session.playerJoined", { sessionId: id, playerId: "alice" }],
      ["session.playerJoined", { sessionId: id, playerId: "bob" }],
      ["session.statusChanged", { sessionId: id, status: "running", previous: "waiting" }],
      ["play.hit", { targetId: "bob", damage: 7 }],
    ]);
    expect(b).toEqual([
      ...a.slice(1),
      ["session.hostChanged", { sessionId: id, host: "bob", previous: "alice" }],
    ]);
    expect(c).toEqual([]);
  });

  it("to players: only the players named", async () => {
    h = await startHarness(codec);
    const [alice, bob] = [await h.connect("alice"), await h.connect("bob")];
    const [a, b] = [record(alice, ["play.tick"]), record(bob, ["play.tick"])];
    h.server.emit.play.tick(["bob", "nobody"], { n: 1, stamp: -5n });
    await settle(alice, bob);
    expect(a).toEqual([]);
    expect(b).toEqual([["play.tick", { n: 1, stamp: -5n }]]);
  });

  it("to area (@unreliable): the members of that session within the radius", async () => {
    h = await startHarness(codec);
    const [alice, bob, carol] = [await h.connect("alice"), await h.connect("bob"), await h.connect("carol")];
    const { id } = await alice.session.create({ settings: { mapName: "dust" } });
    await bob.session.join({ sessionId: id });
    await carol.session.join({ sessionId: id });
    await alice.play.moveTo({ pos: { x: 0, y: 0 } });
    await bob.play.moveTo({ pos: { x: 30, y: 40 } }); // at distance 50 exactly: inside
    await carol.play.moveTo({ pos: { x: 300, y: 0 } });
    const [a, b, c] = [alice, bob, carol].map((client) => {
      const seen: [unknown, number | undefined][] = [];
      client.on("play.positions", (data, meta) => seen.push([data, meta.seq]));
      return seen;
    });
    const data = { players: { alice: { x: 0, y: 0 }, bob: { x: 30, y: 40 } } };
    h.server.emit.play.positions(id, { x: 0, y: 0 }, 50, data);
    await settle(alice, bob, carol);
    expect(a).toEqual([[data, undefined]]);
    expect(b).toEqual([[data, undefined]]);
    expect(c).toEqual([]);
  });

  it("to topic: subscribers allowed by authorizeTopic, until they unsubscribe", async () => {
    h = await startHarness(codec);
    const [alice, bob] = [await h.connect("alice"), await h.connect("bob")];
    const [a, b] = [record(alice, ["play.chat"]), record(bob, ["play.chat"])];
    await expect(alice.topic.subscribe({ name: "global" })).resolves.toBeNull();
    h.server.emit.play.chat("global", { from: "gm", text: "hello" });
    await settle(alice, bob);
    await alice.topic.unsubscribe({ name: "global" });
    h.server.emit.play.chat("global", { from: "gm", text: "again" });
    await settle(alice, bob);
    expect(a).toEqual([["play.chat", { from: "gm", text: "hello" }]]);
    expect(b).toEqual([]);
  });

  it("to all: every authenticated player, never an anonymous connection; bytes converted", async () => {
    h = await startHarness(codec);
    const [alice, bob, anonymous] = [
      await h.connect("alice"),
      await h.connect("bob"),
      await h.connect(undefined),
    ];
    const seen = [alice, bob, anonymous].map((client) => record(client, ["play.news", "play.blip"]));
    h.server.emit.play.news({ text: "restart", blob: new Uint8Array([1, 2, 3]) });
    h.server.emit.play.blip({ n: 1 });
    await settle(alice, bob, anonymous);
    const expected = [
      ["play.news", { text: "restart", blob: new Uint8Array([1, 2, 3]) }],
      ["play.blip", { n: 1 }],
    ];
    expect(seen).toEqual([expected, expected, []]);
  });
});
