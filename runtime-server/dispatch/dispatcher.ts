/**
 * rpc and send: lookup → deduplication → authorization → decode and validate → rate limits → queue
 * → handler with its deadline → response (docs/protocol.md "Exactly-once calls", "Limits and bad
 * input", "Request queues"). Everything up to the handler's start runs in the connection's message
 * order; handlers then run concurrently. The jobs live next door: authorize.ts (the checks),
 * call-runner.ts (running handlers), replier.ts (answering).
 */
// The global `performance` is a getter on every read in Node.js; the module's export is not (once per rpc).
import { performance } from "node:perf_hooks";
import type { Logger } from "pino";
import type { ApiDefinition } from "../../protocol/definition.js";
import { GameError, type RpcMessage, type SendMessage } from "../../protocol/index.js";
import type { DedupState, ServerAdapter } from "../adapters/adapter.js";
import type { BackgroundWork } from "../background-work.js";
import type { EventRouter } from "../events/event-router.js";
import type { Limits } from "../limits.js";
import type { ServerMetrics } from "../observability/metrics.js";
import type { PlayerSession } from "../players/player-session.js";
import type { GameSession } from "../sessions/game-session.js";
import type { SessionManager } from "../sessions/session-manager.js";
import type { Connection } from "../transport/connection.js";
import type { HandlerContext } from "../types.js";
import { authorize, decodeParams } from "./authorize.js";
import { parseTraceparent } from "./call-errors.js";
import { CallRunner, type RpcCall, type Trace } from "./call-runner.js";
import type { MethodEntry, MethodTable } from "./method-table.js";
import { Replier, type StoredResponse } from "./replier.js";
import { RequestQueue } from "./request-queue.js";

export type { StoredResponse } from "./replier.js";

/** retryAfterMs for a connection at maxRunningCalls: a slot frees when any call ends. */
const RUNNING_CALLS_RETRY_MS = 100;

export interface DispatcherOptions {
  readonly definition: ApiDefinition;
  readonly table: MethodTable;
  readonly adapter: ServerAdapter<unknown, StoredResponse>;
  readonly limits: Limits;
  readonly sessions: SessionManager;
  readonly router: EventRouter;
  readonly metrics: ServerMetrics | undefined;
  readonly logger: Logger;
  readonly background: BackgroundWork;
  readonly contextEmit: ((ctx: HandlerContext) => unknown) | undefined;
}

export class Dispatcher {
  private readonly queues = new Map<string, RequestQueue>();
  private readonly replier: Replier;
  private readonly runner: CallRunner;
  private shuttingDown = false;
  /** The runner answers every outcome itself: its promise rejects only on a bug of ours. */
  private readonly runnerFailed = (error: unknown): void => {
    this.options.logger.error({ err: error }, "running a handler failed");
  };

  constructor(private readonly options: DispatcherOptions) {
    this.replier = new Replier(options);
    this.runner = new CallRunner({ ...options, replier: this.replier });
  }

  /**
   * An rpc, through every check to its handler's start. Each stage goes on in the same tick when
   * its store answers in it (the in-memory adapter) and chains onto the promise only when one does
   * not: the usual call takes no promise, closure or microtask (docs/contributing.md "Hot paths").
   * The result settles once the handler has started (or the call was answered); the handler then
   * runs on its own.
   */
  rpc(
    connection: Connection,
    session: PlayerSession,
    message: RpcMessage,
    limitedMs: number,
  ): void | Promise<void> {
    const started = performance.now();
    const entry = this.options.table[message.method];
    const trace = parseTraceparent(message.trace);
    if (entry === undefined) {
      const error = new GameError("NOT_FOUND", `Unknown method "${message.method}"`);
      const response = { error: error.toWire() };
      this.replier.reply(
        session,
        "unknown",
        undefined,
        message.id,
        response,
        started,
        trace?.traceId,
        undefined,
      );
      return;
    }
    const call = new PendingRpc(connection, session, entry, message.id, trace, started);
    if (entry.definition.kind !== "rpc") {
      this.fail(call, new GameError("BAD_MESSAGE", `${entry.name} is a send, not an rpc`));
      return;
    }
    const { dedup } = this.options.adapter;
    const admitted =
      dedup.checkNow !== undefined
        ? this.checked(call, message.params, limitedMs, dedup.checkNow(session.id, message.id))
        : dedup
            .check(session.id, message.id)
            .then((known) => this.checked(call, message.params, limitedMs, known));
    return admitted === undefined ? undefined : admitted.catch(this.admissionFailed.bind(this, call));
  }

  /**
   * A store the call needed before its handler (the id window, the session directory, `@rate`)
   * failed: the handler has not run, so the caller is told to try again rather than left to its
   * deadline (docs/server.md "When the store fails").
   */
  private admissionFailed(call: PendingRpc, error: unknown): void {
    this.options.background.failed("rpc.admit", error);
    this.fail(call, new GameError("UNAVAILABLE", "The server's store did not answer; try again"));
  }

  /** The id window answered: a known id, the connection's rate, shutdown, then `authorize`. */
  private checked(
    call: PendingRpc,
    wire: RpcMessage["params"],
    limitedMs: number,
    known: DedupState<StoredResponse>,
  ): void | Promise<void> {
    if (this.answerKnown(call.session, call.entry, call.id, known)) return;
    if (limitedMs > 0) {
      this.fail(call, rateLimited(limitedMs, "Too many messages on this connection"));
      return;
    }
    if (this.shuttingDown) {
      this.fail(call, new GameError("UNAVAILABLE", "The server is shutting down"));
      return;
    }
    const authorized = authorize(this.options.sessions, call.session, call.entry);
    if (authorized instanceof Promise) return authorized.then((game) => this.authorized(call, wire, game));
    return this.authorized(call, wire, authorized);
  }

  /** Authorized or refused: the params, then the method's `@rate`. */
  private authorized(
    call: PendingRpc,
    wire: RpcMessage["params"],
    game: GameSession | undefined | GameError,
  ): void | Promise<void> {
    if (game instanceof GameError) {
      this.fail(call, game);
      return;
    }
    const params = decodeParams(this.options.definition, call.connection.codec.name, call.entry, wire);
    if (params instanceof GameError) {
      this.fail(call, params);
      return;
    }
    if (call.entry.definition.policy.rate === null) return this.rated(call, params, game, 0);
    return this.takeRate(call.session, call.entry).then((wait) => this.rated(call, params, game, wait));
  }

  /** Within its rates: the connection's running calls, then the id window records the call. */
  private rated(
    call: PendingRpc,
    params: Record<string, unknown>,
    game: GameSession | undefined,
    wait: number,
  ): void | Promise<void> {
    if (wait > 0) {
      this.fail(call, rateLimited(wait, `Over the rate of ${call.entry.name}`));
      return;
    }
    if (call.connection.runningCalls >= this.options.limits.maxRunningCalls) {
      this.options.metrics?.rateLimited.inc();
      this.fail(call, rateLimited(RUNNING_CALLS_RETRY_MS, "Too many calls running on this connection"));
      return;
    }
    const { dedup } = this.options.adapter;
    const { session, id } = call;
    const window = this.options.limits.dedupWindow;
    if (dedup.beginNow !== undefined)
      return this.begun(call, params, game, dedup.beginNow(session.id, id, window));
    return dedup.begin(session.id, id, window).then((begun) => this.begun(call, params, game, begun));
  }

  /** Recorded: the handler runs now, or waits in its `@queue`. */
  private begun(
    call: PendingRpc,
    params: Record<string, unknown>,
    game: GameSession | undefined,
    begun: DedupState<StoredResponse>,
  ): void | Promise<void> {
    if (this.answerKnown(call.session, call.entry, call.id, begun)) return;
    call.takeSlot();
    const queue = call.entry.definition.policy.queue;
    if (queue === null) {
      this.runner.rpc(call, params, game)?.catch(this.runnerFailed);
      return;
    }
    const { adapter, metrics, background } = this.options;
    const accepted = this.queue(queue.name, queue.concurrency, queue.depth).offer({
      run: (waitedMs) => {
        metrics?.queueWait.observe({ queue: queue.name }, waitedMs / 1000);
        return this.runner.rpc(call, params, game)?.catch(this.runnerFailed) ?? Promise.resolve();
      },
      cancel: () => {
        call.freeSlot();
        background.run("dedup.forget", adapter.dedup.forget(call.session.id, call.id));
        this.fail(call, new GameError("UNAVAILABLE", "The server is shutting down"));
      },
    });
    if (accepted) return;
    call.freeSlot();
    // Forgotten first, so that the id may be sent again; answered even when the store failed to forget.
    const refuse = (): void => {
      this.fail(call, new GameError("UNAVAILABLE", `The ${queue.name} queue is full`));
    };
    return adapter.dedup.forget(call.session.id, call.id).then(refuse, (error: unknown) => {
      background.failed("dedup.forget", error);
      refuse();
    });
  }

  /** Answers a call that did not reach its handler (never remembered by the id window). */
  private fail(call: PendingRpc, error: GameError): void {
    const response = { error: error.toWire() };
    const { session, entry, id, started, trace } = call;
    this.replier.reply(session, entry.name, entry, id, response, started, trace?.traceId, undefined);
  }

  async send(
    connection: Connection,
    session: PlayerSession,
    message: SendMessage,
    limitedMs: number,
  ): Promise<void> {
    const { adapter, table, definition } = this.options;
    // docs/protocol.md "Exactly-once calls": a send whose id is not above the highest id seen is dropped.
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
    const authorized = authorize(this.options.sessions, session, entry);
    const game = authorized instanceof Promise ? await authorized : authorized;
    if (game instanceof GameError) {
      refuse(game);
      return;
    }
    const params = decodeParams(definition, connection.codec.name, entry, message.params);
    if (params instanceof GameError) {
      refuse(params);
      return;
    }
    if (entry.definition.policy.rate !== null && (await this.takeRate(session, entry)) > 0) return;
    this.runner.send(session, entry, params, game);
  }

  /** Graceful shutdown: new calls are refused; running ones get `timeoutMs` to finish, then UNAVAILABLE. */
  async drain(timeoutMs: number): Promise<void> {
    this.shuttingDown = true;
    for (const queue of this.queues.values()) queue.cancelWaiting();
    await this.runner.drain(timeoutMs);
    await this.options.router.flushed();
  }

  /** A remembered or running id is answered from the window (or later, once); true when handled. */
  private answerKnown(
    session: PlayerSession,
    entry: MethodEntry,
    id: number,
    state: DedupState<StoredResponse>,
  ): boolean {
    switch (state.kind) {
      case "new":
        return false;
      case "running":
        return true;
      case "done":
        this.options.metrics?.dedupReplays.inc();
        this.replier.respond(session, entry, id, state.response, true);
        return true;
      case "stale": {
        const error = new GameError("STALE_REQUEST", `Call ${id} is older than the deduplication window`);
        this.replier.respond(session, entry, id, { error: error.toWire() }, false);
        return true;
      }
    }
  }

  private takeRate(session: PlayerSession, entry: MethodEntry): Promise<number> {
    const rate = entry.definition.policy.rate;
    if (rate === null) return Promise.resolve(0);
    // Per player; an anonymous connection is its own bucket (docs/server.md "Limits").
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
}

/**
 * One rpc between its arrival and its handler's end: what every stage needs, as one object rather
 * than a closure per stage, and its slot among the connection's running calls.
 */
class PendingRpc implements RpcCall {
  private holdsSlot = false;

  constructor(
    readonly connection: Connection,
    readonly session: PlayerSession,
    readonly entry: MethodEntry,
    readonly id: number,
    readonly trace: Trace | undefined,
    readonly started: number,
  ) {}

  takeSlot(): void {
    this.connection.runningCalls++;
    this.holdsSlot = true;
  }

  freeSlot(): void {
    if (this.holdsSlot) this.connection.runningCalls--;
    this.holdsSlot = false;
  }
}

function rateLimited(retryAfterMs: number, message: string): GameError {
  return new GameError("RATE_LIMITED", message, { details: { retryAfterMs } });
}
