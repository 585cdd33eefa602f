/**
 * Answering rpcs (docs/protocol.md "Exactly-once calls"): a response goes to whichever connection
 * the player session has when it is ready, after the events its handler emitted; each answer is
 * measured and logged (docs/server.md "Metrics and health", "Logs").
 */
import { performance } from "node:perf_hooks";
import type { Logger } from "pino";
import type { ApiDefinition } from "../../protocol/definition.js";
import { toWire, type WireError } from "../../protocol/index.js";
import type { ServerAdapter } from "../adapters/adapter.js";
import type { BackgroundWork } from "../background-work.js";
import type { EventRouter } from "../events/event-router.js";
import type { ServerMetrics } from "../observability/metrics.js";
import type { PlayerSession } from "../players/player-session.js";
import type { GameSession } from "../sessions/game-session.js";
import type { MethodEntry } from "./method-table.js";

/** What the deduplication window remembers of a call: its response in TypeScript form. */
export type StoredResponse = { readonly result: unknown } | { readonly error: WireError };

export interface ReplierOptions {
  readonly definition: ApiDefinition;
  readonly adapter: ServerAdapter<unknown, StoredResponse>;
  readonly router: EventRouter;
  readonly metrics: ServerMetrics | undefined;
  readonly logger: Logger;
  readonly background: BackgroundWork;
}

export class Replier {
  constructor(private readonly options: ReplierOptions) {}

  /**
   * A handler finished: its events first, then (when `remember`) the window, then the answer. In
   * the same tick when no event is in flight and the window is in this process
   * (docs/contributing.md "Hot paths"); otherwise as background work, which `close()` waits for
   * before the store quits.
   */
  complete(
    session: PlayerSession,
    entry: MethodEntry,
    id: number,
    response: StoredResponse,
    remember: boolean,
    started: number,
    game: GameSession | undefined,
    traceId: string | undefined,
  ): void {
    const { dedup } = this.options.adapter;
    if (!this.options.router.idle || (remember && dedup.finishNow === undefined)) {
      const later = this.completeLater(session, entry, id, response, remember, started, game, traceId);
      this.options.background.run("dedup.finish", later);
      return;
    }
    if (remember) dedup.finishNow?.(session.id, id, response);
    this.reply(session, entry.name, entry, id, response, started, traceId, game);
  }

  private async completeLater(
    session: PlayerSession,
    entry: MethodEntry,
    id: number,
    response: StoredResponse,
    remember: boolean,
    started: number,
    game: GameSession | undefined,
    traceId: string | undefined,
  ): Promise<void> {
    // Events the handler emitted reach the player before its response (docs/server.md "Emitting events").
    if (!this.options.router.idle) await this.options.router.flushed();
    const { dedup } = this.options.adapter;
    try {
      if (remember) {
        if (dedup.finishNow !== undefined) dedup.finishNow(session.id, id, response);
        else await dedup.finish(session.id, id, response);
      }
    } finally {
      // A window the store failed to write must not keep the answer from the caller.
      this.reply(session, entry.name, entry, id, response, started, traceId, game);
    }
  }

  /** Answers a call, counting and logging it; `entry` is undefined for an unknown method. */
  reply(
    session: PlayerSession,
    method: string,
    entry: MethodEntry | undefined,
    id: number,
    response: StoredResponse,
    started: number,
    traceId: string | undefined,
    game: GameSession | undefined,
  ): void {
    const latency = performance.now() - started;
    const code = "error" in response ? response.error.code : "OK";
    const { metrics, logger } = this.options;
    metrics?.observeCall(method, code, latency / 1000);
    // The fields are built only for a line that will be written (docs/contributing.md "Hot paths":
    // debug is off by default).
    if (code === "OK") {
      if (logger.isLevelEnabled("debug"))
        logger.debug(this.logFields(session, method, game, code, latency, traceId), "call");
    } else {
      metrics?.errors.inc({ method, code });
      if (code !== "INTERNAL")
        logger.warn(this.logFields(session, method, game, code, latency, traceId), "call failed");
    }
    this.respond(session, entry, id, response, false);
  }

  /** Sends a response on whichever connection the player session has now (none: the window keeps it). */
  respond(
    session: PlayerSession,
    entry: MethodEntry | undefined,
    id: number,
    response: StoredResponse,
    replayed: boolean,
  ): void {
    const connection = session.connection;
    if (connection === null || session.ended) return;
    const method = entry?.name;
    if ("error" in response) {
      const error = response.error;
      connection.send(
        replayed ? { type: "response", id, error, replayed } : { type: "response", id, error },
        method,
      );
      return;
    }
    const form = connection.codec.name;
    // The binary codec carries the TypeScript form (docs/protocol.md "The binary codec").
    const result =
      form === "binary"
        ? response.result
        : toWire(response.result, entry?.definition.result ?? null, this.options.definition.shapes, form);
    connection.send(
      replayed ? { type: "response", id, result, replayed } : { type: "response", id, result },
      method,
    );
  }

  /** The fields of docs/server.md "Logs", one line per call. */
  logFields(
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
