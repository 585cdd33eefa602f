/**
 * One game session's state on the process that serves it (docs/protocol.md "Game sessions"): members in
 * join order (the first is the longest present), status, settings, positions, the application's
 * own `state`, and a lock so that its operations (which await hooks) run one at a time.
 */
import { SpatialGrid } from "../events/spatial-grid.js";
import type { Position, SessionHandle, SessionStatus } from "../types.js";
import type { SessionSummaryRecord } from "../adapters/adapter.js";

export type Visibility = "public" | "private";

export interface SessionInfo {
  readonly id: string;
  readonly status: SessionStatus;
  readonly host: string | null;
  readonly players: readonly { readonly id: string; readonly connected: boolean }[];
  readonly settings: unknown;
  readonly maxPlayers?: number;
  readonly visibility: Visibility;
  readonly createdAt: number;
  readonly startedAt?: number;
  readonly endedAt?: number;
}

export class GameSession {
  status: SessionStatus = "waiting";
  host: string | null = null;
  /** playerId → connected; Map order is join order. */
  readonly members = new Map<string, boolean>();
  readonly grid = new SpatialGrid();
  readonly state: Record<string, unknown> = {};
  readonly createdAt = Date.now();
  startedAt: number | undefined;
  endedAt: number | undefined;
  cleanupTimer: NodeJS.Timeout | undefined;
  readonly handle: SessionHandle;
  private lock: Promise<unknown> = Promise.resolve();

  constructor(
    readonly id: string,
    public settings: unknown,
    readonly maxPlayers: number | null,
    readonly joinInProgress: boolean,
    readonly visibility: Visibility,
    readonly nodeId: string,
  ) {
    this.handle = createHandle(this);
  }

  /** Runs `operation` after every operation queued before it on this session. */
  exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.lock.then(operation, operation);
    this.lock = run.catch(() => undefined);
    return run;
  }

  isFull(): boolean {
    return this.maxPlayers !== null && this.members.size >= this.maxPlayers;
  }

  players(): { id: string; connected: boolean }[] {
    return [...this.members].map(([id, connected]) => ({ id, connected }));
  }

  memberIds(): string[] {
    return [...this.members.keys()];
  }

  info(): SessionInfo {
    return {
      id: this.id,
      status: this.status,
      host: this.host,
      players: this.players(),
      settings: this.settings,
      ...(this.maxPlayers === null ? {} : { maxPlayers: this.maxPlayers }),
      visibility: this.visibility,
      createdAt: this.createdAt,
      ...(this.startedAt === undefined ? {} : { startedAt: this.startedAt }),
      ...(this.endedAt === undefined ? {} : { endedAt: this.endedAt }),
    };
  }

  summary(): SessionSummaryRecord {
    return {
      id: this.id,
      nodeId: this.nodeId,
      status: this.status,
      host: this.host,
      playerCount: this.members.size,
      maxPlayers: this.maxPlayers,
      visibility: this.visibility,
      joinInProgress: this.joinInProgress,
      settings: this.settings,
    };
  }
}

/** What handlers and hooks see of a session: live getters, no way to change its status. */
function createHandle(session: GameSession): SessionHandle {
  return {
    id: session.id,
    get status() {
      return session.status;
    },
    get players() {
      return session.players();
    },
    get host() {
      return session.host;
    },
    get settings() {
      return session.settings;
    },
    state: session.state,
    setPosition(playerId: string, pos: Position) {
      if (!session.members.has(playerId))
        throw new TypeError(`Player "${playerId}" is not in session ${session.id}`);
      session.grid.set(playerId, pos);
    },
  };
}
