/**
 * Resumes (docs/protocol.md "Player sessions and resume"): a hello's resume token continues its
 * player session here — with the events buffered after `lastEventSeq` replayed in order before
 * live ones — or moves it here from the process that served it (docs/scaling.md "Players"). A
 * resume that cannot be honoured says why, never silently.
 */
import type { ResumeFailureReason } from "../../protocol/index.js";
import type { ResumeRecord, ServerAdapter } from "../adapters/adapter.js";
import type { OutboundEvent } from "../events/outbound-event.js";
import type { Limits } from "../limits.js";
import type { PlayerInfo } from "../types.js";
import { welcomeMessage } from "./hello-policy.js";
import type { LocalPlayers } from "./local-players.js";
import type { MemberPresence, PlayerRegistry } from "./player-registry.js";
import type { PlayerSessionIds } from "./player-session-ids.js";
import { PlayerSession, type PlayerConnection } from "./player-session.js";
import { formatToken, newSecret, parseToken, secretsEqual } from "./resume-token.js";
import type { Tombstones } from "./tombstones.js";

export interface ResumeServiceOptions {
  readonly adapter: ServerAdapter<unknown, unknown>;
  readonly limits: Limits;
  readonly nodeId: string;
  readonly players: LocalPlayers;
  readonly presence: Pick<MemberPresence, "reconnected">;
  readonly registry: Pick<PlayerRegistry, "attach" | "takeOver" | "end" | "moves">;
  readonly ids: PlayerSessionIds;
  readonly tombstones: Tombstones;
}

export class ResumeService {
  constructor(private readonly options: ResumeServiceOptions) {}

  /** true when resumed (the welcome is sent); else why not. */
  async resume(
    connection: PlayerConnection,
    player: PlayerInfo,
    token: string,
    lastEventSeq: number,
  ): Promise<true | ResumeFailureReason> {
    const { adapter, players, limits, registry } = this.options;
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
      return this.moveHere(connection, player, parsed.playerSessionId, parsed.secret, record, lastEventSeq);
    }

    session.pending = [];
    const read = await adapter.replay.since(session.id, lastEventSeq);
    const fresh = newSecret();
    // docs/protocol.md: the used token and a fresh one stay valid; whichever else there was is voided.
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
    registry.takeOver(session);
    connection.playerSession = session;
    connection.markOpen();
    const resume = { token: formatToken(session.id, fresh), expiresInMs: limits.resumeWindowMs };
    connection.send(welcomeMessage(limits.heartbeatMs, player.id, resume, true, undefined));
    let last = lastEventSeq;
    for (const entry of read.entries) {
      connection.sendEvent(entry.payload as OutboundEvent, entry.seq);
      last = entry.seq;
    }
    const held = session.pending.sort((a, b) => a.seq - b.seq);
    session.pending = null;
    for (const { seq, event } of held) if (seq > last) connection.sendEvent(event, seq);
    session.connection = connection;
    if (wasDisconnected) await this.options.presence.reconnected(player);
    return true;
  }

  /** An ack: events up to `seq` need no replay. */
  async ack(connection: PlayerConnection, seq: number): Promise<void> {
    const session = connection.playerSession;
    if (session === null || session.anonymous) return;
    await this.options.adapter.replay.ack(session.id, seq);
  }

  /**
   * A resume of a player session that another process served (docs/scaling.md "Players"): the
   * session moves here with its replay buffer, id window and subscriptions, all in the adapter.
   */
  private async moveHere(
    connection: PlayerConnection,
    player: PlayerInfo,
    playerSessionId: string,
    secret: string,
    record: ResumeRecord,
    lastEventSeq: number,
  ): Promise<true | ResumeFailureReason> {
    const { adapter, limits, nodeId, registry } = this.options;
    const owner = await adapter.players.get(player.id);
    // Not the player's current player session, or one this process lost (a restart): nothing to move.
    if (owner !== undefined && owner.playerSessionId !== playerSessionId) return "unknown";
    if (owner === undefined || owner.nodeId === nodeId) return "state-lost";
    const ownerAlive = adapter.nodeUrl === undefined || (await adapter.nodeUrl(owner.nodeId)) !== undefined;
    const session = new PlayerSession(playerSessionId, player, false);
    session.holding = [];
    await registry.moves.claim(session, ownerAlive);
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
      await registry.end(session, read.ok ? "unknown" : "overflow");
      return read.ok ? "unknown" : "overflow";
    }
    await adapter.players.put({ playerId: player.id, playerSessionId: session.id, nodeId });
    registry.attach(connection, session);
    const resume = { token: formatToken(session.id, fresh), expiresInMs: limits.resumeWindowMs };
    connection.send(welcomeMessage(limits.heartbeatMs, player.id, resume, true, undefined));
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
    await this.options.presence.reconnected(player);
    return true;
  }

  /** Why a player session the store does not know is gone. */
  private lostReason(playerSessionId: string): ResumeFailureReason {
    const reason = this.options.tombstones.reasonOf(playerSessionId);
    if (reason !== undefined) return reason;
    // A well-formed id of another boot of this server: the server lost it (a restart).
    return this.options.ids.ofAnotherBoot(playerSessionId) ? "state-lost" : "unknown";
  }
}

/** The events a moving player session held so far; it keeps holding until the caller stops it. */
function takeHeld(session: PlayerSession): OutboundEvent[] {
  const held = session.holding ?? [];
  session.holding = [];
  return held;
}
