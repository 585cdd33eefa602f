/**
 * The match lifecycle on top of the runtime's sessions: fighters enter on join and leave on leave,
 * a banned player cannot come back, and starts and ends are announced to everyone.
 */
import { GameError, type SessionHooks } from "../generated/server.js";
import type { MatchSettings } from "../generated/types.js";
import { Match } from "./match.js";
import type { World } from "./world.js";

export function sessionHooks(world: World): SessionHooks {
  return {
    onCreate(_player, session) {
      world.matches.set(session.id, Match.of(session));
    },
    onJoin(player, session) {
      const match = Match.of(session);
      if (match.banned.has(player.id))
        throw new GameError("PERMISSION_DENIED", "You were kicked from this match");
      match.enter(player.id);
    },
    onLeave(player, session) {
      Match.of(session).leave(player.id);
    },
    onStart(_player, session) {
      const settings = session.settings as MatchSettings;
      world.server().emit.combat.announcement({
        text: `Match ${session.id} started on ${settings.mapName} with ${session.players.length} players`,
      });
    },
    onEnd(_player, session) {
      const match = Match.of(session);
      world.matches.delete(session.id);
      const leader = match.leader();
      world.server().emit.combat.announcement({
        text:
          leader === undefined
            ? `Match ${session.id} ended without a kill`
            : `Match ${session.id} ended: ${leader.id} won with ${leader.kills} kills`,
      });
    },
  };
}
