/**
 * The client's options, their defaults (one object: docs/contributing.md "Options and limits") and
 * the reconnect backoff (docs/client.md "Options").
 * Browser-safe.
 */
import type { CodecName } from "../protocol/messages.js";

/**
 * The part of the WebSocket API the client uses: the browser's `WebSocket` and `ws`'s class both
 * fit. Handler parameters are typed `never` so that either implementation's event types are
 * accepted; the client reads only `data`, `code` and `reason`.
 */
export interface WebSocketLike {
  readonly protocol: string;
  readonly readyState: number;
  binaryType: string;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
}

export type WebSocketConstructorLike = new (url: string, protocols?: string | string[]) => WebSocketLike;

export interface ReconnectOptions {
  /** First delay ceiling; each failed attempt doubles it. @default 250 */
  baseMs?: number;
  /** The ceiling never grows past this. @default 10000 */
  maxMs?: number;
  /** The random source of the jitter, in [0, 1). For tests. @default Math.random */
  random?: () => number;
}

export interface ClientOptions {
  /** `ws://` or `wss://` URL of the game server. */
  url: string;
  /** Sent in `hello`; a function is called before every connection attempt (fresh tokens on reconnect). */
  token?: string | (() => string | Promise<string>);
  /**
   * The codec offered first: "json" (then MessagePack), "msgpack" (then JSON) or "binary" (then
   * MessagePack, then JSON; needs code generated with the binary schema). The server picks.
   * @default "json"
   */
  codec?: CodecName;
  /** Per-call deadline, all waiting and retries included. @default 15000 */
  timeoutMs?: number;
  /**
   * How long one connection attempt may take, from opening the socket (TCP, the WebSocket upgrade)
   * to `welcome`; an attempt that gets no answer, or no event at all, ends then. @default 10000
   */
  connectTimeoutMs?: number;
  /** Full-jitter exponential backoff between reconnect attempts, or `false` not to reconnect. */
  reconnect?: ReconnectOptions | false;
  /** Calls and sends held while disconnected; over it calls fail with `QUEUE_FULL`. @default 100 */
  offlineQueue?: number;
  /** A WebSocket class. @default globalThis.WebSocket, else `ws` in Node.js */
  WebSocket?: WebSocketConstructorLike;
}

export interface CallOptions {
  /** This call's deadline, all retries included. @default ClientOptions.timeoutMs */
  timeoutMs?: number;
  /** Aborting rejects the call with `CANCELLED`. */
  signal?: AbortSignal;
  /** Retry, as a new call, after an error whose `retry` flag is true. @default false */
  retry?: boolean;
}

export const CLIENT_DEFAULTS = {
  codec: "json",
  timeoutMs: 15_000,
  connectTimeoutMs: 10_000,
  reconnect: { baseMs: 250, maxMs: 10_000 },
  offlineQueue: 100,
} as const;

export interface ResolvedOptions {
  readonly url: string;
  readonly token: (() => string | undefined | Promise<string | undefined>) | undefined;
  readonly codec: CodecName;
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly reconnect:
    { readonly baseMs: number; readonly maxMs: number; readonly random: () => number } | false;
  readonly offlineQueue: number;
  readonly WebSocket: WebSocketConstructorLike | undefined;
}

/** The longest delay setTimeout honours: past it, Node.js and browsers fire after 1 ms instead. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A deadline of 0 would fail every attempt, and one past MAX_TIMER_MS would end it after 1 ms.
 * Checked at run time: JavaScript callers get no type check.
 */
export function checkTimeout(name: string, value: unknown): number {
  if (typeof value !== "number" || !(value > 0 && value <= MAX_TIMER_MS)) {
    const given = typeof value === "number" ? String(value) : typeof value;
    throw new TypeError(
      `Client option "${name}" must be a number of milliseconds above 0 and at most ${MAX_TIMER_MS}, got ${given}`,
    );
  }
  return value;
}

/** A count option: a whole number from 0 up (0 holds nothing while disconnected). */
function checkCount(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    const given = typeof value === "number" ? String(value) : typeof value;
    throw new TypeError(`Client option "${name}" must be a whole number from 0 up, got ${given}`);
  }
  return value;
}

/** A backoff bound: 0 (reconnect at once) up to MAX_TIMER_MS. */
function checkDelay(name: string, value: unknown): number {
  if (typeof value !== "number" || !(value >= 0 && value <= MAX_TIMER_MS)) {
    const given = typeof value === "number" ? String(value) : typeof value;
    throw new TypeError(
      `Client option "${name}" must be a number of milliseconds from 0 to ${MAX_TIMER_MS}, got ${given}`,
    );
  }
  return value;
}

/** One of the codecs; "binary" only with the generated binary schema (`canBinary`). */
function checkCodec(value: unknown, canBinary: boolean): CodecName {
  if (value === "json" || value === "msgpack" || (value === "binary" && canBinary)) return value;
  if (value === "binary") {
    throw new TypeError(
      'Client option "codec" is "binary", but the definition has no binary schema: regenerate the client code',
    );
  }
  const given = typeof value === "string" ? JSON.stringify(value) : typeof value;
  throw new TypeError(`Client option "codec" must be "json", "msgpack" or "binary", got ${given}`);
}

/** `canBinary`: the definition carries the generated binary schema (`definition.binary`). */
export function resolveOptions(options: ClientOptions, canBinary = false): ResolvedOptions {
  const { token, reconnect } = options;
  return {
    url: options.url,
    token: token === undefined ? undefined : typeof token === "function" ? token : () => token,
    codec: checkCodec(options.codec ?? CLIENT_DEFAULTS.codec, canBinary),
    timeoutMs: checkTimeout("timeoutMs", options.timeoutMs ?? CLIENT_DEFAULTS.timeoutMs),
    connectTimeoutMs: checkTimeout(
      "connectTimeoutMs",
      options.connectTimeoutMs ?? CLIENT_DEFAULTS.connectTimeoutMs,
    ),
    reconnect:
      reconnect === false
        ? false
        : {
            baseMs: checkDelay("reconnect.baseMs", reconnect?.baseMs ?? CLIENT_DEFAULTS.reconnect.baseMs),
            maxMs: checkDelay("reconnect.maxMs", reconnect?.maxMs ?? CLIENT_DEFAULTS.reconnect.maxMs),
            random: reconnect?.random ?? Math.random,
          },
    offlineQueue: checkCount("offlineQueue", options.offlineQueue ?? CLIENT_DEFAULTS.offlineQueue),
    WebSocket: options.WebSocket,
  };
}

/**
 * The wait before reconnect attempt `attempt` (0 for the first): "full jitter" — uniformly random
 * below a ceiling that doubles per attempt and is capped at `maxMs` — so that a server restart is
 * not met by every client at the same instant.
 */
export function backoffDelay(
  attempt: number,
  backoff: { readonly baseMs: number; readonly maxMs: number },
  random: () => number,
): number {
  // 2 ** attempt overflows to Infinity for huge attempts; Math.min keeps the cap.
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}
