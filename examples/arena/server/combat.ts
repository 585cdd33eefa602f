/** Fighting: attack (damage, stun, kills), movement (feeding area-of-interest events) and bans. */
import { GameError, type CombatHandlers, type Context } from "../generated/server.js";
import { Match, distance, type Fighter } from "./match.js";
import { CRIT_CHANCE, KILL_REWARD, SIGHT_RADIUS, WEAPONS } from "./rules.js";
import type { World } from "./world.js";

type Fighting = Pick<CombatHandlers, "attack" | "move" | "kickPlayer">;

export function fightingHandlers(world: World): Fighting {
  return {
    attack({ targetId, weapon }, ctx) {
      const match = matchOf(ctx);
      const attacker = actor(match, ctx);
      const remaining = attacker.stunnedUntil - world.now();
      if (remaining > 0)
        throw ctx.errors.STUNNED({ stunRemainingMs: Math.ceil(remaining) }, "You are stunned");
      const target = match.active(targetId);
      if (target === undefined || target === attacker)
        throw ctx.errors.INVALID_TARGET("Not an opponent in your match");
      const rules = WEAPONS[weapon];
      if (distance(attacker.pos, target.pos) > rules.range) {
        return { hit: false, damage: 0, newHealth: target.health };
      }
      const crit = world.random() < CRIT_CHANCE;
      const damage = crit ? rules.damage * 2 : rules.damage;
      const newHealth = Math.max(0, target.health - damage);
      target.health = newHealth;
      if (rules.stunMs > 0) target.stunnedUntil = world.now() + rules.stunMs;
      // newHealth 0 is the kill: every member sees it; the victim respawns at full health.
      ctx.emit.combat.damaged({ playerId: target.id, damage, newHealth });
      if (newHealth === 0) kill(world, match, attacker, target);
      return { hit: true, damage, newHealth, ...(crit ? { crit } : {}) };
    },

    move({ pos }, ctx) {
      const match = matchOf(ctx);
      const fighter = match.active(ctx.player.id);
      if (fighter === undefined) return; // a send has no answer: a banned player's input is ignored
      match.moveTo(fighter, pos);
      // Only members near the mover hear of it (docs/server.md "Emitting events": `to area`).
      ctx.emit.combat.positions(fighter.pos, SIGHT_RADIUS, {
        players: match.around(fighter.pos, SIGHT_RADIUS),
      });
    },

    kickPlayer({ player }, ctx) {
      const match = matchOf(ctx);
      if (player === ctx.player.id || !match.fighters.has(player))
        throw new GameError("INVALID_ARGUMENT", "Only another member of your match can be kicked");
      match.banned.add(player);
      ctx.emit.combat.whisper([player], { from: ctx.player.id, text: "You were kicked from this match" });
    },
  };
}

function kill(world: World, match: Match, killer: Fighter, victim: Fighter): void {
  killer.kills++;
  victim.deaths++;
  world.wallets.of(killer.id).gold += KILL_REWARD;
  match.respawn(victim);
}

/** The caller's match: @session and @host methods run only inside a session. */
export function matchOf(ctx: Context): Match {
  if (ctx.session === undefined) throw new GameError("PERMISSION_DENIED", "Not in a match");
  return Match.of(ctx.session);
}

function actor(match: Match, ctx: Context): Fighter {
  const fighter = match.active(ctx.player.id);
  if (fighter === undefined) throw new GameError("PERMISSION_DENIED", "You were kicked from this match");
  return fighter;
}
