/** In-memory deduplication windows (PROTOCOL.md "Exactly-once calls"): one process. */
import type { DedupState, DedupStore } from "./adapter.js";

const RUNNING = Symbol("running");

// Shared answers: `check` and `begin` run twice per rpc and need not allocate (STYLE.md habit 8).
const NEW = Object.freeze({ kind: "new" as const });
const IS_RUNNING = Object.freeze({ kind: "running" as const });
const STALE = Object.freeze({ kind: "stale" as const });

interface Window<R> {
  /** Started ids in the order they started; the first key is the oldest remembered id. */
  readonly calls: Map<number, R | typeof RUNNING>;
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
    if (state.kind === "new" && window > 0) {
      w.calls.set(id, RUNNING);
      while (w.calls.size > window) {
        const oldest = w.calls.keys().next();
        if (oldest.done === true) break;
        w.calls.delete(oldest.value);
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
    if (w?.calls.get(id) === RUNNING) w.calls.set(id, response);
  }

  forget(playerSessionId: string, id: number): Promise<void> {
    const w = this.windows.get(playerSessionId);
    if (w?.calls.get(id) === RUNNING) w.calls.delete(id);
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
      w = { calls: new Map(), highestId: 0 };
      this.windows.set(playerSessionId, w);
    }
    return w;
  }

  private state(w: Window<R> | undefined, id: number): DedupState<R> {
    // Above every id seen (the usual case: ids rise): neither remembered nor stale, and no lookup.
    if (w === undefined || id > w.highestId) return NEW;
    const entry = w.calls.get(id);
    if (entry === RUNNING) return IS_RUNNING;
    if (entry !== undefined) return { kind: "done", response: entry };
    // PROTOCOL.md: an id at or below the oldest remembered id with no record gets STALE_REQUEST.
    const oldest = w.calls.keys().next();
    if (oldest.done !== true && id <= oldest.value) return STALE;
    return NEW;
  }
}
