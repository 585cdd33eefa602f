/**
 * Every event one test client received, in order, so that a test can await an event without a
 * race: `next()` also finds events that arrived before it was called, and takes each event once.
 */
export interface LoggedEvent {
  readonly name: string;
  readonly data: unknown;
  readonly seq: number | undefined;
  readonly ts: number;
}

interface Entry extends LoggedEvent {
  taken: boolean;
}

interface Waiter {
  readonly name: string;
  readonly match: (data: unknown) => boolean;
  readonly resolve: (data: unknown) => void;
}

export class EventLog {
  readonly #entries: Entry[] = [];
  readonly #waiters = new Set<Waiter>();

  constructor(readonly owner: string) {}

  record(event: LoggedEvent): void {
    const entry: Entry = { ...event, taken: false };
    this.#entries.push(entry);
    for (const waiter of this.#waiters) {
      if (waiter.name === event.name && waiter.match(event.data)) {
        entry.taken = true;
        this.#waiters.delete(waiter);
        waiter.resolve(event.data);
        return;
      }
    }
  }

  /** Everything received under `name`, taken or not. */
  all(name: string): LoggedEvent[] {
    return this.#entries.filter((entry) => entry.name === name);
  }

  /** The oldest matching event not taken yet; waits up to `timeoutMs` for one. */
  next(name: string, match: (data: unknown) => boolean, timeoutMs: number): Promise<unknown> {
    const entry = this.#entries.find((e) => !e.taken && e.name === name && match(e.data));
    if (entry !== undefined) {
      entry.taken = true;
      return Promise.resolve(entry.data);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        const seen = [...new Set(this.#entries.map((e) => e.name))].join(", ") || "none";
        reject(
          new Error(
            `${this.owner} received no matching ${name} event within ${timeoutMs} ms (events received: ${seen})`,
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        name,
        match,
        resolve: (data) => {
          clearTimeout(timer);
          resolve(data);
        },
      };
      this.#waiters.add(waiter);
    });
  }

  /**
   * Reliable events after `seq` emitted before `welcomeTime`: what a resume replayed. (The protocol
   * marks no end of the replay; an event emitted in the very millisecond of the welcome counts as live.)
   */
  countReplayed(afterSeq: number, welcomeTime: number): number {
    return this.#entries.filter((e) => e.seq !== undefined && e.seq > afterSeq && e.ts < welcomeTime).length;
  }

  /** The highest `seq` received so far (0 before any reliable event). */
  get lastSeq(): number {
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      const seq = this.#entries[i]?.seq;
      if (seq !== undefined) return seq;
    }
    return 0;
  }
}
