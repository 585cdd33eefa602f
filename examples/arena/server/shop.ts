/** The shop: slow work (a payment service, say) that runs on the "shop" @queue. */
import { setTimeout as sleep } from "node:timers/promises";
import { GameError, type CombatHandlers } from "../generated/server.js";
import { SHOP, SHOP_WORK_MS } from "./rules.js";
import type { World } from "./world.js";

export function shopHandlers(world: World, workMs = SHOP_WORK_MS): Pick<CombatHandlers, "buyItem"> {
  return {
    async buyItem({ itemId }, ctx) {
      const price = Object.hasOwn(SHOP, itemId) ? SHOP[itemId] : undefined;
      if (price === undefined) throw new GameError("INVALID_ARGUMENT", `The shop sells no ${itemId}`);
      await sleep(workMs, undefined, { signal: ctx.signal });
      const wallet = world.wallets.of(ctx.player.id);
      if (wallet.gold < price) throw ctx.errors.INSUFFICIENT_GOLD({ needed: price - wallet.gold });
      wallet.gold -= price;
      wallet.items.push(itemId);
      return { gold: wallet.gold, items: [...wallet.items] };
    },
  };
}
