/** Gold and items per player, across matches (a real game keeps this in a database). */
import type { Inventory } from "../generated/types.js";
import { START_GOLD } from "./rules.js";

export class Wallets {
  private readonly byPlayer = new Map<string, Inventory>();

  /** The player's inventory; a player seen for the first time starts with START_GOLD. */
  of(playerId: string): Inventory {
    let inventory = this.byPlayer.get(playerId);
    if (inventory === undefined) {
      inventory = { gold: START_GOLD, items: [] };
      this.byPlayer.set(playerId, inventory);
    }
    return inventory;
  }

  /** Whether the player ever logged in here. */
  knows(playerId: string): boolean {
    return this.byPlayer.has(playerId);
  }
}
