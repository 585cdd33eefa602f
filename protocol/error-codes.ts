/**
 * The catalogs of protocol error codes and WebSocket close codes (docs/protocol.md "Built-in error
 * codes", "Close codes"; docs/client.md "Errors" for the client's own codes). A code never changes
 * meaning once shipped. Node-free.
 */

export interface ErrorCodeInfo {
  /** Whether the same call may succeed if made again later as a new call. */
  readonly retry: boolean;
  /** When the code is used (for docs). */
  readonly when: string;
}

/** Codes the server sends, besides the schema's declared errors. */
export const BUILTIN_ERROR_CODES = {
  BAD_MESSAGE: { retry: false, when: "a frame or message the server cannot read" },
  UNAUTHENTICATED: { retry: false, when: "no or bad credentials for a method that needs them" },
  PERMISSION_DENIED: { retry: false, when: "@host, @role or @session not satisfied" },
  INVALID_STATE: { retry: false, when: "the session's status does not allow it" },
  NOT_FOUND: { retry: false, when: "unknown method, or unknown session id" },
  INVALID_ARGUMENT: { retry: false, when: "params fail validation; details.problems lists {path, message}" },
  RATE_LIMITED: { retry: true, when: "over a @rate, the connection's message rate, or maxRunningCalls" },
  TIMEOUT: { retry: true, when: "the handler passed its @timeout" },
  UNAVAILABLE: { retry: true, when: "the server is shutting down or overloaded" },
  STALE_REQUEST: { retry: false, when: "an rpc id older than the deduplication window" },
  SCHEMA_MISMATCH: { retry: false, when: "hello's schema hash is not accepted by the server" },
  SESSION_FULL: { retry: false, when: "the session has no room left" },
  SESSION_IN_PROGRESS: { retry: false, when: "the session is running or paused and does not accept joins" },
  SESSION_ENDED: { retry: false, when: "the session has ended" },
  SESSION_ELSEWHERE: { retry: true, when: "the session is served by another server; details.url says where" },
  INTERNAL: { retry: false, when: "a handler threw something undeclared" },
} as const satisfies Record<string, ErrorCodeInfo>;

export type BuiltinErrorCode = keyof typeof BUILTIN_ERROR_CODES;

/**
 * The built-in codes a handler may throw itself, without `details` (docs/server.md "Handlers"):
 * refusals whose meaning does not depend on the runtime's own checks. The others describe the
 * runtime's work (its deadline, its rate limits, its sessions…), and from a handler would lie to
 * the client about what happened.
 */
export const HANDLER_BUILTIN_CODES: ReadonlySet<string> = new Set<BuiltinErrorCode>([
  "PERMISSION_DENIED",
  "INVALID_STATE",
  "NOT_FOUND",
  "INVALID_ARGUMENT",
  "UNAVAILABLE",
]);

/** Codes the client SDK raises itself; they never travel on the wire. */
export const CLIENT_ERROR_CODES = {
  DEADLINE_EXCEEDED: { retry: true, when: "the call's own timeout passed" },
  CANCELLED: { retry: false, when: "the call's signal aborted" },
  CONNECTION_LOST: { retry: true, when: "the connection dropped and the call's outcome is unknown" },
  QUEUE_FULL: { retry: true, when: "the offline queue is full" },
  CLIENT_CLOSED: { retry: false, when: "the client was closed" },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ClientErrorCode = keyof typeof CLIENT_ERROR_CODES;

/** The built-in and client-side code's entry; `undefined` for a declared (schema) code. */
export function errorCodeInfo(code: string): ErrorCodeInfo | undefined {
  if (Object.hasOwn(BUILTIN_ERROR_CODES, code)) return BUILTIN_ERROR_CODES[code as BuiltinErrorCode];
  if (Object.hasOwn(CLIENT_ERROR_CODES, code)) return CLIENT_ERROR_CODES[code as ClientErrorCode];
  return undefined;
}

/** WebSocket close codes (docs/protocol.md "Close codes"). */
export const CLOSE_CODES = {
  /** Normal closure; from a client it ends the player session. */
  NORMAL: 1000,
  /** The server is going away; the client reconnects. */
  GOING_AWAY: 1001,
  /** From the WebSocket layer. */
  PROTOCOL_ERROR: 1002,
  /** Invalid UTF-8, from the WebSocket layer. */
  INVALID_PAYLOAD: 1007,
  MESSAGE_TOO_BIG: 1009,
  /** A message before hello, a second hello, or a bad frame before hello. */
  PROTOCOL_VIOLATION: 4000,
  UNAUTHENTICATED: 4001,
  HELLO_TIMEOUT: 4002,
  SCHEMA_MISMATCH: 4003,
  /** Another connection authenticated as the same player. */
  TAKEN_OVER: 4004,
  /** Too slow to read its events. */
  SLOW_CONSUMER: 4008,
  FLOODING: 4029,
} as const;

export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];
