/** The authenticated player sessions this process holds, by player and by id (for event delivery). */
import type { PlayerSession } from "./player-session.js";

export class LocalPlayers {
  private readonly byPlayer = new Map<string, PlayerSession>();
  private readonly byId = new Map<string, PlayerSession>();

  get size(): number {
    return this.byId.size;
  }

  add(session: PlayerSession): void {
    this.byPlayer.set(session.player.id, session);
    this.byId.set(session.id, session);
  }

  remove(session: PlayerSession): void {
    if (this.byPlayer.get(session.player.id) === session) this.byPlayer.delete(session.player.id);
    this.byId.delete(session.id);
  }

  ofPlayer(playerId: string): PlayerSession | undefined {
    return this.byPlayer.get(playerId);
  }

  byPlayerSessionId(id: string): PlayerSession | undefined {
    return this.byId.get(id);
  }

  all(): IterableIterator<PlayerSession> {
    return this.byId.values();
  }
}
