import { afterEach, describe, expect, it } from "vitest";
import { startArena, startMatch, type ArenaKit } from "./arena-kit.js";

let t: ArenaKit | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe("a dropped connection", () => {
  it("resumes and replays, in order, the events emitted while the player was away", async () => {
    t = await startArena(["ana", "bo"]);
    const [ana, bo] = t.clients;
    if (ana === undefined || bo === undefined) throw new Error("two clients");
    const match = await startMatch(ana, bo);
    await t.flush(bo);

    await t.drop(bo);
    await expect(t.nextEvent(ana, "session.playerDisconnected")).resolves.toEqual({
      sessionId: match.id,
      playerId: "bo",
    });
    await ana.combat.attack({ targetId: "bo", weapon: "bow" });
    await ana.combat.attack({ targetId: "bo", weapon: "bow" });
    await ana.combat.whisperTo({ playerIds: ["bo"], text: "still there?" });

    // bo's own playerDisconnected, two hits and the whisper.
    await expect(t.resume(bo)).resolves.toEqual({ resumed: true, replayed: 4 });
    expect(t.events(bo, "combat.damaged").map((e) => e.newHealth)).toEqual([85, 70]);
    await expect(t.nextEvent(bo, "combat.whisper")).resolves.toEqual({ from: "ana", text: "still there?" });
    await expect(t.nextEvent(ana, "session.playerReconnected")).resolves.toEqual({
      sessionId: match.id,
      playerId: "bo",
    });
  });

  it("keeps the player in its match: calls work again after the resume", async () => {
    t = await startArena(["ana", "bo"]);
    const [ana, bo] = t.clients;
    if (ana === undefined || bo === undefined) throw new Error("two clients");
    await startMatch(ana, bo);
    await t.drop(bo);
    const attack = bo.combat.attack({ targetId: "ana", weapon: "bow" }); // queued while offline
    await t.resume(bo);
    await expect(attack).resolves.toMatchObject({ hit: true, damage: 15 });
  });
});
