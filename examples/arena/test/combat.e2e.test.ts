import { afterEach, describe, expect, it } from "vitest";
import { isGameError } from "../generated/client.js";
import { startArena, startMatch, type ArenaKit } from "./arena-kit.js";

let t: ArenaKit | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe("combat", () => {
  it("damages the target and tells every member of the match", async () => {
    t = await startArena(["ana", "bo", "cy"]);
    const [ana, bo, cy] = t.clients;
    if (ana === undefined || bo === undefined || cy === undefined) throw new Error("three clients");
    await startMatch(ana, bo, cy);

    await expect(ana.combat.attack({ targetId: "bo", weapon: "sword" })).resolves.toEqual({
      hit: true,
      damage: 25,
      newHealth: 75,
    });
    const expected = { playerId: "bo", damage: 25, newHealth: 75 };
    for (const member of [ana, bo, cy])
      await expect(t.nextEvent(member, "combat.damaged")).resolves.toEqual(expected);
  });

  it("stuns the target of a staff: its attacks fail with the retryable STUNNED until the stun wears off", async () => {
    let now = 1_000_000;
    t = await startArena(["ana", "bo"], { now: () => now });
    const [ana, bo] = t.clients;
    if (ana === undefined || bo === undefined) throw new Error("two clients");
    await startMatch(ana, bo);
    await ana.combat.attack({ targetId: "bo", weapon: "staff" });
    now += 400;

    const error: unknown = await bo.combat
      .attack({ targetId: "ana", weapon: "sword" })
      .catch((e: unknown) => e);
    expect(isGameError(error, "STUNNED")).toBe(true);
    if (!isGameError(error, "STUNNED")) return;
    expect(error.retry).toBe(true);
    expect(error.details.stunRemainingMs).toBe(1100);

    now += 1100;
    await expect(bo.combat.attack({ targetId: "ana", weapon: "sword" })).resolves.toMatchObject({
      hit: true,
    });
  });

  it("kills at zero health: the victim respawns at full health and the killer earns gold", async () => {
    t = await startArena(["ana", "bo"]);
    const [ana, bo] = t.clients;
    if (ana === undefined || bo === undefined) throw new Error("two clients");
    await startMatch(ana, bo);
    const healths: number[] = [];
    for (let i = 0; i < 4; i++)
      healths.push((await ana.combat.attack({ targetId: "bo", weapon: "sword" })).newHealth);
    expect(healths).toEqual([75, 50, 25, 0]);
    await expect(t.nextEvent(bo, "combat.damaged", (e) => e.newHealth === 0)).resolves.toMatchObject({
      playerId: "bo",
    });

    // The respawn point is out of sword range; a bow reaches it, and the health is full again.
    await expect(ana.combat.attack({ targetId: "bo", weapon: "bow" })).resolves.toMatchObject({
      newHealth: 85,
    });
    // 50 starting gold + 25 for the kill pays for a shield (40).
    await expect(ana.combat.buyItem({ itemId: "shield" })).resolves.toEqual({ gold: 35, items: ["shield"] });
  });

  it("misses a target out of the weapon's range", async () => {
    t = await startArena(["ana", "bo"]);
    const [ana, bo] = t.clients;
    if (ana === undefined || bo === undefined) throw new Error("two clients");
    await startMatch(ana, bo);
    ana.combat.move({ pos: { x: -150, y: 0 } });
    await t.flush(ana);
    await expect(ana.combat.attack({ targetId: "bo", weapon: "sword" })).resolves.toEqual({
      hit: false,
      damage: 0,
      newHealth: 100,
    });
  });

  it("refuses to attack yourself or a player outside the match with INVALID_TARGET", async () => {
    t = await startArena(["ana", "bo", "cy"]);
    const [ana, bo] = t.clients;
    if (ana === undefined || bo === undefined) throw new Error("clients");
    await startMatch(ana, bo);
    for (const targetId of ["ana", "cy"]) {
      await expect(ana.combat.attack({ targetId, weapon: "bow" })).rejects.toMatchObject({
        code: "INVALID_TARGET",
        retry: false,
      });
    }
  });
});

describe("movement", () => {
  it("sends positions only to the members within sight of the mover", async () => {
    t = await startArena(["ana", "bo", "cy"]);
    const [ana, bo, cy] = t.clients;
    if (ana === undefined || bo === undefined || cy === undefined) throw new Error("three clients");
    await startMatch(ana, bo, cy);
    bo.combat.move({ pos: { x: 100, y: 0 } });
    cy.combat.move({ pos: { x: -190, y: 0 } });
    await t.flush(bo, cy, ana, bo, cy);
    const before = t.events(cy, "combat.positions").length;

    ana.combat.move({ pos: { x: 0, y: 0 } });
    await t.flush(ana, bo, cy);

    // bo, 100 away, sees ana and itself; cy, 190 away (sight is 150), hears nothing.
    const fromAna = (e: { players: Record<string, { x: number }> }) => e.players.ana?.x === 0;
    await expect(t.nextEvent(bo, "combat.positions", fromAna)).resolves.toEqual({
      players: { ana: { x: 0, y: 0 }, bo: { x: 100, y: 0 } },
    });
    expect(t.events(cy, "combat.positions")).toHaveLength(before);
  });
});
