/**
 * Running handlers (docs/protocol.md "Exactly-once calls"; docs/server.md "Graceful close"): an
 * rpc's handler with its `@timeout` (TIMEOUT aborts `ctx.signal`, frees the call's slot and drops
 * the late result), a send's handler, the result check, and graceful shutdown's wait for running
 * calls.
 */
import { performance } from "node:perf_hooks";
import type { Logger } from "pino";
import { GameError, toProblems } from "../../protocol/index.js";
import { snapshot } from "../events/snapshot.js";
import type { PlayerSession } from "../players/player-session.js";
import type { GameSession } from "../sessions/game-session.js";
import { toResponseError, type ResponseError } from "./call-errors.js";
import { createContext, type ContextDeps } from "./handler-context.js";
import { LazyAbort } from "./lazy-abort.js";
import type { MethodEntry } from "./method-table.js";
import type { Replier, StoredResponse } from "./replier.js";

export interface CallRunnerOptions extends ContextDeps {
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

/** An rpc on its way to its handler, as the dispatcher hands it over. */
export interface RpcCall {
  readonly session: PlayerSession;
  readonly entry: MethodEntry;
  readonly id: number;
  readonly trace: Trace | undefined;
  /** When the call arrived (performance.now()), for its latency. */
  readonly started: number;
  /** Gives back the call's slot among its connection's running calls; only the first call counts. */
  freeSlot(): void;
}

export class CallRunner {
  private readonly running = new Set<RunningCall>();

  constructor(private readonly options: CallRunnerOptions) {}

  /**
   * Runs an rpc's handler and answers it once: its result, its error, TIMEOUT or UNAVAILABLE. A
   * handler that returns a value is answered in the same tick and nothing is returned; for one that
   * returns a promise, the promise settles when the handler has (a request queue waits for it).
   */
  rpc(
    call: RpcCall,
    params: Record<string, unknown>,
    game: GameSession | undefined,
  ): Promise<void> | undefined {
    const { session, entry, trace } = call;
    const controller = new LazyAbort();
    const ctx = createContext(this.options, session, game, trace?.traceparent, entry, controller);
    const handlerStarted = performance.now();
    let returned: unknown;
    try {
      returned = entry.handler(params, ctx);
    } catch (error) {
      call.freeSlot();
      this.answer(call, this.failed(session, entry, game, trace, call.started, error), true, game);
      return undefined;
    }
    if (!isThenable(returned)) {
      // Answered in the same tick (the usual handler): no deadline to arm, nothing left to abort, and
      // no promise, timer or record of a running call (docs/contributing.md "Hot paths").
      call.freeSlot();
      this.answer(call, this.checkResult(session, entry, returned, game, trace?.traceId), true, game);
      return undefined;
    }
    return this.settle(call, returned, game, controller, handlerStarted);
  }

  /** A handler's promise: its deadline, shutdown's abort, then its result or error. */
  private async settle(
    call: RpcCall,
    returned: PromiseLike<unknown>,
    game: GameSession | undefined,
    controller: LazyAbort,
    handlerStarted: number,
  ): Promise<void> {
    const { session, entry, trace } = call;
    let finish!: (response: StoredResponse, remember: boolean) => void;
    const done = new Promise<void>((resolve) => {
      finish = (response, remember) => {
        if (running.settled) return;
        running.settled = true;
        call.freeSlot();
        clearTimeout(timer);
        this.running.delete(running);
        resolve();
        this.answer(call, response, remember, game);
      };
    });
    const running: RunningCall = {
      settled: false,
      abort: () => {
        controller.abort(new GameError("UNAVAILABLE", "The server is shutting down"));
        finish({ error: new GameError("UNAVAILABLE", "The server is shutting down").toWire() }, false);
      },
      done,
    };
    this.running.add(running);
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
      finish(this.failed(session, entry, game, trace, call.started, error, !running.settled), true);
    }
  }

  private answer(
    call: RpcCall,
    response: StoredResponse,
    remember: boolean,
    game: GameSession | undefined,
  ): void {
    const { session, entry, id, started, trace } = call;
    this.options.replier.complete(session, entry, id, response, remember, started, game, trace?.traceId);
  }

  /** A handler's exception as its response; what its method does not allow is INTERNAL, and logged. */
  private failed(
    session: PlayerSession,
    entry: MethodEntry,
    game: GameSession | undefined,
    trace: Trace | undefined,
    started: number,
    error: unknown,
    log = true,
  ): StoredResponse {
    const checked = toResponseError(error, entry);
    if (checked.internal && log) {
      const latency = performance.now() - started;
      const fields = this.options.replier.logFields(
        session,
        entry.name,
        game,
        "INTERNAL",
        latency,
        trace?.traceId,
      );
      this.logInternal(fields, checked, error, "handler failed");
    }
    return { error: checked.wire };
  }

  /** docs/server.md "Logs": a refused GameError says why, with the code it had and any problems. */
  private logInternal(
    fields: Record<string, unknown>,
    checked: ResponseError & { internal: true },
    error: unknown,
    otherwise: string,
  ): void {
    const { refusal } = checked;
    if (refusal === undefined) {
      this.options.logger.error({ ...fields, err: error }, otherwise);
      return;
    }
    const problems = refusal.problems === undefined ? {} : { problems: refusal.problems };
    this.options.logger.error(
      { ...fields, thrown_code: refusal.code, ...problems, err: error },
      refusal.message,
    );
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
    const ctx = createContext(this.options, session, game, undefined, entry, controller);
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
            const checked = toResponseError(error, entry);
            const fields = replier.logFields(session, entry.name, game, checked.wire.code, 0, undefined);
            if (checked.internal) this.logInternal(fields, checked, error, "send handler failed");
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
    const validate = entry.validateResult;
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
