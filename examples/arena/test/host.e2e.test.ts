import { afterEach, describe, expect, it } from "vitest";
import { startArena, startMatch, type ArenaKit } from "./arena-kit.js";

let t: ArenaKit | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe("kicks by the host", () => {
  it("refuses a kick from a player who is not the host", async () => {
    t = await startArena(["ana", "bo", "cy"]);
    const [ana, bo, cy] = t.clients;
    if (ana === undefined || bo === undefined || cy === undefined) throw new Error("three clients");
    await startMatch(ana, bo, cy);
    await expect(bo.combat.kickPlayer({ player: "cy" })).rejects.toMatchObject({ code: "PERMISSION_DENIED" });
    await expect(bo.session.kick({ playerId: "cy" })).rejects.toMatchObject({ code: "PERMISSION_DENIED" });
  });

  it("bans the kicked player from the match, removes it, and keeps it from rejoining", async () => {
    t = await startArena(["ana", "bo", "cy"]);
    const [ana, bo, cy] = t.clients;
    if (ana === undefined || bo === undefined || cy === undefined) throw new Error("three clients");
    const match = await startMatch(ana, bo, cy);

    await ana.combat.kickPlayer({ player: "cy" });
    await expect(t.nextEvent(cy, "combat.whisper")).resolves.toEqual({
      from: "ana",
      text: "You were kicked from this match",
    });
    await expect(cy.combat.attack({ targetId: "bo", weapon: "bow" })).rejects.toMatchObject({
      code: "PERMISSION_DENIED",
    });
    await expect(bo.combat.attack({ targetId: "cy", weapon: "bow" })).rejects.toMatchObject({
      code: "INVALID_TARGET",
    });

    await ana.session.kick({ playerId: "cy" });
    await expect(t.nextEvent(bo, "session.playerLeft")).resolves.toEqual({
      sessionId: match.id,
      playerId: "cy",
      reason: "kicked",
    });
    await expect(cy.session.join({ sessionId: match.id })).rejects.toMatchObject({
      code: "PERMISSION_DENIED",
    });
  });
});
