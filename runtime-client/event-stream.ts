/**
 * Incoming events: delivered in order and at most once by `seq`, acknowledged at least every 100
 * events or every second, and a resync notice when events were lost (docs/client.md "Events",
 * "Resync"). Browser-safe.
 */

export interface EventMeta {
  /** Reliable events only. */
  readonly seq?: number;
  /** Server time, ms since the epoch. */
  readonly ts: number;
}

export type EventHandler = (data: unknown, meta: EventMeta) => void;

/** docs/protocol.md "Events, ordering and replay": an `ack` at least every 100 events or every second. */
export const ACK_EVERY_EVENTS = 100;
export const ACK_EVERY_MS = 1000;

/** A listener's exception must not stop the stream nor the other listeners. */
function report(error: unknown): void {
  const reportError = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (reportError !== undefined) reportError(error);
  else console.error(error);
}

export class EventStream {
  readonly #handlers = new Map<string, Set<EventHandler>>();
  readonly #resyncListeners = new Set<() => void>();
  /** The last reliable seq delivered; what a resume asks the server to continue after. */
  #lastSeq = 0;
  #lastAcked = 0;
  #ackTimer: ReturnType<typeof setTimeout> | undefined;
  #sendAck: ((seq: number) => boolean) | undefined;

  get lastSeq(): number {
    return this.#lastSeq;
  }

  on(event: string, handler: EventHandler): () => void {
    let handlers = this.#handlers.get(event);
    if (handlers === undefined) this.#handlers.set(event, (handlers = new Set()));
    // Wrapped so that the same function registered twice is two subscriptions, each removable.
    const subscription: EventHandler = (data, meta) => {
      handler(data, meta);
    };
    handlers.add(subscription);
    return () => {
      handlers.delete(subscription);
    };
  }

  onResync(listener: () => void): () => void {
    const subscription = (): void => {
      listener();
    };
    this.#resyncListeners.add(subscription);
    return () => {
      this.#resyncListeners.delete(subscription);
    };
  }

  /** Acks go out through `sendAck` while a connection is open; pending ones are sent now. */
  online(sendAck: (seq: number) => boolean): void {
    this.#sendAck = sendAck;
    if (this.#lastSeq > this.#lastAcked) this.#ack();
  }

  offline(): void {
    this.#sendAck = undefined;
    clearTimeout(this.#ackTimer);
    this.#ackTimer = undefined;
  }

  /** A fresh player session: seq starts over at 1. */
  reset(): void {
    this.#lastSeq = this.#lastAcked = 0;
  }

  /** Events were lost: seq starts over, and the application is told to fetch fresh state. */
  resync(): void {
    this.reset();
    for (const listener of [...this.#resyncListeners]) {
      try {
        listener();
      } catch (error) {
        report(error);
      }
    }
  }

  /** Delivers one event (its data already in TypeScript form); drops a duplicate seq. */
  deliver(event: string, data: unknown, seq: number | undefined, ts: number): void {
    if (seq !== undefined) {
      if (seq <= this.#lastSeq) return;
      const gap = seq > this.#lastSeq + 1;
      this.#lastSeq = seq;
      // The server sends every reliable event in order; a hole means some were lost for good.
      if (gap) this.resync();
      this.#lastSeq = seq;
      this.#scheduleAck();
    }
    const handlers = this.#handlers.get(event);
    if (handlers === undefined) return;
    const meta: EventMeta = seq === undefined ? { ts } : { seq, ts };
    for (const handler of [...handlers]) {
      try {
        handler(data, meta);
      } catch (error) {
        report(error);
      }
    }
  }

  close(): void {
    this.offline();
    this.#handlers.clear();
    this.#resyncListeners.clear();
  }

  #scheduleAck(): void {
    if (this.#lastSeq - this.#lastAcked >= ACK_EVERY_EVENTS) {
      this.#ack();
    } else if (this.#ackTimer === undefined && this.#sendAck !== undefined) {
      this.#ackTimer = setTimeout(() => {
        this.#ackTimer = undefined;
        this.#ack();
      }, ACK_EVERY_MS);
    }
  }

  #ack(): void {
    clearTimeout(this.#ackTimer);
    this.#ackTimer = undefined;
    if (this.#sendAck?.(this.#lastSeq) === true) this.#lastAcked = this.#lastSeq;
  }
}
