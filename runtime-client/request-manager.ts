/**
 * Outgoing calls and sends, from the moment they are made until they are answered (tRPC's
 * request-manager.ts). docs/protocol.md "Exactly-once calls": ids from one counter that only rises;
 * every rpc kept until its response; after `resumed: true` re-sent with its original id; after
 * `resumed: false` the sent ones fail with CONNECTION_LOST and the never-sent ones go out.
 * Browser-safe.
 */
import { GameError } from "../protocol/game-error.js";

export interface Outgoing {
  readonly kind: "rpc" | "send";
  readonly id: number;
  readonly method: string;
  /** TypeScript form: converted to the wire form of whichever connection sends it. */
  readonly params: unknown;
}

/** Sends one message on the current connection; returns the frame's size, or -1 when offline. */
export type Transmit = (message: Outgoing) => number;

interface Entry extends Outgoing {
  /** A redirected call goes out again under a new id (see `reissue`). */
  id: number;
  /** Sent on some connection (and perhaps not received). */
  sent: boolean;
  /** Which connection last carried it, and the frame's size there (see `failLargestOn`). */
  epoch: number;
  bytes: number;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: GameError) => void;
  readonly dispose: () => void;
}

export interface CallLimits {
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
}

export class RequestManager {
  #lastId = 0;
  /** Unanswered rpcs and unsent sends, by id; Map order is id order. */
  readonly #entries = new Map<number, Entry>();
  #unsent = 0;
  #transmit: Transmit | undefined;
  #epoch = 0;
  #closedError: GameError | undefined;
  readonly #offlineQueue: number;

  constructor(offlineQueue: number) {
    this.#offlineQueue = offlineQueue;
  }

  /** Calls waiting for an answer, sent or not. */
  get pending(): number {
    return this.#entries.size;
  }

  call(method: string, params: unknown, limits: CallLimits): Promise<unknown> {
    if (this.#closedError !== undefined) return Promise.reject(this.#closedError);
    if (limits.signal?.aborted === true) return Promise.reject(cancelled(method));
    if (this.#transmit === undefined && this.#unsent >= this.#offlineQueue) {
      return Promise.reject(
        new GameError("QUEUE_FULL", `${method}: ${this.#offlineQueue} calls already wait for the connection`),
      );
    }
    return new Promise((resolve, reject) => {
      const { signal } = limits;
      // `entry.id`, not a copy: a redirected call changes its id (see `reissue`).
      const timer = setTimeout(() => {
        this.#settle(entry.id)?.reject(
          new GameError("DEADLINE_EXCEEDED", `${method} got no answer in ${limits.timeoutMs} ms`),
        );
      }, limits.timeoutMs);
      const onAbort = (): void => {
        this.#settle(entry.id)?.reject(cancelled(method));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const entry: Entry = {
        kind: "rpc",
        id: ++this.#lastId,
        method,
        params,
        sent: false,
        epoch: 0,
        bytes: 0,
        resolve,
        reject,
        dispose: () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
        },
      };
      this.#entries.set(entry.id, entry);
      this.#unsent++;
      if (this.#transmit !== undefined) this.#transmitEntry(entry, this.#transmit);
    });
  }

  /** Fire-and-forget. Returns false when it was dropped (client closed, or the offline queue is full). */
  send(method: string, params: unknown): boolean {
    if (this.#closedError !== undefined) return false;
    const message: Outgoing = { kind: "send", id: ++this.#lastId, method, params };
    if (this.#transmit !== undefined) {
      try {
        return this.#transmit(message) >= 0;
      } catch {
        return false;
      }
    }
    if (this.#unsent >= this.#offlineQueue) return false;
    const noop = (): void => undefined;
    this.#entries.set(message.id, {
      ...message,
      sent: false,
      epoch: 0,
      bytes: 0,
      resolve: noop,
      reject: noop,
      dispose: noop,
    });
    this.#unsent++;
    return true;
  }

  /**
   * A connection was welcomed. With `resumed`, every unanswered rpc goes out again with its id;
   * without, the ones already sent have an unknown outcome and fail with CONNECTION_LOST. Then
   * everything never sent goes out, in id order.
   */
  online(transmit: Transmit, resumed: boolean): void {
    this.#transmit = transmit;
    this.#epoch++;
    for (const entry of [...this.#entries.values()]) {
      if (this.#transmit !== transmit) return; // the connection dropped while flushing
      if (entry.sent && !resumed) {
        this.#settle(entry.id)?.reject(
          new GameError(
            "CONNECTION_LOST",
            `${entry.method}: the connection dropped and the call may or may not have run`,
          ),
        );
      } else {
        this.#transmitEntry(entry, transmit);
      }
    }
  }

  /** The connection dropped: calls wait (sent or not) for the next one. */
  offline(): void {
    this.#transmit = undefined;
  }

  /** A response arrived: settles its call (a late or unknown id is ignored). */
  answer(id: number, outcome: { readonly result: unknown } | { readonly error: GameError }): void {
    const entry = this.#settle(id);
    if (entry === undefined) return;
    if ("error" in outcome) entry.reject(outcome.error);
    else entry.resolve(outcome.result);
  }

  /**
   * The server refused the call because its session is served elsewhere (SESSION_ELSEWHERE): it did
   * not run, so it goes out again on the next connection as a new call (a new, higher id) whose
   * answer settles the same promise. A new id, because the refusing server may remember the old one.
   */
  reissue(id: number): boolean {
    const entry = this.#entries.get(id);
    if (entry?.kind !== "rpc") return false;
    this.#entries.delete(id);
    entry.id = ++this.#lastId;
    if (entry.sent) this.#unsent++;
    entry.sent = false;
    this.#entries.set(entry.id, entry);
    return true;
  }

  /** The method of an unanswered call, to decode its result. */
  methodOf(id: number): string | undefined {
    return this.#entries.get(id)?.method;
  }

  /**
   * The server closed the last connection with 1009 (message too big): the largest rpc sent on it
   * is the likely culprit, and re-sending it after a resume would be refused forever.
   */
  failLargestSent(error: GameError): void {
    let largest: Entry | undefined;
    for (const entry of this.#entries.values()) {
      if (
        entry.kind === "rpc" &&
        entry.sent &&
        entry.epoch === this.#epoch &&
        entry.bytes > (largest?.bytes ?? 0)
      ) {
        largest = entry;
      }
    }
    if (largest !== undefined) this.#settle(largest.id)?.reject(error);
  }

  /** Fails every call with `error`; later calls fail with `later`. */
  close(error: GameError, later: GameError): void {
    this.#closedError = later;
    this.#transmit = undefined;
    for (const entry of [...this.#entries.values()]) this.#settle(entry.id)?.reject(error);
  }

  #transmitEntry(entry: Entry, transmit: Transmit): void {
    let bytes: number;
    try {
      bytes = transmit(entry);
    } catch (error) {
      // Params the codec cannot carry (a bigint outside an i64 field, a cycle): the call can never succeed.
      const message = `${entry.method}: the params cannot be encoded (${error instanceof Error ? error.message : String(error)})`;
      this.#settle(entry.id)?.reject(new GameError("INVALID_ARGUMENT", message, { cause: error }));
      return;
    }
    if (bytes < 0) return;
    if (!entry.sent) this.#unsent--;
    entry.sent = true;
    entry.epoch = this.#epoch;
    entry.bytes = bytes;
    if (entry.kind === "send") this.#entries.delete(entry.id);
  }

  #settle(id: number): Entry | undefined {
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    this.#entries.delete(id);
    if (!entry.sent) this.#unsent--;
    entry.dispose();
    return entry;
  }
}

function cancelled(method: string): GameError {
  return new GameError("CANCELLED", `${method} was cancelled`);
}
