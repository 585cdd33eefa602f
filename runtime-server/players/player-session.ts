/**
 * A player session as this process holds it (docs/protocol.md "Player sessions and resume"): the current
 * connection, the resume window's timer, and delivery of events in seq order. Its shared records
 * (id window, replay buffer, resume secrets, topics) live in the adapter under its id.
 */
import type { Connection } from "../transport/connection.js";
import type { OutboundEvent } from "../events/outbound-event.js";
import type { PlayerInfo } from "../types.js";

/** A connection with a player session attached (null before its welcome). */
export type PlayerConnection = Connection<PlayerSession>;

export class PlayerSession {
  connection: PlayerConnection | null = null;
  /** While a resume replays the buffer, live events wait here so they follow the replay. */
  pending: { seq: number; event: OutboundEvent }[] | null = null;
  /**
   * While this process takes the player session over from another (a resume there), events that
   * reach it wait here unbuffered: the other process may still be buffering earlier ones.
   */
  holding: OutboundEvent[] | null = null;
  expiryTimer: NodeJS.Timeout | undefined;
  ended = false;
  /** Calls of this player session whose handler is running or queued (graceful shutdown answers them). */
  readonly calls = new Set<{ readonly id: number; abort(): void }>();

  constructor(
    readonly id: string,
    readonly player: PlayerInfo,
    readonly anonymous: boolean,
  ) {}

  /** A method, not a field read: callers check it again after awaits. */
  hasEnded(): boolean {
    return this.ended;
  }

  /** Sends a reliable event now, or holds it while a replay is running. */
  deliver(seq: number, event: OutboundEvent): void {
    if (this.pending !== null) {
      this.pending.push({ seq, event });
      return;
    }
    this.connection?.sendEvent(event, seq);
  }

  deliverUnreliable(event: OutboundEvent): boolean {
    if (this.pending !== null || this.connection === null) return false;
    return this.connection.sendEvent(event, undefined);
  }
}
