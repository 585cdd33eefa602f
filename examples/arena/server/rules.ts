/** The arena's numbers, in one place: weapons, health, the map, the shop. */
import type { Weapon } from "../generated/types.js";

export interface WeaponRules {
  readonly damage: number;
  /** How far the target may be, in map units. */
  readonly range: number;
  /** A hit stuns the target this long (it cannot attack). */
  readonly stunMs: number;
}

export const WEAPONS: Readonly<Record<Weapon, WeaponRules>> = {
  sword: { damage: 25, range: 40, stunMs: 0 },
  bow: { damage: 15, range: 200, stunMs: 0 },
  staff: { damage: 10, range: 120, stunMs: 1500 },
};

export const MAX_HEALTH = 100;
/** A hit is critical (double damage) with this probability. */
export const CRIT_CHANCE = 0.1;
/** Players move inside [-MAP_HALF, MAP_HALF]² (the schema allows ±1000; the map is smaller). */
export const MAP_HALF = 200;
/** Who sees a player's movement: the `positions` event goes to members within this radius. */
export const SIGHT_RADIUS = 150;
/** Where players (re)spawn: evenly on a circle around the centre. */
export const SPAWN_RADIUS = 30;

export const START_GOLD = 50;
export const KILL_REWARD = 25;
export const SHOP: Readonly<Record<string, number>> = { potion: 10, arrows: 15, shield: 40, armor: 80 };
/** The shop's (simulated) slow work per purchase: why buyItem sits behind a @queue. */
export const SHOP_WORK_MS = 25;
