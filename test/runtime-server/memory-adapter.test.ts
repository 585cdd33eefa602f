import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DedupState } from "../../runtime-server/adapters/adapter.js";
import { MemoryDedupStore } from "../../runtime-server/adapters/memory-dedup.js";
import { MemoryReplayStore } from "../../runtime-server/adapters/memory-replay.js";
import { MemoryResumeStore } from "../../runtime-server/adapters/memory-stores.js";
import { takeToken, newBucket } from "../../runtime-server/token-bucket.js";

describe("MemoryDedupStore", () => {
  it("tells new, running, done and stale ids apart", async () => {
    const store = new MemoryDedupStore<string>();
    expect(await store.begin("p", 1, 2)).toEqual({ kind: "new" });
    expect(await store.check("p", 1)).toEqual({ kind: "running" });
    await store.finish("p", 1, "r1");
    expect(await store.check("p", 1)).toEqual({ kind: "done", response: "r1" });
    await store.begin("p", 2, 2);
    await store.begin("p", 3, 2);
    expect(await store.check("p", 1)).toEqual({ kind: "stale" });
    expect(await store.check("p", 4)).toEqual({ kind: "new" });
  });

  it("forgets an id accepted but never started, and orders sends by the highest id", async () => {
    const store = new MemoryDedupStore<string>();
    await store.begin("p", 5, 10);
    await store.forget("p", 5);
    expect(await store.check("p", 5)).toEqual({ kind: "new" });
    expect(await store.advance("p", 6)).toBe(true);
    expect(await store.advance("p", 6)).toBe(false);
    expect(await store.advance("p", 4)).toBe(false);
  });

  it("remembers exactly the newest `window` ids across thousands of calls, out-of-order ones included", async () => {
    const store = new MemoryDedupStore<string>();
    for (let id = 1; id <= 3000; id++) {
      expect(store.beginNow("p", id, 100)).toEqual({ kind: "new" });
      store.finishNow("p", id, `r${id}`);
    }
    expect(store.checkNow("p", 2900)).toEqual({ kind: "stale" });
    expect(store.checkNow("p", 2901)).toEqual({ kind: "done", response: "r2901" });
    expect(store.checkNow("p", 3000)).toEqual({ kind: "done", response: "r3000" });
    // An id skipped earlier, above the oldest remembered one, may still start, and is remembered.
    store.beginNow("p", 3005, 100);
    expect(store.beginNow("p", 3003, 100)).toEqual({ kind: "new" });
    expect(store.checkNow("p", 3003)).toEqual({ kind: "running" });
    expect(store.checkNow("p", 2902)).toEqual({ kind: "stale" });
    // Forgetting one in the middle keeps the others' records.
    store.beginNow("p", 3006, 100);
    await store.forget("p", 3005);
    expect(store.checkNow("p", 3005)).toEqual({ kind: "new" });
    expect(store.checkNow("p", 3006)).toEqual({ kind: "running" });
    expect(store.checkNow("p", 3003)).toEqual({ kind: "running" });
  });
});

/**
 * The window as docs/protocol.md "Exactly-once calls" describes it, kept the obvious way (a list of
 * the newest started ids): the ring buffer must answer exactly as this does.
 */
class DedupModel {
  /** `state` is "running" or the stored answer. */
  private entries: { id: number; state: string }[] = [];
  private highest = 0;

  begin(id: number, window: number): DedupState<string> {
    const state = this.check(id);
    if (state.kind === "new" && window >= 1) {
      this.entries.push({ id, state: "running" });
      const limit = Math.floor(window);
      this.entries = limit === Infinity ? this.entries : this.entries.slice(-limit);
    }
    this.highest = Math.max(this.highest, id);
    return state;
  }

  check(id: number): DedupState<string> {
    if (id > this.highest) return { kind: "new" };
    const entry = this.entries[this.lastIndex(id)];
    if (entry !== undefined)
      return entry.state === "running" ? { kind: "running" } : { kind: "done", response: entry.state };
    const oldest = this.entries[0];
    return oldest !== undefined && id <= oldest.id ? { kind: "stale" } : { kind: "new" };
  }

  finish(id: number, response: string): void {
    const entry = this.entries[this.lastIndex(id)];
    if (entry?.state === "running") entry.state = response;
  }

  forget(id: number): void {
    const at = this.lastIndex(id);
    if (at >= 0 && this.entries[at]?.state === "running") this.entries.splice(at, 1);
  }

  private lastIndex(id: number): number {
    return this.entries.map((e) => e.id).lastIndexOf(id);
  }
}

describe("MemoryDedupStore against the window's definition", () => {
  const operation = fc.oneof(
    fc.record({ op: fc.constant("begin" as const), id: fc.integer({ min: 1, max: 60 }) }),
    fc.record({ op: fc.constant("finish" as const), id: fc.integer({ min: 1, max: 60 }) }),
    fc.record({ op: fc.constant("forget" as const), id: fc.integer({ min: 1, max: 60 }) }),
    fc.record({ op: fc.constant("check" as const), id: fc.integer({ min: 1, max: 60 }) }),
  );

  // Around the ring's first sizes (16, 32), fractions (whole entries count) and no limit at all.
  const windows = fc.constantFrom(1, 2, 3, 8, 15, 16, 17, 33, 40, 2.5, Infinity);

  it("answers every begin, check, finish and forget as the definition does, the window wrapping many times", () => {
    fc.assert(
      fc.property(
        fc.array(operation, { maxLength: 300 }),
        windows,
        windows,
        (operations, window, laterWindow) => {
          const store = new MemoryDedupStore<string>();
          const model = new DedupModel();
          operations.forEach(({ op, id }, step) => {
            // Half-way the limit changes, as a restarted server with another dedupWindow would.
            const size = step < operations.length / 2 ? window : laterWindow;
            if (op === "begin") expect(store.beginNow("p", id, size)).toEqual(model.begin(id, size));
            if (op === "finish") {
              store.finishNow("p", id, `r${id}.${step}`);
              model.finish(id, `r${id}.${step}`);
            }
            if (op === "forget") {
              void store.forget("p", id);
              model.forget(id);
            }
            expect(store.checkNow("p", id)).toEqual(model.check(id));
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("MemoryDedupStore sizes", () => {
  it("grows with the calls rather than to the window's size: a window of a billion costs what is used", () => {
    const store = new MemoryDedupStore<string>();
    for (let id = 1; id <= 5000; id++) {
      store.beginNow("p", id, 1e9);
      store.finishNow("p", id, `r${id}`);
    }
    expect(store.checkNow("p", 1)).toEqual({ kind: "done", response: "r1" });
    expect(store.checkNow("p", 5000)).toEqual({ kind: "done", response: "r5000" });
  });

  it("keeps the oldest-first order when a wrapped ring grows after the limit was raised", () => {
    const store = new MemoryDedupStore<string>();
    for (let id = 1; id <= 20; id++) store.beginNow("p", id, 8); // holds 13…20, wrapped
    for (let id = 21; id <= 53; id++) store.beginNow("p", id, 40); // grows; 53 evicts the oldest
    expect(store.checkNow("p", 13)).toEqual({ kind: "stale" });
    expect(store.checkNow("p", 14)).toEqual({ kind: "running" });
    store.beginNow("p", 54, 40);
    expect(store.checkNow("p", 14)).toEqual({ kind: "stale" });
    expect(store.checkNow("p", 15)).toEqual({ kind: "running" });
  });

  it("remembers every id with an Infinity window (the limit off)", () => {
    const store = new MemoryDedupStore<string>();
    for (let id = 1; id <= 3000; id++) store.beginNow("p", id, Infinity);
    expect(store.checkNow("p", 1)).toEqual({ kind: "running" });
  });
});

describe("MemoryReplayStore", () => {
  it("numbers events from 1, replays after a seq and fails after an unacknowledged drop", async () => {
    const store = new MemoryReplayStore<string>();
    const bounds = { count: 2, bytes: Infinity };
    expect(await store.append("p", 1, "a", bounds)).toBe(1);
    await store.append("p", 1, "b", bounds);
    expect(await store.since("p", 1)).toEqual({ ok: true, entries: [{ seq: 2, size: 1, payload: "b" }] });
    await store.append("p", 1, "c", bounds);
    expect(await store.since("p", 0)).toEqual({ ok: false });
    expect((await store.since("p", 1)).ok).toBe(true);
    expect(await store.since("p", 9)).toEqual({ ok: false });
  });

  it("does not count acknowledged events against the bound", async () => {
    const store = new MemoryReplayStore<string>();
    const bounds = { count: 1, bytes: Infinity };
    await store.append("p", 1, "a", bounds);
    await store.ack("p", 1);
    await store.append("p", 1, "b", bounds);
    expect(await store.since("p", 1)).toEqual({ ok: true, entries: [{ seq: 2, size: 1, payload: "b" }] });
  });
});

describe("MemoryResumeStore", () => {
  it("swaps only when the record is still the expected one", async () => {
    const store = new MemoryResumeStore();
    const first = { playerId: "a", newest: "t1", previous: null, expiresAt: null };
    expect(await store.swap("p", undefined, first)).toBe(true);
    expect(await store.swap("p", undefined, first)).toBe(false);
    expect(await store.swap("p", first, { ...first, newest: "t2", previous: "t1" })).toBe(true);
    expect(await store.swap("p", first, { ...first, newest: "t3" })).toBe(false);
  });
});

describe("token bucket", () => {
  it("allows the burst, then refills at the rate and says how long to wait", () => {
    const bucket = newBucket(2, 0);
    expect(takeToken(bucket, 1, 2, 0)).toBe(0);
    expect(takeToken(bucket, 1, 2, 0)).toBe(0);
    expect(takeToken(bucket, 1, 2, 0)).toBe(1000);
    expect(takeToken(bucket, 1, 2, 500)).toBe(500);
    expect(takeToken(bucket, 1, 2, 1000)).toBe(0);
    expect(takeToken(newBucket(Infinity, 0), Infinity, Infinity, 0)).toBe(0);
  });
});
