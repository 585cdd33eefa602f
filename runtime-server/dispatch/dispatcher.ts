/**
 * rpc and send: lookup → deduplication → authorization → decode and validate → rate limits →
 * queue → handler with its deadline → response (PROTOCOL.md "Exactly-once calls", "Limits and bad
 * input", "Request queues"). Everything up to the handler's start runs in the connection's message
 * order; handlers then run concurrently.
 */
import type { Logger } from "pino";
import type { ApiDefinition, ApiValidators } from "../../runtime-client/protocol/definition.js";
import {
  GameError,
  fromWire,
  toProblems,
  toWire,
  type RpcMessage,
  type SendMessage,
  type WireError,
} from "../../runtime-client/protocol/index.js";
import type { ServerAdapter } from "../adapters/adapter.js";
import type { EventRouter } from "../events/event-router.js";
import type { Limits } from "../limits.js";
import type { ServerMetrics } from "../observability/metrics.js";
import type { PlayerSession } from "../players/player-session.js";
import type { GameSession } from "../sessions/game-session.js";
import type { SessionManager } from "../sessions/session-manager.js";
import type { Connection } from "../transport/connection.js";
import type { EventTarget, HandlerContext, SessionScopedTarget } from "../types.js";
import { parseTraceparent, toResponseError } from "./call-errors.js";
import type { MethodEntry, MethodTable } from "./method-table.js";
import { RequestQueue } from "./request-queue.js";

/** What the deduplication window remembers of a call: its response in TypeScript form. */
export type StoredResponse = { readonly result: unknown } | { readonly error: WireError };

/** retryAfterMs for a connection at maxRunningCalls: a slot frees when any call ends. */
const RUNNING_CALLS_RETRY_MS = 100;

const FORBIDDEN_KEYS = ["__proto__", "constructor", "prototype"];

export interface DispatcherOptions {
  readonly definition: ApiDefinition;
  readonly validators: ApiValidators;
  readonly table: MethodTable;
  readonly adapter: ServerAdapter<unknown, StoredResponse>;
  readonly limits: Limits;
  readonly sessions: SessionManager;
  readonly router: EventRouter;
  readonly metrics: ServerMetrics | undefined;
  readonly logger: Logger;
  readonly contextEmit: ((ctx: HandlerContext) => unknown) | undefined;
}

interface RunningCall {
  readonly id: number;
  settled: boolean;
  /** Answers UNAVAILABLE now (shutdown) and drops the handler's late result. */
  abort(): void;
  readonly done: Promise<void>;
}

export class Dispatcher {
  private readonly queues = new Map<string, RequestQueue>();
  private readonly running = new Set<RunningCall>();
  private shuttingDown = false;

  constructor(private readonly options: DispatcherOptions) {}

  async rpc(
    connection: Connection,
    session: PlayerSession,
    message: RpcMessage,
    limitedMs: number,
  ): Promise<void> {
    const started = performance.now();
    const { adapter, table, limits } = this.options;
    const entry = table[message.method];
    const trace = parseTraceparent(message.trace);
    const fail = (error: GameError): void => {
      this.reply(
        session,
        entry?.name ?? "unknown",
        message.id,
        { error: error.toWire() },
        started,
        trace?.traceId,
        undefined,
      );
    };
    if (entry === undefined) {
      fail(new GameError("NOT_FOUND", `Unknown method "${message.method}"`));
      return;
    }
    if (entry.definition.kind !== "rpc") {
      fail(new GameError("BAD_MESSAGE", `${entry.name} is a send, not an rpc`));
      return;
    }

    const known = await adapter.dedup.check(session.id, message.id);
    if (this.answerKnown(session, entry, message.id, known)) return;
    if (limitedMs > 0) {
      fail(rateLimited(limitedMs, "Too many messages on this connection"));
      return;
    }
    if (this.shuttingDown) {
      fail(new GameError("UNAVAILABLE", "The server is shutting down"));
      return;
    }

    const game = await this.authorize(session, entry);
    if (game instanceof GameError) {
      fail(game);
      return;
    }
    const params = this.decode(connection, entry, message.params);
    if (params instanceof GameError) {
      fail(params);
      return;
    }
    const wait = await this.takeRate(session, entry);
    if (wait > 0) {
      fail(rateLimited(wait, `Over the rate of ${entry.name}`));
      return;
    }
    if (connection.runningCalls >= limits.maxRunningCalls) {
      fail(rateLimited(RUNNING_CALLS_RETRY_MS, "Too many calls running on this connection"));
      return;
    }

    const begun = await adapter.dedup.begin(session.id, message.id, limits.dedupWindow);
    if (this.answerKnown(session, entry, message.id, begun)) return;

    connection.runningCalls++;
    let slotFreed = false;
    const freeSlot = (): void => {
      if (!slotFreed) connection.runningCalls--;
      slotFreed = true;
    };
    const queue = entry.definition.policy.queue;
    const run = (waitedMs: number): Promise<void> => {
      if (queue !== null) this.options.metrics?.queueWait.observe({ queue: queue.name }, waitedMs / 1000);
      return this.execute(session, entry, message.id, params, game, trace, started, freeSlot);
    };
    if (queue === null) {
      void run(0);
      return;
    }
    const accepted = this.queue(queue.name, queue.concurrency, queue.depth).offer({
      run,
      cancel: () => {
        freeSlot();
        void adapter.dedup.forget(session.id, message.id);
        fail(new GameError("UNAVAILABLE", "The server is shutting down"));
      },
    });
    if (!accepted) {
      freeSlot();
      await adapter.dedup.forget(session.id, message.id);
      fail(new GameError("UNAVAILABLE", `The ${queue.name} queue is full`));
    }
  }

  async send(
    connection: Connection,
    session: PlayerSession,
    message: SendMessage,
    limitedMs: number,
  ): Promise<void> {
    const { adapter, table } = this.options;
    // PROTOCOL.md: a send whose id is not above the highest id seen is dropped.
    if (!(await adapter.dedup.advance(session.id, message.id))) return;
    if (limitedMs > 0 || this.shuttingDown) return;
    const entry = table[message.method];
    const refuse = (error: GameError): void => {
      connection.sendError(error);
    };
    if (entry === undefined) {
      refuse(new GameError("NOT_FOUND", `Unknown method "${message.method}"`));
      return;
    }
    if (entry.definition.kind !== "send") {
      refuse(new GameError("BAD_MESSAGE", `${entry.name} is an rpc, not a send`));
      return;
    }
    const game = await this.authorize(session, entry);
    if (game instanceof GameError) {
      refuse(game);
      return;
    }
    const params = this.decode(connection, entry, message.params);
    if (params instanceof GameError) {
      refuse(params);
      return;
    }
    if ((await this.takeRate(session, entry)) > 0) return;
    const controller = new AbortController();
    const ctx = this.context(session, game, undefined, entry.name, controller.signal);
    const call: RunningCall = {
      id: message.id,
      settled: false,
      abort: () => {
        controller.abort(new GameError("UNAVAILABLE", "The server is shutting down"));
      },
      done: Promise.resolve()
        .then(() => entry.handler(params, ctx))
        .then(
          () => {
            this.options.logger.debug(this.logFields(session, entry.name, game, "OK", 0, undefined), "send");
          },
          (error: unknown) => {
            const { error: wire, internal } = toResponseError(error, this.options.definition);
            const fields = this.logFields(session, entry.name, game, wire.code, 0, undefined);
            if (internal) this.options.logger.error({ ...fields, err: error }, "send handler failed");
            else this.options.logger.warn(fields, "send refused");
          },
        )
        .finally(() => {
          this.running.delete(call);
        }),
    };
    this.running.add(call);
  }

  /** Graceful shutdown: new calls are refused; running ones get `timeoutMs` to finish, then UNAVAILABLE. */
  async drain(timeoutMs: number): Promise<void> {
    this.shuttingDown = true;
    for (const queue of this.queues.values()) queue.cancelWaiting();
    if (this.running.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all([...this.running].map((call) => call.done)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
      ]);
      clearTimeout(timer);
    }
    for (const call of this.running) call.abort();
    await this.options.router.flushed();
  }

  /** A remembered or running id is answered from the window (or later, once); true when handled. */
  private answerKnown(
    session: PlayerSession,
    entry: MethodEntry,
    id: number,
    state: Awaited<ReturnType<ServerAdapter<unknown, StoredResponse>["dedup"]["check"]>>,
  ): boolean {
    switch (state.kind) {
      case "new":
        return false;
      case "running":
        return true;
      case "done":
        this.options.metrics?.dedupReplays.inc();
        this.send1(session, entry, id, state.response, true);
        return true;
      case "stale":
        this.send1(
          session,
          entry,
          id,
          {
            error: new GameError(
              "STALE_REQUEST",
              `Call ${id} is older than the deduplication window`,
            ).toWire(),
          },
          false,
        );
        return true;
    }
  }

  private async execute(
    session: PlayerSession,
    entry: MethodEntry,
    id: number,
    params: Record<string, unknown>,
    game: GameSession | undefined,
    trace: { traceparent: string; traceId: string } | undefined,
    started: number,
    freeSlot: () => void,
  ): Promise<void> {
    const controller = new AbortController();
    const ctx = this.context(session, game, trace?.traceparent, entry.name, controller.signal);
    let finish!: (response: StoredResponse, remember: boolean) => void;
    const done = new Promise<void>((resolve) => {
      finish = (response, remember) => {
        if (call.settled) return;
        call.settled = true;
        freeSlot();
        clearTimeout(timer);
        this.running.delete(call);
        resolve();
        void this.complete(session, entry, id, response, remember, started, game, trace?.traceId);
      };
    });
    const call: RunningCall = {
      id,
      settled: false,
      abort: () => {
        controller.abort(new GameError("UNAVAILABLE", "The server is shutting down"));
        finish({ error: new GameError("UNAVAILABLE", "The server is shutting down").toWire() }, false);
      },
      done,
    };
    this.running.add(call);
    const timeoutMs = entry.definition.policy.timeoutMs;
    const timer =
      timeoutMs === null
        ? undefined
        : setTimeout(() => {
            const error = new GameError("TIMEOUT", `${entry.name} took longer than ${timeoutMs} ms`);
            controller.abort(error);
            finish({ error: error.toWire() }, true);
          }, timeoutMs);
    try {
      const result = await entry.handler(params, ctx);
      finish(this.checkResult(session, entry, result, game, trace?.traceId), true);
    } catch (error) {
      const { error: wire, internal } = toResponseError(error, this.options.definition);
      if (internal && !call.settled) {
        this.options.logger.error(
          {
            ...this.logFields(
              session,
              entry.name,
              game,
              "INTERNAL",
              performance.now() - started,
              trace?.traceId,
            ),
            err: error,
          },
          "handler failed",
        );
      }
      finish({ error: wire.toWire() }, true);
    }
  }

  /** Results pass the generated validator too (which strips undeclared fields); a bad one is INTERNAL. */
  private checkResult(
    session: PlayerSession,
    entry: MethodEntry,
    result: unknown,
    game: GameSession | undefined,
    traceId: string | undefined,
  ): StoredResponse {
    const value = result ?? null;
    const validators = this.options.validators.results;
    const validate = Object.hasOwn(validators, entry.name) ? validators[entry.name] : undefined;
    if (validate !== undefined && value !== null && !validate(value)) {
      this.options.logger.error(
        {
          ...this.logFields(session, entry.name, game, "INTERNAL", 0, traceId),
          problems: toProblems(validate.errors),
        },
        "handler returned a result the schema refuses",
      );
      return { error: new GameError("INTERNAL", "Internal error").toWire() };
    }
    return { result: value };
  }

  private async complete(
    session: PlayerSession,
    entry: MethodEntry,
    id: number,
    response: StoredResponse,
    remember: boolean,
    started: number,
    game: GameSession | undefined,
    traceId: string | undefined,
  ): Promise<void> {
    // Events the handler emitted reach the player before its response (PROTOCOL.md's example).
    await this.options.router.flushed();
    if (remember) await this.options.adapter.dedup.finish(session.id, id, response);
    this.reply(session, entry.name, id, response, started, traceId, game);
  }

  private reply(
    session: PlayerSession,
    method: string,
    id: number,
    response: StoredResponse,
    started: number,
    traceId: string | undefined,
    game: GameSession | undefined,
  ): void {
    const latency = performance.now() - started;
    const code = "error" in response ? response.error.code : "OK";
    const { metrics, logger } = this.options;
    metrics?.callDuration.observe({ method, code }, latency / 1000);
    const fields = this.logFields(session, method, game, code, latency, traceId);
    if (code === "OK") logger.debug(fields, "call");
    else {
      metrics?.errors.inc({ method, code });
      if (code !== "INTERNAL") logger.warn(fields, "call failed");
    }
    const entry = this.options.table[method];
    this.send1(session, entry, id, response, false);
  }

  /** Sends a response on whichever connection the player session has now (none: the window keeps it). */
  private send1(
    session: PlayerSession,
    entry: MethodEntry | undefined,
    id: number,
    response: StoredResponse,
    replayed: boolean,
  ): void {
    const connection = session.connection;
    if (connection === null || session.ended) return;
    const replay = replayed ? { replayed: true as const } : {};
    if ("error" in response) {
      connection.send({ type: "response", id, error: response.error, ...replay });
      return;
    }
    const shape = entry?.definition.result ?? null;
    const result = toWire(response.result, shape, this.options.definition.shapes, connection.codec.name);
    connection.send({ type: "response", id, result, ...replay });
  }

  private async authorize(
    session: PlayerSession,
    entry: MethodEntry,
  ): Promise<GameSession | undefined | GameError> {
    const policy = entry.definition.policy;
    if (session.anonymous && !policy.public) {
      return new GameError("UNAUTHENTICATED", `${entry.name} needs an authenticated player`);
    }
    for (const role of policy.roles) {
      if (!session.player.roles.includes(role))
        return new GameError("PERMISSION_DENIED", `${entry.name} needs the role "${role}"`);
    }
    const game = session.anonymous ? undefined : await this.options.sessions.sessionOf(session.player.id);
    if (policy.session === "none" && !policy.host) return game;
    if (game === undefined) return new GameError("PERMISSION_DENIED", `${entry.name} needs a game session`);
    if (policy.host && game.host !== session.player.id) {
      return new GameError("PERMISSION_DENIED", `${entry.name} is for the session's host`);
    }
    if (policy.session === "running" && game.status !== "running") {
      return new GameError("INVALID_STATE", `${entry.name} needs a running session; it is ${game.status}`);
    }
    return game;
  }

  /** Wire form → TypeScript form → the generated validator (which removes undeclared fields). */
  private decode(
    connection: Connection,
    entry: MethodEntry,
    wire: Readonly<Record<string, unknown>>,
  ): Record<string, unknown> | GameError {
    const { definition, validators } = this.options;
    const params = fromWire(
      wire,
      entry.definition.params,
      definition.shapes,
      connection.codec.name,
    ) as Record<string, unknown>;
    const validate = Object.hasOwn(validators.params, entry.name) ? validators.params[entry.name] : undefined;
    if (validate !== undefined && !validate(params)) {
      return new GameError("INVALID_ARGUMENT", "Invalid params", {
        details: { problems: toProblems(validate.errors) },
      });
    }
    for (const key of FORBIDDEN_KEYS) {
      if (Object.hasOwn(params, key)) {
        return new GameError("INVALID_ARGUMENT", "Invalid params", {
          details: { problems: [{ path: `/${key}`, message: "is not allowed" }] },
        });
      }
    }
    return params;
  }

  private takeRate(session: PlayerSession, entry: MethodEntry): Promise<number> {
    const rate = entry.definition.policy.rate;
    if (rate === null) return Promise.resolve(0);
    // Per player (PROTOCOL.md); an anonymous connection is its own bucket.
    const key = `${session.anonymous ? session.id : session.player.id}\u0000${entry.name}`;
    return this.options.adapter.rates.take(key, rate.perSecond, rate.burst, Date.now()).then((wait) => {
      if (wait > 0) this.options.metrics?.rateLimited.inc();
      return wait;
    });
  }

  private queue(name: string, concurrency: number, depth: number): RequestQueue {
    let queue = this.queues.get(name);
    if (queue === undefined) {
      queue = new RequestQueue(name, concurrency, depth, (queueName, length) => {
        this.options.metrics?.queueDepth.set({ queue: queueName }, length);
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  private context(
    session: PlayerSession,
    game: GameSession | undefined,
    trace: string | undefined,
    method: string,
    signal: AbortSignal,
  ): HandlerContext {
    const { router, logger, contextEmit } = this.options;
    let log: Logger | undefined;
    let emit: unknown;
    let emitBuilt = false;
    const ctx: HandlerContext = {
      player: session.player,
      session: game?.handle,
      trace,
      get log() {
        log ??= logger.child({
          player_id: session.anonymous ? null : session.player.id,
          session_id: game?.id ?? null,
          method,
          trace_id: parseTraceparent(trace)?.traceId ?? null,
        });
        return log;
      },
      signal,
      emitEvent(fullName: string, target: EventTarget | SessionScopedTarget, data: unknown) {
        router.emit(fullName, withSession(target, game), data);
      },
      get emit() {
        if (!emitBuilt) {
          emit = contextEmit?.(ctx);
          emitBuilt = true;
        }
        return emit;
      },
    };
    return ctx;
  }

  private logFields(
    session: PlayerSession,
    method: string,
    game: GameSession | undefined,
    code: string,
    latencyMs: number,
    traceId: string | undefined,
  ): Record<string, unknown> {
    return {
      session_id: game?.id ?? null,
      player_id: session.anonymous ? null : session.player.id,
      method,
      result: code === "OK" ? "ok" : "error",
      code,
      latency_ms: Math.round(latencyMs * 1000) / 1000,
      trace_id: traceId ?? null,
    };
  }
}

function rateLimited(retryAfterMs: number, message: string): GameError {
  return new GameError("RATE_LIMITED", message, { details: { retryAfterMs } });
}

function withSession(target: EventTarget | SessionScopedTarget, game: GameSession | undefined): EventTarget {
  if ((target.to === "session" || target.to === "area") && target.sessionId === undefined) {
    if (game === undefined)
      throw new TypeError(`A "to ${target.to}" event needs a session: the caller is in none`);
    return { ...target, sessionId: game.id };
  }
  return target as EventTarget;
}
