import { afterEach, describe, expect, it } from "vitest";
import { startArena, startMatch, type ArenaKit } from "./arena-kit.js";

let t: ArenaKit | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe("guild chat", () => {
  it("lets players subscribe to their own guild's channel and to global only", async () => {
    t = await startArena(["ana", "cy"]);
    const [ana] = t.clients;
    if (ana === undefined) throw new Error("a client");
    await ana.topic.subscribe({ name: "guild:red" });
    await ana.topic.subscribe({ name: "global" });
    await expect(ana.topic.subscribe({ name: "guild:blue" })).rejects.toMatchObject({
      code: "PERMISSION_DENIED",
    });
  });

  it("delivers a guild message to the guild's subscribers and to no one else", async () => {
    t = await startArena(["ana", "bo", "cy"]);
    const [ana, bo, cy] = t.clients;
    if (ana === undefined || bo === undefined || cy === undefined) throw new Error("three clients");
    await bo.topic.subscribe({ name: "guild:red" });
    await cy.topic.subscribe({ name: "guild:blue" });

    await ana.combat.say({ channel: "guild:red", text: "push mid" });
    await expect(t.nextEvent(bo, "combat.chat")).resolves.toEqual({ from: "ana", text: "push mid" });
    await t.flush(cy);
    expect(t.events(cy, "combat.chat")).toEqual([]);
  });

  it("refuses to post on another guild's channel", async () => {
    t = await startArena(["ana"]);
    const [ana] = t.clients;
    if (ana === undefined) throw new Error("a client");
    await expect(ana.combat.say({ channel: "guild:blue", text: "hi" })).rejects.toMatchObject({
      code: "PERMISSION_DENIED",
    });
  });
});

describe("whispers and announcements", () => {
  it("whispers to the named players only", async () => {
    t = await startArena(["ana", "bo", "cy"]);
    const [ana, bo, cy] = t.clients;
    if (ana === undefined || bo === undefined || cy === undefined) throw new Error("three clients");
    await ana.combat.whisperTo({ playerIds: ["bo"], text: "nice shot" });
    await expect(t.nextEvent(bo, "combat.whisper")).resolves.toEqual({ from: "ana", text: "nice shot" });
    await t.flush(cy);
    expect(t.events(cy, "combat.whisper")).toEqual([]);
  });

  it("refuses a whisper to a player who never logged in with INVALID_TARGET", async () => {
    t = await startArena(["ana"]);
    const [ana] = t.clients;
    if (ana === undefined) throw new Error("a client");
    await expect(ana.combat.whisperTo({ playerIds: ["ghost"], text: "boo" })).rejects.toMatchObject({
      code: "INVALID_TARGET",
    });
  });

  it("announces a match's start to every player, in the match or not", async () => {
    t = await startArena(["ana", "bo", "cy"]);
    const [ana, bo, cy] = t.clients;
    if (ana === undefined || bo === undefined || cy === undefined) throw new Error("three clients");
    const started = await startMatch(ana, bo);
    const text = `Match ${started.id} started on dust with 2 players`;
    for (const player of [ana, bo, cy])
      await expect(t.nextEvent(player, "combat.announcement")).resolves.toEqual({ text });
  });
});
