/**
 * The scale-out seam: the server's single-process assumptions sit behind one adapter
 * (docs/architecture.md "State that outlives a process: the adapter").
 * Everything that several server processes would have to share — who is connected where, resume
 * records, replay buffers, deduplication records, rate buckets, topic subscriptions, the game-session
 * directory, and event fan-out — goes through these async interfaces. The in-memory adapter
 * (memory-adapter.ts) serves one process; a Redis adapter can implement the same interfaces.
 *
 * Each operation is one atomic step for its key, so that callers never need a read-modify-write
 * across two calls.
 *
 * The methods ending in `Now` are optional: the same operation answered in the same tick, for a
 * store held in this process (the in-memory adapter). The hot paths (an rpc, an event's fan-out)
 * use them when present and fall back to the async method, so a remote store needs none; each await
 * of an answer already known cost every rpc a promise and a microtask hop (docs/contributing.md
 * "Hot paths").
 */

/** Where a player's current player session lives. */
export interface PlayerRecord {
  readonly playerId: string;
  readonly playerSessionId: string;
  readonly nodeId: string;
}

export interface PlayerDirectory {
  get(playerId: string): Promise<PlayerRecord | undefined>;
  /** Records the player's current player session and returns the one it replaces. */
  put(record: PlayerRecord): Promise<PlayerRecord | undefined>;
  /** Removes the record only if it still names that player session. */
  remove(playerId: string, playerSessionId: string): Promise<void>;
}

/**
 * Resume secrets of a player session (docs/protocol.md "Player sessions and resume"): at most the
 * newest and the one it replaced are valid.
 */
export interface ResumeRecord {
  readonly playerId: string;
  readonly newest: string;
  readonly previous: string | null;
  /** Ms since the epoch after which no token of this player session is valid; null while connected. */
  readonly expiresAt: number | null;
}

export interface ResumeStore {
  get(playerSessionId: string): Promise<ResumeRecord | undefined>;
  /**
   * Replaces the record only if it still equals `expected` (compare-and-set by `newest` and
   * `previous`); false when another resume won the race.
   */
  swap(playerSessionId: string, expected: ResumeRecord | undefined, next: ResumeRecord): Promise<boolean>;
  setExpiry(playerSessionId: string, expiresAt: number | null): Promise<void>;
  delete(playerSessionId: string): Promise<void>;
}

/** One buffered reliable event; `payload` is whatever the server stores to re-send it. */
export interface ReplayEntry<P> {
  readonly seq: number;
  readonly size: number;
  readonly payload: P;
}

export type ReplayRead<P> =
  { readonly ok: true; readonly entries: readonly ReplayEntry<P>[] } | { readonly ok: false };

export interface ReplayStore<P> {
  /** Assigns the next seq (1, 2, 3… per player session), buffers the event and trims past the bounds. */
  append(
    playerSessionId: string,
    size: number,
    payload: P,
    bounds: { readonly count: number; readonly bytes: number },
  ): Promise<number>;
  appendNow?(
    playerSessionId: string,
    size: number,
    payload: P,
    bounds: { readonly count: number; readonly bytes: number },
  ): number;
  /** Every buffered event after `afterSeq`; `ok: false` when an event after it was dropped unacknowledged. */
  since(playerSessionId: string, afterSeq: number): Promise<ReplayRead<P>>;
  /** Forgets events up to `seq`, which the client has. */
  ack(playerSessionId: string, seq: number): Promise<void>;
  /** The highest seq assigned (0 before any). */
  lastSeq(playerSessionId: string): Promise<number>;
  delete(playerSessionId: string): Promise<void>;
}

/** What the deduplication window knows about an rpc id (docs/protocol.md "Exactly-once calls"). */
export type DedupState<R> =
  | { readonly kind: "new" }
  | { readonly kind: "running" }
  | { readonly kind: "done"; readonly response: R }
  | { readonly kind: "stale" };

export interface DedupStore<R> {
  check(playerSessionId: string, id: number): Promise<DedupState<R>>;
  checkNow?(playerSessionId: string, id: number): DedupState<R>;
  /**
   * Marks `id` as started unless it already is; returns what `check` would have said before the mark,
   * so that two racing arrivals of one id start it once. Evicts the oldest past `window`.
   */
  begin(playerSessionId: string, id: number, window: number): Promise<DedupState<R>>;
  beginNow?(playerSessionId: string, id: number, window: number): DedupState<R>;
  /** Remembers the response of a started id (if it is still in the window). */
  finish(playerSessionId: string, id: number, response: R): Promise<void>;
  finishNow?(playerSessionId: string, id: number, response: R): void;
  /** Forgets an id that was accepted but never started (cancelled in its queue). */
  forget(playerSessionId: string, id: number): Promise<void>;
  /** Raises the highest id seen and returns true when `id` is above the previous highest (sends). */
  advance(playerSessionId: string, id: number): Promise<boolean>;
  delete(playerSessionId: string): Promise<void>;
}

export interface RateStore {
  /**
   * Takes one token from the bucket `key` (refilled at `perSecond`, holding at most `burst`);
   * returns 0 when taken, or the ms until a token will be there.
   */
  take(key: string, perSecond: number, burst: number, now: number): Promise<number>;
  delete(keyPrefix: string): Promise<void>;
}

export interface TopicStore {
  subscribe(topic: string, playerSessionId: string): Promise<void>;
  unsubscribe(topic: string, playerSessionId: string): Promise<void>;
  subscribers(topic: string): Promise<readonly string[]>;
  /** Ends every subscription of a player session. */
  deleteSubscriber(playerSessionId: string): Promise<void>;
}

/** A game session's entry in the directory, enough for `session.list` and for routing. */
export interface SessionSummaryRecord {
  readonly id: string;
  readonly nodeId: string;
  readonly status: "waiting" | "running" | "paused" | "ended";
  readonly host: string | null;
  readonly playerCount: number;
  readonly maxPlayers: number | null;
  readonly visibility: "public" | "private";
  readonly joinInProgress: boolean;
  readonly settings: unknown;
}

export interface SessionDirectory {
  put(summary: SessionSummaryRecord): Promise<void>;
  get(sessionId: string): Promise<SessionSummaryRecord | undefined>;
  delete(sessionId: string): Promise<void>;
  list(): Promise<readonly SessionSummaryRecord[]>;
  /** The game session a player belongs to (membership outlives player sessions). */
  membership(playerId: string): Promise<string | undefined>;
  membershipNow?(playerId: string): string | undefined;
  /**
   * Sets the player's session only if it currently has `expected` (undefined = none): the
   * "a player is in at most one session" rule, atomically.
   */
  setMembership(playerId: string, expected: string | undefined, next: string | undefined): Promise<boolean>;
}

/** Who an event goes to once the emitting process resolved the target to players. */
export type FanoutRecipients =
  | {
      readonly kind: "players";
      readonly playerIds: readonly string[];
      /** The ids are known to be distinct (a session's members, an area query): none is skipped as a repeat. */
      readonly distinct?: boolean;
    }
  | { readonly kind: "playerSessions"; readonly playerSessionIds: readonly string[] }
  | { readonly kind: "all" };

export interface EventFanout<E> {
  /** Delivers to every process's `subscribe` listener (this one included), in publish order. */
  publish(recipients: FanoutRecipients, event: E): Promise<void>;
  subscribe(listener: (recipients: FanoutRecipients, event: E) => void): () => void;
}

/**
 * What the server gives an adapter that is shared by several processes (docs/scaling.md): who this
 * process is, how to turn events into plain data (msgpack-able: bigint and Uint8Array allowed)
 * and back, and what to do when the shared store lost state or found a dead process's sessions.
 */
export interface AdapterBinding<E> {
  readonly nodeId: string;
  /** The URL clients reach this process at (SESSION_ELSEWHERE's details.url). */
  publicUrl(): string;
  eventToData(event: E): unknown;
  eventFromData(data: unknown): E | undefined;
  /** The store lost what it held, or this process missed messages: tell the local players. */
  stateLost(): void;
  /** The store came back: write again what this process owns (its game sessions). */
  rebuild(): Promise<void>;
  /** A game session whose process died: `members` are told it ended with "server-lost". */
  sessionLost(summary: SessionSummaryRecord, members: readonly string[]): Promise<void>;
  /**
   * The adapter's own background work failed (a heartbeat): logged at warn and counted in
   * gidl_store_errors_total under `operation` (docs/server.md "When the store fails").
   */
  storeFailed(operation: string, error: unknown): void;
}

export interface ServerAdapter<E, R> {
  /** Called once by the server before it uses the adapter (the in-memory adapter needs nothing). */
  attach?(binding: AdapterBinding<E>): void;
  /** Resolves once the adapter can carry traffic (the server's `listen` waits for it). */
  ready?(): Promise<void>;
  /** The public URL of a live process; undefined when it is gone. */
  nodeUrl?(nodeId: string): Promise<string | undefined>;
  readonly players: PlayerDirectory;
  readonly resume: ResumeStore;
  readonly replay: ReplayStore<E>;
  readonly dedup: DedupStore<R>;
  readonly rates: RateStore;
  readonly topics: TopicStore;
  readonly sessions: SessionDirectory;
  readonly fanout: EventFanout<E>;
  /** Releases the adapter's resources (connections, timers); the server calls it from `close()`. */
  close(): Promise<void>;
}
