/**
 * The `ctx` a handler receives (docs/server.md "The context, `ctx`"); its logger and `emit` facade
 * are built lazily.
 */
import type { Logger } from "pino";
import type { EventRouter } from "../events/event-router.js";
import type { PlayerSession } from "../players/player-session.js";
import type { GameSession } from "../sessions/game-session.js";
import type {
  EventTarget,
  HandlerContext,
  PlayerInfo,
  SessionHandle,
  SessionScopedTarget,
} from "../types.js";
import { parseTraceparent } from "./call-errors.js";
import type { LazyAbort } from "./lazy-abort.js";
import type { MethodEntry } from "./method-table.js";

export interface ContextDeps {
  readonly router: EventRouter;
  readonly logger: Logger;
  readonly contextEmit: ((ctx: HandlerContext) => unknown) | undefined;
}

export function createContext(
  deps: ContextDeps,
  session: PlayerSession,
  game: GameSession | undefined,
  trace: string | undefined,
  entry: MethodEntry,
  abort: LazyAbort,
): HandlerContext {
  return new CallContext(deps, session, game, trace, entry, abort);
}

/**
 * One per call, so a class: its getters and methods live on the prototype, where an object literal
 * with getters and closures cost four closures and a slow-mode object per call
 * (docs/contributing.md "Hot paths").
 */
class CallContext implements HandlerContext {
  private logger: Logger | undefined;
  private facade: unknown;
  private facadeBuilt = false;
  private emitter: HandlerContext["emitEvent"] | undefined;

  constructor(
    private readonly deps: ContextDeps,
    private readonly playerSession: PlayerSession,
    private readonly game: GameSession | undefined,
    readonly trace: string | undefined,
    private readonly entry: MethodEntry,
    private readonly abort: LazyAbort,
  ) {}

  get player(): PlayerInfo {
    return this.playerSession.player;
  }

  get session(): SessionHandle | undefined {
    return this.game?.handle;
  }

  get log(): Logger {
    this.logger ??= this.deps.logger.child({
      player_id: this.playerSession.anonymous ? null : this.playerSession.player.id,
      session_id: this.game?.id ?? null,
      method: this.entry.name,
      trace_id: parseTraceparent(this.trace)?.traceId ?? null,
    });
    return this.logger;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** A function bound once on first use, so that `const { emitEvent } = ctx` keeps working. */
  get emitEvent(): HandlerContext["emitEvent"] {
    this.emitter ??= (fullName, target, data) => {
      this.deps.router.emit(fullName, withSession(target, this.game), data);
    };
    return this.emitter;
  }

  /** Picked once per method by the method table: nothing is built per call. */
  get errors(): unknown {
    return this.entry.errors;
  }

  get emit(): unknown {
    if (!this.facadeBuilt) {
      this.facade = this.deps.contextEmit?.(this);
      this.facadeBuilt = true;
    }
    return this.facade;
  }
}

/** Inside a handler, `to session` / `to area` targets default to the caller's session. */
function withSession(target: EventTarget | SessionScopedTarget, game: GameSession | undefined): EventTarget {
  if ((target.to === "session" || target.to === "area") && target.sessionId === undefined) {
    if (game === undefined)
      throw new TypeError(`A "to ${target.to}" event needs a session: the caller is in none`);
    return { ...target, sessionId: game.id };
  }
  return target as EventTarget;
}
