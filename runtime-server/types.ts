/** The public types of gidl/server (the seam agreed with the generator: /tmp gidl-runtime-api). */
import type { Server as HttpServer } from "node:http";
import type { Logger } from "pino";
import type { ApiDefinition, ApiValidators } from "../protocol/definition.js";
import type { ServerAdapter } from "./adapters/adapter.js";
import type { Limits } from "./limits.js";

/** What `authenticate` returns for a token it accepts (it throws to refuse). */
export interface AuthResult {
  readonly playerId: string;
  readonly roles?: readonly string[];
}

export interface PlayerInfo {
  readonly id: string;
  readonly roles: readonly string[];
}

export type SessionStatus = "waiting" | "running" | "paused" | "ended";

export interface Position {
  readonly x: number;
  readonly y: number;
}

/** A game session as handlers and hooks see it. */
export interface SessionHandle {
  readonly id: string;
  readonly status: SessionStatus;
  readonly players: readonly { readonly id: string; readonly connected: boolean }[];
  readonly host: string | null;
  readonly settings: unknown;
  /** The application's own data for this session; the server never reads it. */
  readonly state: Record<string, unknown>;
  /** Places a member for `to area` events (docs/server.md "The session handle"). */
  setPosition(playerId: string, pos: Position): void;
}

export type SessionHook = (player: PlayerInfo, session: SessionHandle) => void | Promise<void>;

/**
 * Session hooks (docs/server.md "Game sessions and their hooks"); a declared GameError thrown by one
 * refuses the action.
 */
export interface SessionHooks {
  onCreate?: SessionHook;
  onJoin?: SessionHook;
  onLeave?: SessionHook;
  onStart?: SessionHook;
  onPause?: SessionHook;
  onResume?: SessionHook;
  onEnd?: SessionHook;
}

export type EventTarget =
  | { readonly to: "session"; readonly sessionId: string }
  | { readonly to: "players"; readonly playerIds: readonly string[] }
  | {
      readonly to: "area";
      readonly sessionId: string;
      readonly origin: Position;
      readonly radius: number;
    }
  | { readonly to: "topic"; readonly topic: string }
  | { readonly to: "all" };

/** Inside a handler, `to session` / `to area` targets may omit the session: ctx's session is used. */
export type SessionScopedTarget =
  | { readonly to: "session"; readonly sessionId?: string }
  | { readonly to: "area"; readonly sessionId?: string; readonly origin: Position; readonly radius: number };

export interface HandlerContext {
  readonly player: PlayerInfo;
  readonly session: SessionHandle | undefined;
  /** The rpc's W3C traceparent, if the client sent one. */
  readonly trace: string | undefined;
  /** A child logger carrying the call's fields. */
  readonly log: Logger;
  /** Aborted at the handler's `@timeout` or when the server shuts down. */
  readonly signal: AbortSignal;
  emitEvent(fullName: string, target: EventTarget | SessionScopedTarget, data: unknown): void;
  /** The generated facade (`ctx.emit.combat.damaged(data)`), built by `GameServerConfig.contextEmit`. */
  readonly emit: unknown;
  /** The factories of the errors the method's `throws` declares: `throw ctx.errors.STUNNED(…)`. */
  readonly errors: unknown;
}

export type Handler = (params: never, ctx: HandlerContext) => unknown;

export type CodecChoice = "binary" | "json" | "msgpack";

/** The options of `createServer` that do not depend on the schema (docs/server.md "Options"). */
export interface ServerOptions {
  /** Port to listen on when the server owns its HTTP server. @default 0 (any free port) */
  port?: number;
  /** @default "127.0.0.1" */
  host?: string;
  /** An HTTP server the application listens on itself; the WebSocket path and /metrics attach to it. */
  server?: HttpServer;
  /** The WebSocket path. @default "/" */
  path?: string;
  /** Turns a hello token into a player; throw to refuse. Without it every token is refused. */
  authenticate?: (token: string) => AuthResult | Promise<AuthResult>;
  sessions?: SessionHooks;
  /** Who may subscribe to a topic. @default nobody */
  authorizeTopic?: (player: PlayerInfo, topic: string) => boolean | Promise<boolean>;
  /** Browser origins allowed to connect; requests without `Origin` are not affected. @default any */
  allowedOrigins?: readonly string[];
  /** Older compatible schema hashes still served. @default [] */
  acceptSchemas?: readonly string[];
  limits?: Partial<Limits>;
  /** @default a pino logger at level "warn" */
  logger?: Logger;
  /**
   * The codecs supported; their order does not matter (the client's order of preference picks).
   * "binary" needs a definition with a binary schema.
   * @default ["binary", "json", "msgpack"], or ["json", "msgpack"] for a definition without a binary schema
   */
  codecs?: readonly CodecChoice[];
  /** false turns off GET /metrics and GET /healthz. @default true */
  metrics?: boolean;
  /** This process's name among servers sharing an adapter (docs/scaling.md). @default random */
  nodeId?: string;
  /**
   * Where clients reach this process, sent in SESSION_ELSEWHERE's details.url.
   * @default ws://<host>:<port><path>
   */
  publicUrl?: string;
  /** The scale-out seam. @default the in-memory adapter (one process) */
  adapter?: ServerAdapter<unknown, unknown>;
}

export interface GameServerConfig extends ServerOptions {
  definition: ApiDefinition;
  validators: ApiValidators;
  /** User services only: `handlers.combat.attack`. */
  handlers: Readonly<Record<string, Readonly<Record<string, Handler>>>>;
  /** Builds the generated `ctx.emit` facade for a handler context (called lazily). */
  contextEmit?: (ctx: HandlerContext) => unknown;
  /** The generated error factories by code; each handler's `ctx.errors` holds its method's. @default {} */
  errors?: Readonly<Record<string, unknown>>;
}

export interface GameServer {
  /** Resolves once listening (a user-supplied `server` is the application's to listen on). */
  listen(): Promise<void>;
  /** Graceful (docs/server.md "Graceful close"). */
  close(): Promise<void>;
  /** The port listened on (0 before `listen`). */
  readonly port: number;
  emitEvent(fullName: string, target: EventTarget, data: unknown): void;
}
