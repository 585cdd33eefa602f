/**
 * Every limit the server enforces, with its default, in one object (docs/server.md "Limits";
 * docs/contributing.md "Options and limits").
 * `Infinity` turns a count or rate limit off.
 */
export interface Limits {
  /**
   * Largest message, one frame or its fragments together, in bytes; larger closes with 1009.
   * @default 65536
   */
  readonly maxPayload: number;
  /**
   * Open WebSocket connections; the next handshake is refused with HTTP 503.
   * @default 10000
   */
  readonly maxConnections: number;
  /**
   * Rpcs running or waiting in a queue per connection; past it, RATE_LIMITED.
   * @default 64
   */
  readonly maxRunningCalls: number;
  /**
   * Sustained messages per second per connection; past the burst, rpcs get RATE_LIMITED and sends are dropped.
   * @default 500
   */
  readonly messagesPerSecond: number;
  /**
   * Messages a connection may send at once before the per-second rate applies.
   * @default 1000
   */
  readonly messagesBurst: number;
  /**
   * Unsent bytes on a connection above which `@unreliable` events are dropped.
   * @default 1048576
   */
  readonly unreliableDropBytes: number;
  /**
   * Unsent bytes on a connection above which it is closed with 4008.
   * @default 8388608
   */
  readonly slowConsumerBytes: number;
  /**
   * How long a player session outlives its connection, so that it can be resumed.
   * @default 30000
   */
  readonly resumeWindowMs: number;
  /**
   * Unacknowledged reliable events kept per player session for replay.
   * @default 1024
   */
  readonly replayBuffer: number;
  /**
   * Bytes of unacknowledged reliable events kept per player session for replay.
   * @default 1048576
   */
  readonly replayBufferBytes: number;
  /**
   * Responses remembered per player session for deduplication.
   * @default 1024
   */
  readonly dedupWindow: number;
  /**
   * Time from the handshake to `hello`; past it the connection closes with 4002.
   * @default 5000
   */
  readonly helloTimeoutMs: number;
  /**
   * Time for an HTTP request's headers (a WebSocket upgrade included) to arrive, against slowloris;
   * applies when the server owns its HTTP server (set `headersTimeout` on your own otherwise).
   * @default 10000
   */
  readonly handshakeTimeoutMs: number;
  /**
   * Interval between server pings; two silent intervals drop the connection.
   * @default 15000
   */
  readonly heartbeatMs: number;
  /**
   * How long `close()` lets running calls finish before answering them UNAVAILABLE.
   * @default 10000
   */
  readonly shutdownTimeoutMs: number;
  /**
   * How long an ended game session answers `join` with SESSION_ENDED before it is forgotten.
   * @default 60000
   */
  readonly sessionCleanupMs: number;
}

export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxPayload: 65536,
  maxConnections: 10000,
  maxRunningCalls: 64,
  messagesPerSecond: 500,
  messagesBurst: 1000,
  unreliableDropBytes: 1024 * 1024,
  slowConsumerBytes: 8 * 1024 * 1024,
  resumeWindowMs: 30000,
  replayBuffer: 1024,
  replayBufferBytes: 1024 * 1024,
  dedupWindow: 1024,
  helloTimeoutMs: 5000,
  handshakeTimeoutMs: 10000,
  heartbeatMs: 15000,
  shutdownTimeoutMs: 10000,
  sessionCleanupMs: 60000,
});

/** Merges user limits over the defaults; a missing or `undefined` entry keeps its default. */
export function resolveLimits(overrides: Partial<Limits> | undefined): Limits {
  const limits: Record<string, number> = { ...DEFAULT_LIMITS };
  if (overrides !== undefined) {
    for (const [key, given] of Object.entries(overrides)) {
      const value: unknown = given;
      if (!(key in DEFAULT_LIMITS)) throw new TypeError(`Unknown limit "${key}"`);
      if (value === undefined) continue;
      // Checked at run time too: JavaScript callers get no type check.
      if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
        throw new TypeError(
          `Limit "${key}" must be a non-negative number, got ${typeof value === "number" ? String(value) : typeof value}`,
        );
      }
      limits[key] = value;
    }
  }
  return Object.freeze(limits) as unknown as Limits;
}
