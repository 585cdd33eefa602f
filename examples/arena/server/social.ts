/** Talking: chat on channels (topics) and whispers to players, with the server's info. */
import { GameError, type CombatHandlers } from "../generated/server.js";
import { mayUseChannel } from "./channels.js";
import type { World } from "./world.js";

type Social = Pick<CombatHandlers, "say" | "whisperTo" | "serverInfo">;

export function socialHandlers(world: World): Social {
  return {
    say({ channel, text }, ctx) {
      // The same rule as subscribing: no writing into another guild's channel.
      if (!mayUseChannel(ctx.player, channel))
        throw new GameError("PERMISSION_DENIED", `You may not talk on ${channel}`);
      ctx.emit.combat.chat(channel, { from: ctx.player.id, text });
    },

    whisperTo({ playerIds, text }, ctx) {
      const unknown = playerIds.filter((id) => !world.wallets.knows(id));
      if (unknown.length > 0) throw ctx.errors.INVALID_TARGET(`No such player: ${unknown.join(", ")}`);
      ctx.emit.combat.whisper(playerIds, { from: ctx.player.id, text });
    },

    serverInfo() {
      let playersOnline = 0;
      for (const match of world.matches.values()) playersOnline += match.connectedCount();
      return { name: "gidl arena", playersOnline };
    },
  };
}
