/**
 * hello → welcome, resume, takeover, disconnects and the resume window (PROTOCOL.md "Connection
 * lifecycle and authentication", "Events, ordering and replay").
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import {
  CLOSE_CODES,
  GameError,
  PROTOCOL_VERSION,
  type HelloMessage,
  type ResumeFailureReason,
} from "../../protocol/index.js";
import type { ResumeRecord, ServerAdapter } from "../adapters/adapter.js";
import type { BackgroundWork } from "../background-work.js";
import type { OutboundEvent } from "../events/outbound-event.js";
import type { Limits } from "../limits.js";
import type { ServerMetrics } from "../observability/metrics.js";
import type { SessionManager } from "../sessions/session-manager.js";
import type { Connection } from "../transport/connection.js";
import type { AuthResult, PlayerInfo } from "../types.js";
import type { LocalPlayers } from "./local-players.js";
import type { PlayerMove } from "./player-move.js";
import { PlayerMoves } from "./player-moves.js";
import { PlayerSession } from "./player-session.js";
import { formatToken, newSecret, parseToken, secretsEqual } from "./resume-token.js";

/** How long the reason of an ended player session is remembered for a late resume. */
const TOMBSTONE_MS = 10 * 60 * 1000;
const MAX_TOMBSTONES = 10000;

const ANONYMOUS: PlayerInfo = Object.freeze({ id: "", roles: Object.freeze([]) });

export interface PlayerRegistryOptions {
  readonly adapter: ServerAdapter<unknown, unknown>;
  readonly limits: Limits;
  readonly nodeId: string;
  readonly players: LocalPlayers;
  readonly sessions: SessionManager;
  readonly schemas: ReadonlySet<string>;
  readonly authenticate: ((token: string) => AuthResult | Promise<AuthResult>) | undefined;
  readonly metrics: ServerMetrics | undefined;
  readonly logger: Logger;
  readonly background: BackgroundWork;
  /** Sends a player move to every process (event-router.ts `publishToProcesses`). */
  readonly publishMove: (move: PlayerMove) => Promise<void>;
}

export class PlayerRegistry {
  /** Player session ids carry this process's boot id: a token of an earlier boot is `state-lost`. */
  private readonly bootId = randomBytes(6).toString("base64url");
  private counter = 0;
  private readonly tombstones = new Map<string, { reason: ResumeFailureReason; at: number }>();
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

  async hello(connection: Connection, hello: HelloMessage): Promise<void> {
    const { limits, schemas } = this.options;
    if (connection.state !== "hello") {
      this.refuse(connection, "BAD_MESSAGE", "A second hello", CLOSE_CODES.PROTOCOL_VIOLATION);
      return;
    }
    if (hello.protocol !== PROTOCOL_VERSION) {
      this.refuse(
        connection,
        "BAD_MESSAGE",
        `Unsupported protocol ${hello.protocol}; this server speaks ${PROTOCOL_VERSION}`,
        CLOSE_CODES.PROTOCOL_VIOLATION,
      );
      return;
    }
    if (!schemas.has(hello.schema)) {
      this.refuse(
        connection,
        "SCHEMA_MISMATCH",
        "The client was built from a schema this server does not serve",
        CLOSE_CODES.SCHEMA_MISMATCH,
      );
      return;
    }
    if (hello.token === undefined) {
      // An anonymous connection: @public methods only, no events, nothing to resume.
      const session = new PlayerSession(`anon-${this.bootId}-${++this.counter}`, ANONYMOUS, true);
      this.attach(connection, session);
      connection.send({
        type: "welcome",
        protocol: PROTOCOL_VERSION,
        player: null,
        resumed: false,
        ...(hello.resume === undefined ? {} : { reason: "unknown" as const }),
        heartbeatMs: limits.heartbeatMs,
        serverTime: Date.now(),
      });
      return;
    }
    const player = await this.authenticate(hello.token);
    if (connection.isGone()) return;
    if (player === undefined) {
      this.refuse(connection, "UNAUTHENTICATED", "The token was refused", CLOSE_CODES.UNAUTHENTICATED);
      return;
    }
    let reason: ResumeFailureReason | undefined;
    if (hello.resume !== undefined) {
      const resumed = await this.resume(connection, player, hello.resume.token, hello.resume.lastEventSeq);
      if (resumed === true) return;
      reason = resumed;
      this.options.metrics?.resumeFailures.inc({ reason });
    }
    if (connection.isGone()) return;
    await this.startFresh(connection, player, reason);
  }

  /** An ack: events up to `seq` need no replay. */
  async ack(connection: Connection, seq: number): Promise<void> {
    const session = connection.playerSession;
    if (session === null || session.anonymous) return;
    await this.options.adapter.replay.ack(session.id, seq);
  }

  closed(connection: Connection, code: number): void {
    const session = connection.playerSession;
    connection.playerSession = null;
    if (session === null || session.connection !== connection) return;
    session.connection = null;
    if (session.anonymous) {
      session.ended = true;
      return;
    }
    if (this.closing) return;
    const { limits, adapter, sessions, background } = this.options;
    if (code === CLOSE_CODES.NORMAL) {
      // PROTOCOL.md: a close with 1000 ends the player session and counts as leaving the game session.
      background.run("player.leave", this.depart(session, "left"));
      return;
    }
    background.run("resume.expiry", adapter.resume.setExpiry(session.id, Date.now() + limits.resumeWindowMs));
    session.expiryTimer = setTimeout(() => {
      background.run("player.expire", this.depart(session, "timeout"));
    }, limits.resumeWindowMs);
    background.run("session.disconnect", sessions.disconnected(session.player));
  }

  /**
   * The shared store lost this process's player sessions (docs/scaling.md "Redis restarts"):
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

  private async authenticate(token: string): Promise<PlayerInfo | undefined> {
    const authenticate = this.options.authenticate;
    if (authenticate === undefined) return undefined;
    try {
      const result = await authenticate(token);
      if (typeof result !== "object" || typeof result.playerId !== "string" || result.playerId === "") {
        this.options.logger.error(
          { result: typeof result },
          "authenticate must return { playerId: string, roles? }",
        );
        return undefined;
      }
      const roles = Array.isArray(result.roles)
        ? result.roles.filter((r): r is string => typeof r === "string")
        : [];
      return Object.freeze({ id: result.playerId, roles: Object.freeze(roles) });
    } catch (error) {
      this.options.logger.debug({ err: error }, "authenticate refused a token");
      return undefined;
    }
  }

  /** true when resumed; else why not. */
  private async resume(
    connection: Connection,
    player: PlayerInfo,
    token: string,
    lastEventSeq: number,
  ): Promise<true | ResumeFailureReason> {
    const { adapter, players, limits } = this.options;
    const parsed = parseToken(token);
    if (parsed === undefined) return "unknown";
    const record = await adapter.resume.get(parsed.playerSessionId);
    const session = players.byPlayerSessionId(parsed.playerSessionId);
    if (record === undefined) return this.lostReason(parsed.playerSessionId);
    // Both comparisons always run: which of the two matched must not show in the timing either.
    const newest = secretsEqual(parsed.secret, record.newest);
    const previous = record.previous !== null && secretsEqual(parsed.secret, record.previous);
    if (record.playerId !== player.id || !(newest || previous)) return "unknown";
    if (record.expiresAt !== null && Date.now() > record.expiresAt) return "expired";
    if (session === undefined || session.ended) {
      return this.resumeMoved(
        connection,
        player,
        parsed.playerSessionId,
        parsed.secret,
        record,
        lastEventSeq,
      );
    }

    session.pending = [];
    const read = await adapter.replay.since(session.id, lastEventSeq);
    const fresh = newSecret();
    // PROTOCOL.md: the used token and a fresh one stay valid; whichever else there was is voided.
    const rotated =
      read.ok &&
      (await adapter.resume.swap(session.id, record, {
        playerId: player.id,
        newest: fresh,
        previous: parsed.secret,
        expiresAt: null,
      }));
    if (!read.ok || !rotated || session.hasEnded() || connection.isGone()) {
      const held = session.pending;
      session.pending = null;
      for (const { seq, event } of held) session.deliver(seq, event);
      return read.ok ? "unknown" : "overflow";
    }
    clearTimeout(session.expiryTimer);
    session.expiryTimer = undefined;
    const wasDisconnected = session.connection === null;
    this.takeOver(session);
    connection.playerSession = session;
    connection.markOpen();
    connection.send({
      type: "welcome",
      protocol: PROTOCOL_VERSION,
      player: player.id,
      resume: { token: formatToken(session.id, fresh), expiresInMs: limits.resumeWindowMs },
      resumed: true,
      heartbeatMs: limits.heartbeatMs,
      serverTime: Date.now(),
    });
    let last = lastEventSeq;
    for (const entry of read.entries) {
      connection.sendEvent(entry.payload as OutboundEvent, entry.seq);
      last = entry.seq;
    }
    const held = session.pending.sort((a, b) => a.seq - b.seq);
    session.pending = null;
    for (const { seq, event } of held) if (seq > last) connection.sendEvent(event, seq);
    session.connection = connection;
    if (wasDisconnected) await this.options.sessions.reconnected(player);
    return true;
  }

  /**
   * A resume of a player session that another process served (docs/scaling.md "Players"): the
   * session moves here with its replay buffer, id window and subscriptions, all in the adapter.
   */
  private async resumeMoved(
    connection: Connection,
    player: PlayerInfo,
    playerSessionId: string,
    secret: string,
    record: ResumeRecord,
    lastEventSeq: number,
  ): Promise<true | ResumeFailureReason> {
    const { adapter, limits, nodeId } = this.options;
    const owner = await adapter.players.get(player.id);
    // Not the player's current player session, or one this process lost (a restart): nothing to move.
    if (owner !== undefined && owner.playerSessionId !== playerSessionId) return "unknown";
    if (owner === undefined || owner.nodeId === nodeId) return "state-lost";
    const ownerAlive = adapter.nodeUrl === undefined || (await adapter.nodeUrl(owner.nodeId)) !== undefined;
    const session = new PlayerSession(playerSessionId, player, false);
    session.holding = [];
    await this.moves.claim(session, ownerAlive);
    const read = await adapter.replay.since(session.id, lastEventSeq);
    const fresh = newSecret();
    const rotated =
      read.ok &&
      (await adapter.resume.swap(session.id, record, {
        playerId: player.id,
        newest: fresh,
        previous: secret,
        expiresAt: null,
      }));
    if (!read.ok || !rotated || connection.isGone()) {
      session.holding = null;
      await this.end(session, read.ok ? "unknown" : "overflow");
      return read.ok ? "unknown" : "overflow";
    }
    await adapter.players.put({ playerId: player.id, playerSessionId: session.id, nodeId });
    this.attach(connection, session);
    connection.send({
      type: "welcome",
      protocol: PROTOCOL_VERSION,
      player: player.id,
      resume: { token: formatToken(session.id, fresh), expiresInMs: limits.resumeWindowMs },
      resumed: true,
      heartbeatMs: limits.heartbeatMs,
      serverTime: Date.now(),
    });
    for (const entry of read.entries) connection.sendEvent(entry.payload as OutboundEvent, entry.seq);
    // Events that reached this process during the move, after the replayed ones, in order.
    const bounds = { count: limits.replayBuffer, bytes: limits.replayBufferBytes };
    for (;;) {
      const held = takeHeld(session);
      if (held.length === 0) break;
      for (const event of held) {
        const seq = await adapter.replay.append(session.id, event.size, event, bounds);
        if (!session.ended) session.connection?.sendEvent(event, seq);
      }
    }
    session.holding = null;
    await this.options.sessions.reconnected(player);
    return true;
  }

  private async startFresh(
    connection: Connection,
    player: PlayerInfo,
    reason: ResumeFailureReason | undefined,
  ): Promise<void> {
    const { adapter, players, limits, nodeId } = this.options;
    const previous = players.ofPlayer(player.id);
    if (previous !== undefined) {
      // PROTOCOL.md: a fresh player session voids the old one (ids and seq start over); the player
      // keeps its game session.
      this.takeOver(previous);
      await this.end(previous, "unknown");
    }
    const session = new PlayerSession(`${this.bootId}-${++this.counter}`, player, false);
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
    connection.send({
      type: "welcome",
      protocol: PROTOCOL_VERSION,
      player: player.id,
      resume: { token: formatToken(session.id, secret), expiresInMs: limits.resumeWindowMs },
      resumed: false,
      ...(reason === undefined ? {} : { reason }),
      heartbeatMs: limits.heartbeatMs,
      serverTime: Date.now(),
    });
    await this.options.sessions.reconnected(player);
  }

  private attach(connection: Connection, session: PlayerSession): void {
    session.connection = connection;
    connection.playerSession = session;
    connection.markOpen();
  }

  /** Closes the player session's current connection with 4004 without treating it as a disconnect. */
  private takeOver(session: PlayerSession): void {
    const old = session.connection;
    if (old === null) return;
    old.playerSession = null;
    session.connection = null;
    old.close(CLOSE_CODES.TAKEN_OVER, "taken over by another connection");
  }

  /**
   * The player session ends and the player leaves its game session, even when the store failed to
   * delete the records (they expire: docs/scaling.md "TTLs and owners of keys").
   */
  private async depart(session: PlayerSession, reason: "left" | "timeout"): Promise<void> {
    try {
      await this.end(session, reason === "left" ? "unknown" : "expired");
    } finally {
      await this.options.sessions.departed(session.player, reason);
    }
  }

  /** Ends a player session: its tokens, id window, replay buffer and subscriptions go. */
  private async end(session: PlayerSession, reason: ResumeFailureReason): Promise<void> {
    if (session.ended) return;
    session.ended = true;
    clearTimeout(session.expiryTimer);
    this.options.players.remove(session);
    this.remember(session.id, reason);
    const { adapter } = this.options;
    await Promise.all([
      adapter.resume.delete(session.id),
      adapter.replay.delete(session.id),
      adapter.dedup.delete(session.id),
      adapter.topics.deleteSubscriber(session.id),
      adapter.players.remove(session.player.id, session.id),
    ]);
  }

  private lostReason(playerSessionId: string): ResumeFailureReason {
    const tombstone = this.tombstones.get(playerSessionId);
    if (tombstone !== undefined) return tombstone.reason;
    const boot = playerSessionId.slice(0, playerSessionId.indexOf("-"));
    // A well-formed id of another boot of this server: the server lost it (a restart).
    return boot.length === this.bootId.length && boot !== this.bootId ? "state-lost" : "unknown";
  }

  private remember(playerSessionId: string, reason: ResumeFailureReason): void {
    const now = Date.now();
    this.tombstones.set(playerSessionId, { reason, at: now });
    if (this.tombstones.size > MAX_TOMBSTONES) {
      for (const [id, { at }] of this.tombstones) {
        if (now - at < TOMBSTONE_MS && this.tombstones.size <= MAX_TOMBSTONES) break;
        this.tombstones.delete(id);
      }
    }
  }

  private refuse(connection: Connection, code: string, message: string, closeCode: number): void {
    connection.sendError(new GameError(code, message));
    connection.close(closeCode, message.slice(0, 120));
  }
}

/** The events a moving player session held so far; it keeps holding until the caller stops it. */
function takeHeld(session: PlayerSession): OutboundEvent[] {
  const held = session.holding ?? [];
  session.holding = [];
  return held;
}
