import { afterEach, describe, expect, it } from "vitest";
import { startArena, type ArenaKit } from "./arena-kit.js";

let t: ArenaKit | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe("the shop", () => {
  it("sells an item for gold and returns the inventory", async () => {
    t = await startArena(["ana"]);
    const [ana] = t.clients;
    if (ana === undefined) throw new Error("a client");
    await expect(ana.combat.buyItem({ itemId: "potion" })).resolves.toEqual({ gold: 40, items: ["potion"] });
  });

  it("refuses what the player cannot afford with INSUFFICIENT_GOLD and the gold missing", async () => {
    t = await startArena(["ana"]);
    const [ana] = t.clients;
    if (ana === undefined) throw new Error("a client");
    await expect(ana.combat.buyItem({ itemId: "armor" })).rejects.toMatchObject({
      code: "INSUFFICIENT_GOLD",
      details: { needed: 30 },
      retry: false,
    });
  });

  it("refuses an item it does not sell with INVALID_ARGUMENT", async () => {
    t = await startArena(["ana"]);
    const [ana] = t.clients;
    if (ana === undefined) throw new Error("a client");
    await expect(ana.combat.buyItem({ itemId: "dragon" })).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
  });

  it("serves purchases made at once through its queue without spending gold twice", async () => {
    t = await startArena(["ana", "bo"]);
    const [ana, bo] = t.clients;
    if (ana === undefined || bo === undefined) throw new Error("two clients");
    // 6 potions for 50 gold: 5 are sold, 1 is refused; bo's purchases are its own.
    const results = await Promise.allSettled([
      ...Array.from({ length: 6 }, () => ana.combat.buyItem({ itemId: "potion" })),
      bo.combat.buyItem({ itemId: "potion" }),
    ]);
    const sold = results.slice(0, 6).filter((r) => r.status === "fulfilled");
    const refused = results.slice(0, 6).filter((r) => r.status === "rejected");
    expect(sold).toHaveLength(5);
    expect(refused.map((r) => (r.reason as { code: string }).code)).toEqual(["INSUFFICIENT_GOLD"]);
    expect(results[6]).toMatchObject({ status: "fulfilled", value: { gold: 40, items: ["potion"] } });
  });
});
