/**
 * rpc and send: lookup → deduplication → authorization → decode and validate → rate limits →
 * queue → handler with its deadline → response (PROTOCOL.md "Exactly-once calls", "Limits and bad
 * input", "Request queues"). Everything up to the handler's start runs in the connection's message
 * order; handlers then run concurrently. The jobs live next door: authorize.ts (the checks),
 * call-runner.ts (running handlers), replier.ts (answering).
 */
import type { Logger } from "pino";
import type { ApiDefinition, ApiValidators } from "../../runtime-client/protocol/definition.js";
import { GameError, type RpcMessage, type SendMessage } from "../../runtime-client/protocol/index.js";
import type { ServerAdapter } from "../adapters/adapter.js";
import type { EventRouter } from "../events/event-router.js";
import type { Limits } from "../limits.js";
import type { ServerMetrics } from "../observability/metrics.js";
import type { PlayerSession } from "../players/player-session.js";
import type { SessionManager } from "../sessions/session-manager.js";
import type { Connection } from "../transport/connection.js";
import type { HandlerContext } from "../types.js";
import { authorize, decodeParams } from "./authorize.js";
import { parseTraceparent } from "./call-errors.js";
import { CallRunner } from "./call-runner.js";
import type { MethodEntry, MethodTable } from "./method-table.js";
import { Replier, type StoredResponse } from "./replier.js";
import { RequestQueue } from "./request-queue.js";

export type { StoredResponse } from "./replier.js";

/** retryAfterMs for a connection at maxRunningCalls: a slot frees when any call ends. */
const RUNNING_CALLS_RETRY_MS = 100;

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

export class Dispatcher {
  private readonly queues = new Map<string, RequestQueue>();
  private readonly replier: Replier;
  private readonly runner: CallRunner;
  private shuttingDown = false;

  constructor(private readonly options: DispatcherOptions) {
    this.replier = new Replier(options);
    this.runner = new CallRunner({ ...options, replier: this.replier });
  }

  async rpc(
    connection: Connection,
    session: PlayerSession,
    message: RpcMessage,
    limitedMs: number,
  ): Promise<void> {
    const started = performance.now();
    const { adapter, table, limits, definition, validators } = this.options;
    const entry = table[message.method];
    const trace = parseTraceparent(message.trace);
    const fail = (error: GameError): void => {
      const response = { error: error.toWire() };
      this.replier.reply(
        session,
        entry?.name ?? "unknown",
        message.id,
        response,
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

    const { dedup } = adapter;
    const known = dedup.checkNow?.(session.id, message.id) ?? (await dedup.check(session.id, message.id));
    if (this.answerKnown(session, entry, message.id, known)) return;
    if (limitedMs > 0) {
      fail(rateLimited(limitedMs, "Too many messages on this connection"));
      return;
    }
    if (this.shuttingDown) {
      fail(new GameError("UNAVAILABLE", "The server is shutting down"));
      return;
    }

    const authorized = authorize(this.options.sessions, session, entry);
    const game = authorized instanceof Promise ? await authorized : authorized;
    if (game instanceof GameError) {
      fail(game);
      return;
    }
    const params = decodeParams(definition, validators, connection.codec.name, entry, message.params);
    if (params instanceof GameError) {
      fail(params);
      return;
    }
    const wait = entry.definition.policy.rate === null ? 0 : await this.takeRate(session, entry);
    if (wait > 0) {
      fail(rateLimited(wait, `Over the rate of ${entry.name}`));
      return;
    }
    if (connection.runningCalls >= limits.maxRunningCalls) {
      fail(rateLimited(RUNNING_CALLS_RETRY_MS, "Too many calls running on this connection"));
      return;
    }

    const begun =
      dedup.beginNow?.(session.id, message.id, limits.dedupWindow) ??
      (await dedup.begin(session.id, message.id, limits.dedupWindow));
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
      return this.runner.rpc(session, entry, message.id, params, game, trace, started, freeSlot);
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
    const { adapter, table, definition, validators } = this.options;
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
    const authorized = authorize(this.options.sessions, session, entry);
    const game = authorized instanceof Promise ? await authorized : authorized;
    if (game instanceof GameError) {
      refuse(game);
      return;
    }
    const params = decodeParams(definition, validators, connection.codec.name, entry, message.params);
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
    state: Awaited<ReturnType<ServerAdapter<unknown, StoredResponse>["dedup"]["check"]>>,
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
}

function rateLimited(retryAfterMs: number, message: string): GameError {
  return new GameError("RATE_LIMITED", message, { details: { retryAfterMs } });
}
