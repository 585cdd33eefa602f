/**
 * Game sessions (docs/protocol.md "Game sessions"): create/join/leave/kick, the host's
 * transitions (session-state.ts), host hand-over, disconnects and timeouts, hooks, events, and
 * cleanup of ended sessions. Sessions live on the process that created them (local-sessions.ts);
 * the directory (adapter) holds their summaries and every player's membership.
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { GameError } from "../../protocol/index.js";
import type { ServerAdapter, SessionSummaryRecord } from "../adapters/adapter.js";
import type { BackgroundWork } from "../background-work.js";
import type { PlayerInfo, SessionHandle, SessionHooks, SessionStatus } from "../types.js";
import { GameSession, type SessionInfo, type Visibility } from "./game-session.js";
import type { LocalSessions } from "./local-sessions.js";
import { PresenceChange, type PresenceKind } from "./presence-change.js";
import { nextStatus, type SessionAction } from "./session-state.js";

export type LeaveReason = "left" | "kicked" | "timeout";

export interface SessionManagerOptions {
  readonly adapter: ServerAdapter<unknown, unknown>;
  readonly nodeId: string;
  readonly hooks: SessionHooks;
  readonly kind: { readonly maxPlayers: number | null; readonly joinInProgress: boolean } | null;
  readonly cleanupMs: () => number;
  readonly logger: Logger;
  readonly background: BackgroundWork;
  /** Where this process's sessions are kept, for the event router to resolve recipients. */
  readonly local: LocalSessions;
  /** Sends a built-in `session.*` event to these players (event-router.ts `emitToPlayers`). */
  readonly emit: (fullName: string, playerIds: readonly string[], data: unknown) => void;
  /** Sends a member's presence change to every process (event-router.ts `publishToProcesses`). */
  readonly relay: (change: PresenceChange) => Promise<void>;
}

/** The hook each of the host's transitions runs first; it may refuse. */
const HOOKS = { start: "onStart", pause: "onPause", resume: "onResume" } as const;

export class SessionManager {
  private readonly sessions: Map<string, GameSession>;
  /** Members by player id (local-sessions.ts). */
  private readonly memberOf: Map<string, GameSession>;
  private closed = false;

  constructor(private readonly options: SessionManagerOptions) {
    this.sessions = options.local.byId;
    this.memberOf = options.local.byMember;
  }

  /** The caller's session, for `@session` policies and `ctx.session`. */
  async sessionOf(playerId: string): Promise<GameSession | undefined> {
    const id = await this.options.adapter.sessions.membership(playerId);
    return id === undefined ? undefined : this.sessions.get(id);
  }

  /** `sessionOf` in the same tick when the directory is in this process; `false` when it is not. */
  sessionOfNow(playerId: string): GameSession | undefined | false {
    const directory = this.options.adapter.sessions;
    if (directory.membershipNow === undefined) return false;
    const id = directory.membershipNow(playerId);
    return id === undefined ? undefined : this.sessions.get(id);
  }

  handleOf(sessionId: string): SessionHandle | undefined {
    return this.sessions.get(sessionId)?.handle;
  }

  async create(
    player: PlayerInfo,
    settings: unknown,
    visibility: Visibility | undefined,
  ): Promise<SessionInfo> {
    await this.requireNoSession(player.id);
    const kind = this.options.kind;
    const session = new GameSession(
      `s_${randomBytes(9).toString("base64url")}`,
      settings ?? null,
      kind?.maxPlayers ?? null,
      kind?.joinInProgress ?? false,
      visibility ?? "public",
      this.options.nodeId,
    );
    // onCreate and onJoin (run for the creator too) may refuse: nothing is visible until both passed.
    await this.options.hooks.onCreate?.(player, session.handle);
    await this.options.hooks.onJoin?.(player, session.handle);
    if (!(await this.options.adapter.sessions.setMembership(player.id, undefined, session.id))) {
      throw new GameError("PERMISSION_DENIED", "Already in a session");
    }
    this.sessions.set(session.id, session);
    session.members.set(player.id, true);
    this.memberOf.set(player.id, session);
    session.host = player.id;
    await this.publish(session);
    this.emit(session, "session.playerJoined", { playerId: player.id });
    return session.info();
  }

  async join(player: PlayerInfo, sessionId: string): Promise<SessionInfo> {
    await this.requireNoSession(player.id);
    const session = await this.find(sessionId);
    return session.exclusive(async () => {
      if (session.status === "ended") throw new GameError("SESSION_ENDED", "The session has ended");
      if (session.status !== "waiting" && !session.joinInProgress) {
        throw new GameError("SESSION_IN_PROGRESS", "The session has started");
      }
      if (session.isFull()) throw new GameError("SESSION_FULL", "The session is full");
      await this.options.hooks.onJoin?.(player, session.handle);
      // The hook may have awaited: the session is re-checked under its lock (hooks cannot end it).
      if (session.isFull()) throw new GameError("SESSION_FULL", "The session is full");
      if (!(await this.options.adapter.sessions.setMembership(player.id, undefined, session.id))) {
        throw new GameError("PERMISSION_DENIED", "Already in a session");
      }
      session.members.set(player.id, true);
      this.memberOf.set(player.id, session);
      await this.publish(session);
      this.emit(session, "session.playerJoined", { playerId: player.id });
      return session.info();
    });
  }

  configure(player: PlayerInfo, settings: unknown): Promise<SessionInfo> {
    return this.asHost(player, async (session) => {
      if (session.status !== "waiting")
        throw new GameError("INVALID_STATE", "Settings change only while waiting");
      session.settings = settings ?? null;
      await this.publish(session);
      this.emit(session, "session.settingsChanged", { settings: session.settings });
      return session.info();
    });
  }

  transition(player: PlayerInfo, action: Exclude<SessionAction, "end">): Promise<SessionInfo> {
    return this.asHost(player, async (session) => {
      const from = session.status;
      const to = nextStatus(from, action);
      if (to === undefined)
        throw new GameError("INVALID_STATE", `Cannot ${action} a session that is ${from}`);
      await this.options.hooks[HOOKS[action]]?.(player, session.handle);
      if (session.status !== from) throw new GameError("INVALID_STATE", `The session is ${session.status}`);
      this.setStatus(session, to, undefined);
      if (to === "running") session.startedAt ??= Date.now();
      await this.publish(session);
      return session.info();
    });
  }

  end(player: PlayerInfo): Promise<SessionInfo> {
    return this.asHost(player, async (session) => {
      if (nextStatus(session.status, "end") === undefined)
        throw new GameError("INVALID_STATE", "The session has ended");
      await this.options.hooks.onEnd?.(player, session.handle);
      const info = { ...session.info(), status: "ended" as const, endedAt: Date.now() };
      await this.finish(session, "host");
      return info;
    });
  }

  get(player: PlayerInfo): Promise<SessionInfo> {
    return this.asMember(player, (session) => Promise.resolve(session.info()));
  }

  async leave(player: PlayerInfo): Promise<void> {
    await this.asMember(player, async (session) => {
      await this.options.hooks.onLeave?.(player, session.handle);
      await this.remove(session, player.id, "left");
    });
  }

  kick(player: PlayerInfo, playerId: string): Promise<void> {
    return this.asHost(player, async (session) => {
      if (playerId === player.id)
        throw new GameError("INVALID_STATE", "The host cannot kick itself; use session.leave");
      if (!session.members.has(playerId))
        throw new GameError("NOT_FOUND", `Player "${playerId}" is not in the session`);
      await this.options.hooks.onLeave?.({ id: playerId, roles: [] }, session.handle);
      await this.remove(session, playerId, "kicked");
    });
  }

  async list(): Promise<{ sessions: object[] }> {
    const all = await this.options.adapter.sessions.list();
    const open = all.filter(
      (s) =>
        s.visibility === "public" &&
        (s.status === "waiting" || (s.status === "running" && s.joinInProgress)) &&
        (s.maxPlayers === null || s.playerCount < s.maxPlayers),
    );
    return {
      sessions: open.map((s) => ({
        id: s.id,
        status: s.status,
        host: s.host,
        playerCount: s.playerCount,
        ...(s.maxPlayers === null ? {} : { maxPlayers: s.maxPlayers }),
        settings: s.settings,
      })),
    };
  }

  /**
   * The player's last connection dropped (not on purpose): it stays a member for the resume window.
   * Here and below, a member of a game session another process owns (the player resumed here) is
   * relayed to that process (`relay`; false for a change that came relayed).
   */
  async disconnected(player: PlayerInfo, relay = true): Promise<void> {
    await this.setConnected(player, false, relay);
  }

  async reconnected(player: PlayerInfo, relay = true): Promise<void> {
    await this.setConnected(player, true, relay);
  }

  private async setConnected(player: PlayerInfo, connected: boolean, relay: boolean): Promise<void> {
    const playerId = player.id;
    await this.onMember(player, connected ? "reconnected" : "disconnected", relay, (session) => {
      if (session.members.get(playerId) !== !connected) return Promise.resolve();
      session.members.set(playerId, connected);
      const event = connected ? "session.playerReconnected" : "session.playerDisconnected";
      this.emit(session, event, { playerId });
      return Promise.resolve();
    });
  }

  /** The resume window passed (`timeout`) or the client closed with 1000 (`left`). */
  async departed(player: PlayerInfo, reason: "left" | "timeout", relay = true): Promise<void> {
    await this.onMember(player, reason, relay, async (session) => {
      try {
        await this.options.hooks.onLeave?.(player, session.handle);
      } catch (error) {
        this.options.logger.warn(
          { err: error, player_id: player.id, session_id: session.id },
          "onLeave hook failed",
        );
      }
      await this.remove(session, player.id, reason);
    });
  }

  /** The shared store came back empty: this process's sessions and memberships are written again. */
  async republish(): Promise<void> {
    for (const session of this.sessions.values()) {
      if (session.status === "ended") continue;
      for (const id of session.memberIds()) {
        await this.options.adapter.sessions.setMembership(id, undefined, session.id);
      }
      await this.publish(session);
    }
  }

  /**
   * A session of a process that died (docs/scaling.md): its members are released and told it
   * ended with reason "server-lost", wherever they are connected.
   */
  async lost(summary: SessionSummaryRecord, members: readonly string[]): Promise<void> {
    for (const id of members) await this.options.adapter.sessions.setMembership(id, summary.id, undefined);
    this.options.emit("session.statusChanged", members, {
      sessionId: summary.id,
      status: "ended",
      previous: summary.status,
      reason: "server-lost",
    });
  }

  /** Shutdown: cleanup timers stop; sessions are not ended (a shared adapter may outlive this process). */
  close(): void {
    this.closed = true;
    for (const session of this.sessions.values()) clearTimeout(session.cleanupTimer);
  }

  private async remove(session: GameSession, playerId: string, reason: LeaveReason): Promise<void> {
    const concerned = session.memberIds();
    session.members.delete(playerId);
    this.memberOf.delete(playerId);
    session.grid.delete(playerId);
    await this.options.adapter.sessions.setMembership(playerId, session.id, undefined);
    this.options.emit("session.playerLeft", concerned, { sessionId: session.id, playerId, reason });
    if (session.members.size === 0) {
      try {
        await this.options.hooks.onEnd?.({ id: playerId, roles: [] }, session.handle);
      } catch (error) {
        this.options.logger.warn({ err: error, session_id: session.id }, "onEnd hook failed");
      }
      await this.finish(session, "empty");
      return;
    }
    if (session.host === playerId) {
      // docs/protocol.md "Game sessions": a leaving host hands host to the longest-present member (the first in join order).
      const next = session.memberIds()[0] ?? null;
      session.host = next;
      this.emit(session, "session.hostChanged", { host: next, previous: playerId });
    }
    await this.publish(session);
  }

  /** Ends the session, then releases its members; it answers SESSION_ENDED until cleaned up. */
  private async finish(session: GameSession, reason: string): Promise<void> {
    this.setStatus(session, "ended", reason);
    session.endedAt = Date.now();
    for (const id of session.memberIds()) {
      await this.options.adapter.sessions.setMembership(id, session.id, undefined);
    }
    for (const id of session.members.keys()) this.memberOf.delete(id);
    session.members.clear();
    session.host = null;
    await this.publish(session);
    // After close, a session that ends now is not cleaned up here: its records go when this process's
    // sessions are reaped (docs/scaling.md "When a node dies").
    if (this.closed) return;
    session.cleanupTimer = setTimeout(() => {
      this.sessions.delete(session.id);
      this.options.background.run("session.cleanup", this.options.adapter.sessions.delete(session.id));
    }, this.options.cleanupMs());
    session.cleanupTimer.unref();
  }

  private setStatus(session: GameSession, status: SessionStatus, reason: string | undefined): void {
    const previous = session.status;
    session.status = status;
    this.emit(session, "session.statusChanged", {
      status,
      previous,
      ...(reason === undefined ? {} : { reason }),
    });
  }

  private emit(session: GameSession, event: string, data: Record<string, unknown>): void {
    this.options.emit(event, session.memberIds(), { sessionId: session.id, ...data });
  }

  private publish(session: GameSession): Promise<void> {
    return this.options.adapter.sessions.put(session.summary());
  }

  private async requireNoSession(playerId: string): Promise<void> {
    if ((await this.options.adapter.sessions.membership(playerId)) !== undefined) {
      throw new GameError("PERMISSION_DENIED", "Already in a session; leave it first");
    }
  }

  private async find(sessionId: string): Promise<GameSession> {
    const session = this.sessions.get(sessionId);
    if (session !== undefined) return session;
    const remote = await this.options.adapter.sessions.get(sessionId);
    if (remote !== undefined && remote.nodeId !== this.options.nodeId) {
      const { adapter } = this.options;
      const url = adapter.nodeUrl === undefined ? remote.nodeId : await adapter.nodeUrl(remote.nodeId);
      // A session whose server is gone is reaped soon (docs/scaling.md): nothing to join there.
      if (url === undefined) throw new GameError("NOT_FOUND", `No session "${sessionId}"`);
      throw new GameError("SESSION_ELSEWHERE", "The session is served by another server", {
        details: { url },
      });
    }
    throw new GameError("NOT_FOUND", `No session "${sessionId}"`);
  }

  private async asMember<T>(player: PlayerInfo, operation: (session: GameSession) => Promise<T>): Promise<T> {
    const session = await this.sessionOf(player.id);
    if (session === undefined) throw new GameError("PERMISSION_DENIED", "Not in a session");
    return session.exclusive(() => {
      if (!session.members.has(player.id)) throw new GameError("PERMISSION_DENIED", "Not in the session");
      return operation(session);
    });
  }

  private asHost<T>(player: PlayerInfo, operation: (session: GameSession) => Promise<T>): Promise<T> {
    return this.asMember(player, (session) => {
      if (session.host !== player.id) throw new GameError("PERMISSION_DENIED", "Only the host may do that");
      return operation(session);
    });
  }

  /** A change relayed from the process where the member is connected (event-router.ts). */
  async applyPresence(change: PresenceChange): Promise<void> {
    const { player } = change;
    if (change.kind === "disconnected") await this.disconnected(player, false);
    else if (change.kind === "reconnected") await this.reconnected(player, false);
    else await this.departed(player, change.kind, false);
  }

  /** Runs `operation` on the player's game session when this process owns it, else relays `kind`. */
  private async onMember(
    player: PlayerInfo,
    kind: PresenceKind,
    relay: boolean,
    operation: (session: GameSession) => Promise<void>,
  ): Promise<void> {
    const id = await this.options.adapter.sessions.membership(player.id);
    // A membership the store lost, of a session here (it is written back): the change applies.
    const session = id === undefined ? this.memberOf.get(player.id) : this.sessions.get(id);
    if (id === undefined && session === undefined) return;
    if (session === undefined) {
      if (relay) await this.options.relay(new PresenceChange(kind, player));
      return;
    }
    await session.exclusive(() => (session.members.has(player.id) ? operation(session) : Promise.resolve()));
  }
}
