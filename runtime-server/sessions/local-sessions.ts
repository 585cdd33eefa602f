/**
 * The game sessions this process serves, by id and by member: what the event router asks to
 * resolve `to session` and `to area`, filled by the session manager. Built before both, so
 * neither needs the other to exist first.
 */
import type { SessionRecipients } from "../events/event-router.js";
import type { GameSession } from "./game-session.js";

export class LocalSessions implements SessionRecipients {
  readonly byId = new Map<string, GameSession>();
  /**
   * The members of this process's sessions, by player id: the owner's memory is authoritative
   * when the directory lost a membership (docs/scaling.md "When Redis restarts").
   */
  readonly byMember = new Map<string, GameSession>();

  /** Sessions that have not ended (gidl_sessions_active). */
  get activeCount(): number {
    let count = 0;
    for (const session of this.byId.values()) if (session.status !== "ended") count++;
    return count;
  }

  members(sessionId: string): readonly string[] | undefined {
    return this.byId.get(sessionId)?.memberIds();
  }

  within(sessionId: string, origin: { x: number; y: number }, radius: number): readonly string[] | undefined {
    return this.byId.get(sessionId)?.grid.query(origin, radius);
  }
}
