/** In-memory deduplication windows (PROTOCOL.md "Exactly-once calls"): one process. */
import type { DedupState, DedupStore } from "./adapter.js";

const RUNNING = Symbol("running");

// Shared answers: `check` and `begin` run twice per rpc and need not allocate (STYLE.md habit 8).
const NEW = Object.freeze({ kind: "new" as const });
const IS_RUNNING = Object.freeze({ kind: "running" as const });
const STALE = Object.freeze({ kind: "stale" as const });

/**
 * Started ids in the order they started, from `head` on (the first is the oldest remembered id), with
 * their states. Arrays rather than a Map: each rpc adds one id and evicts one, which on a Map of a
 * full window (1,024) was a tenth of the server's time per call (STYLE.md habit 8). Ids usually rise,
 * so the id looked up (to finish it) is at the end; only a retried or out-of-order id is searched for.
 */
interface Window<R> {
  readonly ids: number[];
  /** `undefined` for an evicted entry before `head`, dropped at the next compaction. */
  readonly states: (R | typeof RUNNING | undefined)[];
  head: number;
  highestId: number;
}

/** Evicted entries are cut from the arrays' fronts once they are this many and half of them. */
const COMPACT_AFTER = 256;

export class MemoryDedupStore<R> implements DedupStore<R> {
  private readonly windows = new Map<string, Window<R>>();

  check(playerSessionId: string, id: number): Promise<DedupState<R>> {
    return Promise.resolve(this.checkNow(playerSessionId, id));
  }

  checkNow(playerSessionId: string, id: number): DedupState<R> {
    return this.state(this.windows.get(playerSessionId), id);
  }

  begin(playerSessionId: string, id: number, window: number): Promise<DedupState<R>> {
    return Promise.resolve(this.beginNow(playerSessionId, id, window));
  }

  beginNow(playerSessionId: string, id: number, window: number): DedupState<R> {
    const w = this.window(playerSessionId);
    const state = this.state(w, id);
    if (state.kind === "new" && window > 0) {
      w.ids.push(id);
      w.states.push(RUNNING);
      while (w.ids.length - w.head > window) w.states[w.head++] = undefined;
      if (w.head >= COMPACT_AFTER && w.head * 2 >= w.ids.length) {
        w.ids.splice(0, w.head);
        w.states.splice(0, w.head);
        w.head = 0;
      }
    }
    if (id > w.highestId) w.highestId = id;
    return state;
  }

  finish(playerSessionId: string, id: number, response: R): Promise<void> {
    this.finishNow(playerSessionId, id, response);
    return Promise.resolve();
  }

  finishNow(playerSessionId: string, id: number, response: R): void {
    const w = this.windows.get(playerSessionId);
    const at = w === undefined ? -1 : indexOf(w, id);
    if (w !== undefined && at >= 0 && w.states[at] === RUNNING) w.states[at] = response;
  }

  forget(playerSessionId: string, id: number): Promise<void> {
    const w = this.windows.get(playerSessionId);
    const at = w === undefined ? -1 : indexOf(w, id);
    if (w !== undefined && at >= 0 && w.states[at] === RUNNING) {
      // Rare (a queued call cancelled): the later entries move up, keeping the order of the rest.
      w.ids.splice(at, 1);
      w.states.splice(at, 1);
    }
    return Promise.resolve();
  }

  advance(playerSessionId: string, id: number): Promise<boolean> {
    const w = this.window(playerSessionId);
    if (id <= w.highestId) return Promise.resolve(false);
    w.highestId = id;
    return Promise.resolve(true);
  }

  delete(playerSessionId: string): Promise<void> {
    this.windows.delete(playerSessionId);
    return Promise.resolve();
  }

  private window(playerSessionId: string): Window<R> {
    let w = this.windows.get(playerSessionId);
    if (w === undefined) {
      w = { ids: [], states: [], head: 0, highestId: 0 };
      this.windows.set(playerSessionId, w);
    }
    return w;
  }

  private state(w: Window<R> | undefined, id: number): DedupState<R> {
    // Above every id seen (the usual case: ids rise): neither remembered nor stale, and no lookup.
    if (w === undefined || id > w.highestId) return NEW;
    const at = indexOf(w, id);
    if (at >= 0) {
      const entry = w.states[at] as R | typeof RUNNING;
      return entry === RUNNING ? IS_RUNNING : { kind: "done", response: entry };
    }
    // PROTOCOL.md: an id at or below the oldest remembered id with no record gets STALE_REQUEST.
    const oldest = w.ids[w.head];
    if (oldest !== undefined && id <= oldest) return STALE;
    return NEW;
  }
}

/** Where `id` is among the remembered entries (searched from the newest), or -1. */
function indexOf(w: Window<unknown>, id: number): number {
  for (let i = w.ids.length - 1; i >= w.head; i--) if (w.ids[i] === id) return i;
  return -1;
}
