/**
 * A player session moving between server processes (docs/scaling.md "Players"). The new process
 * publishes `moved` and starts holding events from the moment its own `moved` comes back through
 * the fan-out; the old process stops delivering at that same point of the stream, closes its
 * connection with 4004 and answers `released` once every event before `moved` is in the replay
 * buffer. Only then does the new process read the buffer and append what it held, so each event is
 * buffered once and the replay is in order. A fresh player session elsewhere sends `takeover`.
 */
import type { LocalPlayers } from "./local-players.js";
import { PlayerMove } from "./player-move.js";
import type { PlayerSession } from "./player-session.js";

export interface PlayerMovesOptions {
  readonly nodeId: string;
  readonly players: LocalPlayers;
  publish(move: PlayerMove): Promise<void>;
  /** Closes the session's connection with 4004 (not a disconnect). */
  takeOver(session: PlayerSession): void;
  /** Ends a player session and its shared records. */
  end(session: PlayerSession): Promise<void>;
}

interface Claim {
  readonly session: PlayerSession;
  activated: () => void;
  released: () => void;
}

/** How long a process waits for the old one's `released` (it may be dead). */
const RELEASE_TIMEOUT_MS = 2000;

export class PlayerMoves {
  private readonly claims = new Map<string, Claim>();

  constructor(private readonly o: PlayerMovesOptions) {}

  /**
   * Makes `session` (new in this process, `holding` events) the one that receives the player
   * session's events; resolves once the previous process released it or is presumed dead.
   */
  async claim(session: PlayerSession, previousNodeAlive: boolean): Promise<void> {
    let activated!: () => void;
    let released!: () => void;
    const active = new Promise<void>((resolve) => (activated = resolve));
    const free = new Promise<void>((resolve) => (released = resolve));
    this.claims.set(session.id, { session, activated, released });
    let timer: NodeJS.Timeout | undefined;
    try {
      await this.o.publish(new PlayerMove("moved", session.id, this.o.nodeId));
      await active;
      if (previousNodeAlive) {
        await Promise.race([
          free,
          new Promise<void>((resolve) => (timer = setTimeout(resolve, RELEASE_TIMEOUT_MS))),
        ]);
      }
    } finally {
      clearTimeout(timer);
      this.claims.delete(session.id);
    }
  }

  /** A fresh player session here replaces `playerSessionId`, held by another process. */
  async tookOver(playerSessionId: string): Promise<void> {
    await this.o.publish(new PlayerMove("takeover", playerSessionId, this.o.nodeId));
  }

  /** Runs in order with event deliveries (event-router.ts). */
  async handle(move: PlayerMove): Promise<void> {
    const { players, nodeId } = this.o;
    if (move.nodeId === nodeId) {
      const claim = move.kind === "moved" ? this.claims.get(move.playerSessionId) : undefined;
      if (claim !== undefined) {
        players.add(claim.session);
        claim.activated();
      }
      return;
    }
    if (move.kind === "released") {
      this.claims.get(move.playerSessionId)?.released();
      return;
    }
    const local = players.byPlayerSessionId(move.playerSessionId);
    if (local === undefined) return;
    this.o.takeOver(local);
    if (move.kind === "takeover") {
      await this.o.end(local);
      return;
    }
    clearTimeout(local.expiryTimer);
    local.ended = true;
    players.remove(local);
    await this.o.publish(new PlayerMove("released", move.playerSessionId, nodeId));
  }
}
