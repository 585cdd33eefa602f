/** Who may read and write a chat channel: "global" is open to all, "guild:<name>" to its members. */
import type { PlayerInfo } from "../generated/server.js";

export function mayUseChannel(player: PlayerInfo, channel: string): boolean {
  return channel === "global" || (channel.startsWith("guild:") && player.roles.includes(channel));
}
