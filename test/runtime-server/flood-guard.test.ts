import { describe, expect, it } from "vitest";
import { FloodGuard } from "../../runtime-server/transport/flood-guard.js";

describe("FloodGuard", () => {
  it("lets the burst through at once, then refuses with the wait until the next token", () => {
    const guard = new FloodGuard(10, 3, 0);
    expect([guard.take(0), guard.take(0), guard.take(0)]).toEqual([0, 0, 0]);
    expect(guard.take(0)).toBe(100);
    expect(guard.take(40)).toBe(60);
    expect(guard.take(100)).toBe(0);
  });

  it("refills at the rate, never past the burst", () => {
    const guard = new FloodGuard(10, 2, 0);
    guard.take(0);
    guard.take(0);
    // Ten seconds earn 100 tokens, of which the bucket keeps 2.
    expect([guard.take(10_000), guard.take(10_000), guard.take(10_000)]).toEqual([0, 0, 100]);
  });

  it("calls a peer flooding once it is refused the rate's count within one second", () => {
    const guard = new FloodGuard(3, 1, 0);
    expect([guard.refused(0), guard.refused(500), guard.refused(999)]).toEqual([false, false, true]);
  });

  it("starts counting refusals again after a second", () => {
    const guard = new FloodGuard(3, 1, 0);
    guard.refused(0);
    guard.refused(500);
    expect(guard.refused(1001)).toBe(false);
    expect([guard.refused(1500), guard.refused(2000)]).toEqual([false, true]);
  });

  it("treats a rate below one a second as one: the first refusal is flooding", () => {
    expect(new FloodGuard(0, 5, 0).refused(0)).toBe(true);
  });

  it("never refuses when the rate or the burst is Infinity", () => {
    const guard = new FloodGuard(Infinity, 1, 0);
    for (let i = 0; i < 1000; i++) expect(guard.take(0)).toBe(0);
    expect(new FloodGuard(1, Infinity, 0).take(0)).toBe(0);
  });
});
