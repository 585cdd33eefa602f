import { describe, expect, it } from "vitest";
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
