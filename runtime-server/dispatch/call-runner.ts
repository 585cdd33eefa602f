/**
 * Running handlers (PROTOCOL.md "Exactly-once calls", "Graceful shutdown"): an rpc's handler with
 * its `@timeout` (TIMEOUT aborts `ctx.signal`, frees the call's slot and drops the late result), a
 * send's handler, the result check, and graceful shutdown's wait for running calls.
 */
import type { Logger } from "pino";
import type { ApiDefinition, ApiValidators } from "../../runtime-client/protocol/definition.js";
import { GameError, toProblems } from "../../runtime-client/protocol/index.js";
import { snapshot } from "../events/snapshot.js";
import type { PlayerSession } from "../players/player-session.js";
import type { GameSession } from "../sessions/game-session.js";
import { toResponseError } from "./call-errors.js";
import { createContext, type ContextDeps } from "./handler-context.js";
import { LazyAbort } from "./lazy-abort.js";
import type { MethodEntry } from "./method-table.js";
import type { Replier, StoredResponse } from "./replier.js";

export interface CallRunnerOptions extends ContextDeps {
  readonly definition: ApiDefinition;
  readonly validators: ApiValidators;
  readonly replier: Replier;
  readonly logger: Logger;
}

interface RunningCall {
  settled: boolean;
  /** Answers UNAVAILABLE now (shutdown) and drops the handler's late result. */
  abort(): void;
  readonly done: Promise<void>;
}

export interface Trace {
  readonly traceparent: string;
  readonly traceId: string;
}

export class CallRunner {
  private readonly running = new Set<RunningCall>();

  constructor(private readonly options: CallRunnerOptions) {}

  /** Runs an rpc's handler and answers it once: its result, its error, TIMEOUT or UNAVAILABLE. */
  async rpc(
    session: PlayerSession,
    entry: MethodEntry,
    id: number,
    params: Record<string, unknown>,
    game: GameSession | undefined,
    trace: Trace | undefined,
    started: number,
    freeSlot: () => void,
  ): Promise<void> {
    const { replier } = this.options;
    const controller = new LazyAbort();
    const ctx = createContext(this.options, session, game, trace?.traceparent, entry.name, controller);
    const handlerStarted = performance.now();
    let returned: unknown;
    try {
      returned = entry.handler(params, ctx);
    } catch (error) {
      freeSlot();
      const response = this.failed(session, entry, game, trace, started, error);
      void replier.complete(session, entry, id, response, true, started, game, trace?.traceId);
      return;
    }
    if (!isThenable(returned)) {
      // Answered in the same tick (the usual handler): no deadline to arm, nothing left to abort, and
      // no promise, timer or record of a running call (STYLE.md habit 8).
      freeSlot();
      const response = this.checkResult(session, entry, returned, game, trace?.traceId);
      void replier.complete(session, entry, id, response, true, started, game, trace?.traceId);
      return;
    }
    let finish!: (response: StoredResponse, remember: boolean) => void;
    const done = new Promise<void>((resolve) => {
      finish = (response, remember) => {
        if (call.settled) return;
        call.settled = true;
        freeSlot();
        clearTimeout(timer);
        this.running.delete(call);
        resolve();
        void replier.complete(session, entry, id, response, remember, started, game, trace?.traceId);
      };
    });
    const call: RunningCall = {
      settled: false,
      abort: () => {
        controller.abort(new GameError("UNAVAILABLE", "The server is shutting down"));
        finish({ error: new GameError("UNAVAILABLE", "The server is shutting down").toWire() }, false);
      },
      done,
    };
    this.running.add(call);
    const timeoutMs = entry.definition.policy.timeoutMs;
    // The deadline counts from the handler's start, which came before it returned its promise.
    const timer =
      timeoutMs === null
        ? undefined
        : setTimeout(
            () => {
              const error = new GameError("TIMEOUT", `${entry.name} took longer than ${timeoutMs} ms`);
              controller.abort(error);
              finish({ error: error.toWire() }, true);
            },
            Math.max(0, timeoutMs - (performance.now() - handlerStarted)),
          );
    try {
      const result = await returned;
      finish(this.checkResult(session, entry, result, game, trace?.traceId), true);
    } catch (error) {
      finish(this.failed(session, entry, game, trace, started, error, !call.settled), true);
    }
  }

  /** A handler's exception as its response; an undeclared one becomes INTERNAL and is logged. */
  private failed(
    session: PlayerSession,
    entry: MethodEntry,
    game: GameSession | undefined,
    trace: Trace | undefined,
    started: number,
    error: unknown,
    log = true,
  ): StoredResponse {
    const { error: wire, internal } = toResponseError(error, this.options.definition);
    if (internal && log) {
      const latency = performance.now() - started;
      const fields = this.options.replier.logFields(
        session,
        entry.name,
        game,
        "INTERNAL",
        latency,
        trace?.traceId,
      );
      this.options.logger.error({ ...fields, err: error }, "handler failed");
    }
    return { error: wire.toWire() };
  }

  /** Runs a send's handler; nothing is answered, failures are logged. */
  send(
    session: PlayerSession,
    entry: MethodEntry,
    params: Record<string, unknown>,
    game: GameSession | undefined,
  ): void {
    const { replier, logger } = this.options;
    const controller = new LazyAbort();
    const ctx = createContext(this.options, session, game, undefined, entry.name, controller);
    const call: RunningCall = {
      settled: false,
      abort: () => {
        controller.abort(new GameError("UNAVAILABLE", "The server is shutting down"));
      },
      done: Promise.resolve()
        .then(() => entry.handler(params, ctx))
        .then(
          () => {
            logger.debug(replier.logFields(session, entry.name, game, "OK", 0, undefined), "send");
          },
          (error: unknown) => {
            const { error: wire, internal } = toResponseError(error, this.options.definition);
            const fields = replier.logFields(session, entry.name, game, wire.code, 0, undefined);
            if (internal) logger.error({ ...fields, err: error }, "send handler failed");
            else logger.warn(fields, "send refused");
          },
        )
        .finally(() => {
          this.running.delete(call);
        }),
    };
    this.running.add(call);
  }

  /** Graceful shutdown: running calls get `timeoutMs` to finish, then are answered UNAVAILABLE. */
  async drain(timeoutMs: number): Promise<void> {
    if (this.running.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all([...this.running].map((call) => call.done)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
      ]);
      clearTimeout(timer);
    }
    for (const call of this.running) call.abort();
  }

  /**
   * Results pass the generated validator too (which strips undeclared fields); a bad one is
   * INTERNAL. The validator works on a snapshot: the handler's object (often the application's own
   * state) is never changed, and what is remembered for a replay is what was answered.
   */
  private checkResult(
    session: PlayerSession,
    entry: MethodEntry,
    result: unknown,
    game: GameSession | undefined,
    traceId: string | undefined,
  ): StoredResponse {
    const validators = this.options.validators.results;
    const validate = Object.hasOwn(validators, entry.name) ? validators[entry.name] : undefined;
    const value = validate === undefined || result == null ? (result ?? null) : snapshot(result);
    if (validate !== undefined && value !== null && !validate(value)) {
      this.options.logger.error(
        {
          ...this.options.replier.logFields(session, entry.name, game, "INTERNAL", 0, traceId),
          problems: toProblems(validate.errors),
        },
        "handler returned a result the schema refuses",
      );
      return { error: new GameError("INTERNAL", "Internal error").toWire() };
    }
    return { result: value };
  }
}

/** What `await` would wait for: a promise, or any object or function with a `then` method. */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
