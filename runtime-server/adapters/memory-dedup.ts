/** In-memory deduplication windows (docs/protocol.md "Exactly-once calls"): one process. */
import type { DedupState, DedupStore } from "./adapter.js";

const RUNNING = Symbol("running");

// Shared answers: `check` and `begin` run twice per rpc and need not allocate (docs/contributing.md
// "Hot paths").
const NEW = Object.freeze({ kind: "new" as const });
const IS_RUNNING = Object.freeze({ kind: "running" as const });
const STALE = Object.freeze({ kind: "stale" as const });

/**
 * Started ids in the order they started, the oldest first, with their states: a ring per player
 * session that grows (doubling) up to the window's size and then evicts the oldest entry. A Map of
 * a full window (1,024) took an insert and an eviction per call, a tenth of the server's time per
 * call; growing and splicing arrays on every call allocated new backing stores that the
 * young-generation GC then copied (docs/contributing.md "Hot paths"). Ids usually rise, so the id
 * looked up (to finish it) is the newest; only a retried or out-of-order id is searched for.
 */
interface Window<R> {
  ids: number[];
  /** `undefined` in a slot no entry holds. */
  states: (R | typeof RUNNING | undefined)[];
  /** The slot of the oldest entry, and how many entries follow from it (wrapping around). */
  start: number;
  count: number;
  highestId: number;
}

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
    // `window` may be Infinity (no limit) or a fraction (whole entries count).
    const limit = Math.floor(window);
    if (state.kind === "new" && limit >= 1) {
      while (w.count >= limit) dropOldest(w);
      if (w.count === w.ids.length) grow(w, limit);
      const slot = (w.start + w.count) % w.ids.length;
      w.ids[slot] = id;
      w.states[slot] = RUNNING;
      w.count++;
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
    const slot = w === undefined ? -1 : slotOf(w, id);
    if (w !== undefined && slot >= 0 && w.states[slot] === RUNNING) w.states[slot] = response;
  }

  forget(playerSessionId: string, id: number): Promise<void> {
    const w = this.windows.get(playerSessionId);
    const slot = w === undefined ? -1 : slotOf(w, id);
    if (w !== undefined && slot >= 0 && w.states[slot] === RUNNING) {
      // Rare (a queued call cancelled): the later entries move up, keeping the order of the rest.
      const size = w.ids.length;
      const from = (slot - w.start + size) % size;
      for (let i = from; i < w.count - 1; i++) {
        const to = (w.start + i) % size;
        const next = (w.start + i + 1) % size;
        w.ids[to] = w.ids[next] ?? 0;
        w.states[to] = w.states[next];
      }
      w.states[(w.start + w.count - 1) % size] = undefined;
      w.count--;
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
      w = { ids: [], states: [], start: 0, count: 0, highestId: 0 };
      this.windows.set(playerSessionId, w);
    }
    return w;
  }

  private state(w: Window<R> | undefined, id: number): DedupState<R> {
    // Above every id seen (the usual case: ids rise): neither remembered nor stale, and no lookup.
    if (w === undefined || id > w.highestId) return NEW;
    const slot = slotOf(w, id);
    if (slot >= 0) {
      const entry = w.states[slot] as R | typeof RUNNING;
      return entry === RUNNING ? IS_RUNNING : { kind: "done", response: entry };
    }
    // docs/protocol.md "Exactly-once calls": an id at or below the oldest remembered id with no
    // record gets STALE_REQUEST.
    if (w.count > 0 && id <= (w.ids[w.start] ?? 0)) return STALE;
    return NEW;
  }
}

/** The slot holding `id` among the remembered entries (searched from the newest), or -1. */
function slotOf(w: Window<unknown>, id: number): number {
  const size = w.ids.length;
  for (let i = w.count - 1; i >= 0; i--) {
    const slot = (w.start + i) % size;
    if (w.ids[slot] === id) return slot;
  }
  return -1;
}

function dropOldest(w: Window<unknown>): void {
  w.states[w.start] = undefined;
  w.start = (w.start + 1) % w.ids.length;
  w.count--;
}

/** Doubles the ring (16 slots at first), never past `limit`, the entries kept in order. */
function grow(w: Window<unknown>, limit: number): void {
  const size = w.ids.length;
  const capacity = Math.min(limit, Math.max(16, size * 2));
  const ids = new Array<number>(capacity).fill(0);
  const states = new Array<unknown>(capacity).fill(undefined);
  for (let i = 0; i < w.count; i++) {
    const from = (w.start + i) % size;
    ids[i] = w.ids[from] ?? 0;
    states[i] = w.states[from];
  }
  w.ids = ids;
  w.states = states;
  w.start = 0;
}
