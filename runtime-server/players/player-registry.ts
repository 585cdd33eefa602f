/**
 * The player sessions of this process: attaching one to a connection (fresh, anonymous or
 * resumed), taking one over (4004), and ending one — at a close with 1000, when its resume window
 * passes, when the shared store lost it, or when a fresh one replaces it (docs/protocol.md
 * "Player sessions and resume"). What a hello is answered is hello-policy.ts's; resumes are
 * resume-service.ts's.
 */
import { CLOSE_CODES, type ResumeFailureReason } from "../../protocol/index.js";
import type { ServerAdapter } from "../adapters/adapter.js";
import type { BackgroundWork } from "../background-work.js";
import type { Limits } from "../limits.js";
import type { PlayerInfo } from "../types.js";
import { welcomeMessage } from "./hello-policy.js";
import type { LocalPlayers } from "./local-players.js";
import type { PlayerMove } from "./player-move.js";
import { PlayerMoves } from "./player-moves.js";
import type { PlayerSessionIds } from "./player-session-ids.js";
import { PlayerSession, type PlayerConnection } from "./player-session.js";
import { formatToken, newSecret } from "./resume-token.js";
import type { Tombstones } from "./tombstones.js";

const ANONYMOUS: PlayerInfo = Object.freeze({ id: "", roles: Object.freeze([]) });

/** What the game sessions hear of a player's connections (session-manager.ts). */
export interface MemberPresence {
  disconnected(player: PlayerInfo): Promise<void>;
  reconnected(player: PlayerInfo): Promise<void>;
  departed(player: PlayerInfo, reason: "left" | "timeout"): Promise<void>;
}

export interface PlayerRegistryOptions {
  readonly adapter: ServerAdapter<unknown, unknown>;
  readonly limits: Limits;
  readonly nodeId: string;
  readonly players: LocalPlayers;
  readonly presence: MemberPresence;
  readonly background: BackgroundWork;
  readonly ids: PlayerSessionIds;
  /** Where an ended player session's reason is kept for a late resume. */
  readonly tombstones: Tombstones;
  /** Sends a player move to every process (event-router.ts `publishToProcesses`). */
  readonly publishMove: (move: PlayerMove) => Promise<void>;
}

export class PlayerRegistry {
  private closing = false;

  /** Player sessions moving in from, or out to, other processes sharing the adapter. */
  readonly moves: PlayerMoves;

  constructor(private readonly options: PlayerRegistryOptions) {
    this.moves = new PlayerMoves({
      nodeId: options.nodeId,
      players: options.players,
      publish: options.publishMove,
      takeOver: (session) => {
        this.takeOver(session);
      },
      end: (session) => this.end(session, "unknown"),
    });
  }

  /** An anonymous connection: @public methods only, no events, nothing to resume. */
  attachAnonymous(connection: PlayerConnection, reason: ResumeFailureReason | undefined): void {
    const session = new PlayerSession(this.options.ids.nextAnonymous(), ANONYMOUS, true);
    this.attach(connection, session);
    connection.send(welcomeMessage(this.options.limits.heartbeatMs, null, undefined, false, reason));
  }

  /** A fresh player session for `player`; `reason` says why a resume asked for did not happen. */
  async start(
    connection: PlayerConnection,
    player: PlayerInfo,
    reason: ResumeFailureReason | undefined,
  ): Promise<void> {
    const { adapter, players, limits, nodeId } = this.options;
    const previous = players.ofPlayer(player.id);
    if (previous !== undefined) {
      // docs/protocol.md: a fresh player session voids the old one (ids and seq start over); the
      // player keeps its game session.
      this.takeOver(previous);
      await this.end(previous, "unknown");
    }
    const session = new PlayerSession(this.options.ids.next(), player, false);
    const secret = newSecret();
    await adapter.resume.swap(session.id, undefined, {
      playerId: player.id,
      newest: secret,
      previous: null,
      expiresAt: null,
    });
    const replaced = await adapter.players.put({ playerId: player.id, playerSessionId: session.id, nodeId });
    // The player was connected to another process: that one closes it with 4004 and ends it.
    if (replaced !== undefined && replaced.nodeId !== nodeId)
      await this.moves.tookOver(replaced.playerSessionId);
    if (connection.isGone()) {
      await this.end(session, "unknown");
      return;
    }
    players.add(session);
    this.attach(connection, session);
    const resume = { token: formatToken(session.id, secret), expiresInMs: limits.resumeWindowMs };
    connection.send(welcomeMessage(limits.heartbeatMs, player.id, resume, false, reason));
    await this.options.presence.reconnected(player);
  }

  attach(connection: PlayerConnection, session: PlayerSession): void {
    session.connection = connection;
    connection.playerSession = session;
    connection.markOpen();
  }

  /** Closes the player session's current connection with 4004 without treating it as a disconnect. */
  takeOver(session: PlayerSession): void {
    const old = session.connection;
    if (old === null) return;
    old.playerSession = null;
    session.connection = null;
    old.close(CLOSE_CODES.TAKEN_OVER, "taken over by another connection");
  }

  /** Ends a player session: its tokens, id window, replay buffer and subscriptions go. */
  async end(session: PlayerSession, reason: ResumeFailureReason): Promise<void> {
    if (session.ended) return;
    session.ended = true;
    clearTimeout(session.expiryTimer);
    this.options.players.remove(session);
    this.options.tombstones.remember(session.id, reason);
    const { adapter } = this.options;
    await Promise.all([
      adapter.resume.delete(session.id),
      adapter.replay.delete(session.id),
      adapter.dedup.delete(session.id),
      adapter.topics.deleteSubscriber(session.id),
      adapter.players.remove(session.player.id, session.id),
    ]);
  }

  closed(connection: PlayerConnection, code: number): void {
    const session = connection.playerSession;
    connection.playerSession = null;
    if (session === null || session.connection !== connection) return;
    session.connection = null;
    if (session.anonymous) {
      session.ended = true;
      return;
    }
    if (this.closing) return;
    const { limits, adapter, presence, background } = this.options;
    if (code === CLOSE_CODES.NORMAL) {
      // docs/protocol.md: a close with 1000 ends the player session and counts as leaving the game
      // session.
      background.run("player.leave", this.depart(session, "left"));
      return;
    }
    background.run("resume.expiry", adapter.resume.setExpiry(session.id, Date.now() + limits.resumeWindowMs));
    session.expiryTimer = setTimeout(() => {
      background.run("player.expire", this.depart(session, "timeout"));
    }, limits.resumeWindowMs);
    background.run("session.disconnect", presence.disconnected(session.player));
  }

  /**
   * The shared store lost this process's player sessions (docs/scaling.md "When Redis restarts"):
   * each connection closes with 1001 and its resume is answered `state-lost`, never silently.
   */
  stateLost(): void {
    for (const session of [...this.options.players.all()]) {
      const connection = session.connection;
      if (connection !== null) {
        connection.playerSession = null;
        session.connection = null;
        connection.close(CLOSE_CODES.GOING_AWAY, "server state lost");
      }
      this.options.background.run("player.end", this.end(session, "state-lost"));
    }
  }

  /** Shutdown: connections close with 1001, nothing more is announced. */
  close(): void {
    this.closing = true;
    for (const session of this.options.players.all()) clearTimeout(session.expiryTimer);
  }

  /**
   * The player session ends and the player leaves its game session, even when the store failed to
   * delete the records (they expire: docs/scaling.md "TTLs and owners of keys").
   */
  private async depart(session: PlayerSession, reason: "left" | "timeout"): Promise<void> {
    try {
      await this.end(session, reason === "left" ? "unknown" : "expired");
    } finally {
      await this.options.presence.departed(session.player, reason);
    }
  }
}
