/**
 * The messages of docs/protocol.md "Client → server" and "Server → client", and the checks that
 * turn a decoded frame into them. Node-free: shared by gidl/server and the browser client.
 */
import type { Problem } from "./validation.js";

/** The version of docs/protocol.md "The gidl wire protocol (version 1)"; sent in `hello` and `welcome`. */
export const PROTOCOL_VERSION = 1;

/** The fixed WebSocket subprotocols (docs/protocol.md "Connecting"); binary's depends on the schema. */
export const SUBPROTOCOLS = { json: "gidl.v1.json", msgpack: "gidl.v1.msgpack" } as const;
export type CodecName = "json" | "msgpack" | "binary";

/** The binary codec's token is this prefix and the first 16 hex digits of the schema hash. */
export const BINARY_SUBPROTOCOL_PREFIX = "gidl.v1.binary.";

/** The binary codec's subprotocol for a schema hash (docs/protocol.md "The binary codec"). */
export function binarySubprotocol(hash: string): string {
  return BINARY_SUBPROTOCOL_PREFIX + hash.slice(0, 16).toLowerCase();
}

/**
 * A decoded item of a binary frame that could not be read (docs/protocol.md "Bad frames"): the
 * checks turn it into a failure, with the rpc's `id` when its header gave one, so that call is
 * answered `BAD_MESSAGE` and the rest of a batch still runs.
 */
export class UndecodableMessage {
  constructor(
    readonly reason: string,
    readonly id?: number,
  ) {}
}

/**
 * The `params` of a binary rpc or send whose value is well framed but not of its type (an enum or
 * union index past the list): the server answers `INVALID_ARGUMENT` with these problems, as the
 * validator would (docs/protocol.md "Bad frames").
 */
export class InvalidValue {
  constructor(readonly problems: readonly Problem[]) {}
}

/** `{ code, message, details?, retry }` — the error object of `response` and `error` messages. */
export interface WireError {
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
  readonly retry: boolean;
}

// ── client → server ────────────────────────────────────────────────────────────────────────────

export interface HelloMessage {
  readonly type: "hello";
  readonly protocol: number;
  readonly schema: string;
  readonly token?: string;
  readonly resume?: { readonly token: string; readonly lastEventSeq: number };
}

export interface RpcMessage {
  readonly type: "rpc";
  readonly id: number;
  readonly method: string;
  /**
   * Wire form (JSON: i64 as decimal strings, bytes as base64; see wire-convert.ts), or the
   * TypeScript form on the binary codec, where it may be an `InvalidValue`.
   */
  readonly params: Readonly<Record<string, unknown>>;
  /** W3C traceparent. */
  readonly trace?: string;
}

export interface SendMessage {
  readonly type: "send";
  readonly id: number;
  readonly method: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export interface AckMessage {
  readonly type: "ack";
  readonly seq: number;
}

/** Either side may ping; the other answers `pong` with the same `t`. */
export interface PingMessage {
  readonly type: "ping";
  readonly t: number;
}

export interface PongMessage {
  readonly type: "pong";
  readonly t: number;
}

export type ClientMessage = HelloMessage | RpcMessage | SendMessage | AckMessage | PingMessage | PongMessage;

// ── server → client ────────────────────────────────────────────────────────────────────────────

/** Why a requested resume failed (welcome `reason`). */
export type ResumeFailureReason = "expired" | "unknown" | "overflow" | "state-lost";

export interface WelcomeMessage {
  readonly type: "welcome";
  readonly protocol: number;
  /** `null` when anonymous. */
  readonly player: string | null;
  /** Absent when anonymous. */
  readonly resume?: { readonly token: string; readonly expiresInMs: number };
  readonly resumed: boolean;
  readonly reason?: ResumeFailureReason;
  readonly heartbeatMs: number;
  readonly serverTime: number;
}

export type ResponseMessage =
  | {
      readonly type: "response";
      readonly id: number;
      /** `null` for a call that returns nothing. */
      readonly result: unknown;
      readonly replayed?: true;
    }
  | { readonly type: "response"; readonly id: number; readonly error: WireError; readonly replayed?: true };

export interface EventMessage {
  readonly type: "event";
  readonly event: string;
  readonly data: unknown;
  /** Reliable events only. */
  readonly seq?: number;
  /** Server time, ms since the epoch. */
  readonly ts: number;
}

/** A problem not tied to one rpc (bad frame, hello refused). */
export interface ErrorMessage {
  readonly type: "error";
  readonly error: WireError;
}

export type ServerMessage =
  WelcomeMessage | ResponseMessage | EventMessage | ErrorMessage | PingMessage | PongMessage;

// ── checks ─────────────────────────────────────────────────────────────────────────────────────

/**
 * The outcome of checking one decoded message. On failure, `id` is the message's rpc id when one
 * could be read, so a receiver can answer that call instead of sending a connection-level error.
 */
export type MessageCheck<M> =
  | { readonly ok: true; readonly message: M }
  | { readonly ok: false; readonly reason: string; readonly id?: number };

/** docs/protocol.md "Client → server": an id is an integer from 1 to 2^53-1. */
export function isMessageId(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 1;
}

/** A frame holds one message or a batch (an array of messages, handled in order). */
export function messagesOfFrame(decoded: unknown): readonly unknown[] {
  return Array.isArray(decoded) ? decoded : [decoded];
}

type Fields = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSeq(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function fail<M>(reason: string, id?: number): MessageCheck<M> {
  return id === undefined ? { ok: false, reason } : { ok: false, reason, id };
}

/** Checks a message a server received. Unknown extra fields are ignored (newer clients). */
export function checkClientMessage(raw: unknown): MessageCheck<ClientMessage> {
  if (raw instanceof UndecodableMessage) return fail(raw.reason, raw.id);
  if (!isRecord(raw)) return fail("a message must be an object");
  switch (raw.type) {
    case "hello": {
      if (!isSeq(raw.protocol)) return fail("hello.protocol must be an integer");
      if (typeof raw.schema !== "string") return fail("hello.schema must be a string");
      if (raw.token !== undefined && typeof raw.token !== "string")
        return fail("hello.token must be a string");
      if (raw.resume !== undefined) {
        const resume = raw.resume;
        if (!isRecord(resume) || typeof resume.token !== "string" || !isSeq(resume.lastEventSeq)) {
          return fail("hello.resume must be {token: string, lastEventSeq: int}");
        }
      }
      return { ok: true, message: raw as unknown as HelloMessage };
    }
    case "rpc":
    case "send": {
      const id = isMessageId(raw.id) ? raw.id : undefined;
      if (id === undefined) return fail(`${raw.type}.id must be an integer from 1 to 2^53-1`);
      if (typeof raw.method !== "string") return fail(`${raw.type}.method must be a string`, id);
      if (!isRecord(raw.params)) return fail(`${raw.type}.params must be an object`, id);
      if (raw.type === "rpc" && raw.trace !== undefined && typeof raw.trace !== "string") {
        return fail("rpc.trace must be a string", id);
      }
      return { ok: true, message: raw as unknown as RpcMessage | SendMessage };
    }
    case "ack":
      if (!isSeq(raw.seq)) return fail("ack.seq must be a non-negative integer");
      return { ok: true, message: raw as unknown as AckMessage };
    case "ping":
    case "pong":
      if (!isFiniteNumber(raw.t)) return fail(`${raw.type}.t must be a number`);
      return { ok: true, message: raw as unknown as PingMessage | PongMessage };
    default:
      return fail(
        typeof raw.type === "string" ? `unknown message type "${raw.type}"` : "a message needs a type",
      );
  }
}

function isWireError(value: unknown): value is WireError {
  return (
    isRecord(value) &&
    typeof value.code === "string" &&
    typeof value.message === "string" &&
    typeof value.retry === "boolean"
  );
}

/** Checks a message a client received. Unknown extra fields are ignored (newer servers). */
export function checkServerMessage(raw: unknown): MessageCheck<ServerMessage> {
  if (raw instanceof UndecodableMessage) return fail(raw.reason, raw.id);
  if (!isRecord(raw)) return fail("a message must be an object");
  switch (raw.type) {
    case "welcome": {
      if (!isSeq(raw.protocol)) return fail("welcome.protocol must be an integer");
      if (raw.player !== null && typeof raw.player !== "string")
        return fail("welcome.player must be a string or null");
      if (typeof raw.resumed !== "boolean") return fail("welcome.resumed must be a boolean");
      if (!isFiniteNumber(raw.heartbeatMs) || raw.heartbeatMs <= 0)
        return fail("welcome.heartbeatMs must be positive");
      if (!isFiniteNumber(raw.serverTime)) return fail("welcome.serverTime must be a number");
      if (raw.resume !== undefined) {
        const resume = raw.resume;
        if (!isRecord(resume) || typeof resume.token !== "string" || !isFiniteNumber(resume.expiresInMs)) {
          return fail("welcome.resume must be {token: string, expiresInMs: number}");
        }
      }
      return { ok: true, message: raw as unknown as WelcomeMessage };
    }
    case "response": {
      if (!isMessageId(raw.id)) return fail("response.id must be an integer from 1 to 2^53-1");
      if ("error" in raw) {
        if (!isWireError(raw.error)) return fail("response.error must be {code, message, retry}", raw.id);
      } else if (!("result" in raw)) {
        return fail("a response needs a result or an error", raw.id);
      }
      return { ok: true, message: raw as unknown as ResponseMessage };
    }
    case "event":
      if (typeof raw.event !== "string") return fail("event.event must be a string");
      if (raw.seq !== undefined && !isMessageId(raw.seq)) return fail("event.seq must be a positive integer");
      if (!isFiniteNumber(raw.ts)) return fail("event.ts must be a number");
      return { ok: true, message: raw as unknown as EventMessage };
    case "error":
      if (!isWireError(raw.error)) return fail("error.error must be {code, message, retry}");
      return { ok: true, message: raw as unknown as ErrorMessage };
    case "ping":
    case "pong":
      if (!isFiniteNumber(raw.t)) return fail(`${raw.type}.t must be a number`);
      return { ok: true, message: raw as unknown as PingMessage | PongMessage };
    default:
      return fail(
        typeof raw.type === "string" ? `unknown message type "${raw.type}"` : "a message needs a type",
      );
  }
}
