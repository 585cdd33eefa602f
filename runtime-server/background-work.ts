/**
 * Store work that nobody awaits (docs/server.md "When the store fails"): a player session's records
 * deleted after it ended, a resume window written, a game session forgotten at cleanup. Whatever
 * the store does, such work never becomes an unhandled rejection (Node ends the process on one): a
 * failure is logged at warn and counted in gidl_store_errors_total by operation; `close()` waits
 * for the work still running before the adapter quits.
 */
import type { Logger } from "pino";
import type { ServerMetrics } from "./observability/metrics.js";

/** The `operation` label of gidl_store_errors_total; docs/server.md lists what each one does. */
export type StoreOperation =
  | "player.leave"
  | "player.expire"
  | "player.end"
  | "resume.expiry"
  | "session.disconnect"
  | "session.cleanup"
  | "dedup.finish"
  | "dedup.forget"
  | "rpc.admit"
  | "node.beat"
  | "node.resubscribe";

export class BackgroundWork {
  private running = 0;
  private onIdle: (() => void) | undefined;
  /**
   * One rejection handler per operation, made once: `run` takes no closure (docs/contributing.md
   * "Hot paths").
   */
  private readonly handlers = new Map<StoreOperation, (error: unknown) => void>();
  private readonly settled = (): void => {
    if (--this.running === 0) this.onIdle?.();
  };

  constructor(
    private readonly logger: Logger,
    private readonly metrics: ServerMetrics | undefined,
  ) {}

  /** Work in flight (what `drain` waits for). */
  get size(): number {
    return this.running;
  }

  /** Lets `work` run on its own: its failure is logged and counted, never thrown. */
  run(operation: StoreOperation, work: Promise<unknown>): void {
    this.running++;
    work.then(this.settled, this.handlerOf(operation));
  }

  /** A failure of store work that was awaited but must not fail its caller. */
  failed(operation: string, error: unknown): void {
    this.metrics?.storeErrors.inc({ operation });
    this.logger.warn({ err: error, operation }, "store operation failed");
  }

  /** Resolves once no work is running (work started meanwhile included), or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    if (this.running === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.onIdle = resolve;
      timer = setTimeout(resolve, timeoutMs);
    });
    clearTimeout(timer);
    this.onIdle = undefined;
    if (this.running > 0) this.logger.warn({ running: this.running }, "store work still running at close");
  }

  private handlerOf(operation: StoreOperation): (error: unknown) => void {
    let handler = this.handlers.get(operation);
    if (handler === undefined) {
      handler = (error) => {
        this.failed(operation, error);
        this.settled();
      };
      this.handlers.set(operation, handler);
    }
    return handler;
  }
}
