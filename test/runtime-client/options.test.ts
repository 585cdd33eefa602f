import { describe, expect, it } from "vitest";
import { backoffDelay, CLIENT_DEFAULTS, resolveOptions } from "../../runtime-client/options.js";
import { seededRandom } from "../hardening/seeded-random.js";

describe("the client's defaults", () => {
  it("match the documented ones", () => {
    expect(CLIENT_DEFAULTS).toEqual({
      codec: "json",
      timeoutMs: 15000,
      connectTimeoutMs: 10000,
      reconnect: { baseMs: 250, maxMs: 10000 },
      offlineQueue: 100,
    });
    const resolved = resolveOptions({ url: "ws://x" });
    expect(resolved).toMatchObject({
      codec: "json",
      timeoutMs: 15000,
      connectTimeoutMs: 10000,
      offlineQueue: 100,
      token: undefined,
    });
    expect(resolved.reconnect).toMatchObject({ baseMs: 250, maxMs: 10000 });
    expect(resolveOptions({ url: "ws://x", reconnect: false }).reconnect).toBe(false);
  });

  it("turns a token string into a function returning it", async () => {
    expect(await resolveOptions({ url: "ws://x", token: "abc" }).token?.()).toBe("abc");
  });

  it("keeps a connectTimeoutMs that a timer can honour", () => {
    expect(resolveOptions({ url: "ws://x", connectTimeoutMs: 1 }).connectTimeoutMs).toBe(1);
    expect(resolveOptions({ url: "ws://x", connectTimeoutMs: 2 ** 31 - 1 }).connectTimeoutMs).toBe(
      2 ** 31 - 1,
    );
  });

  it.each([
    [0, "0"],
    [-5, "-5"],
    [Number.NaN, "NaN"],
    [Number.POSITIVE_INFINITY, "Infinity"],
    [2 ** 31, "2147483648"],
    ["500", "string"],
  ])("refuses connectTimeoutMs %s, saying which option and what it got", (value, shown) => {
    expect(() => resolveOptions({ url: "ws://x", connectTimeoutMs: value as number })).toThrow(
      new TypeError(
        `Client option "connectTimeoutMs" must be a number of milliseconds above 0 and at most 2147483647, got ${shown}`,
      ),
    );
  });
});

describe("resolveOptions refuses what no timer or queue can honour", () => {
  it.each([
    ["timeoutMs", { timeoutMs: 0 }, "a number of milliseconds above 0 and at most 2147483647, got 0"],
    [
      "timeoutMs",
      { timeoutMs: Number.POSITIVE_INFINITY },
      "a number of milliseconds above 0 and at most 2147483647, got Infinity",
    ],
    [
      "reconnect.baseMs",
      { reconnect: { baseMs: -1 } },
      "a number of milliseconds from 0 to 2147483647, got -1",
    ],
    [
      "reconnect.maxMs",
      { reconnect: { maxMs: Number.NaN } },
      "a number of milliseconds from 0 to 2147483647, got NaN",
    ],
    ["offlineQueue", { offlineQueue: 1.5 }, "a whole number from 0 up, got 1.5"],
    ["offlineQueue", { offlineQueue: -1 }, "a whole number from 0 up, got -1"],
  ])("%s in %o", (name, options, message) => {
    expect(() => resolveOptions({ url: "ws://x", ...options })).toThrow(
      new TypeError(`Client option "${name}" must be ${message}`),
    );
  });

  it("keeps the edges: baseMs 0 reconnects at once, offlineQueue 0 holds nothing", () => {
    const resolved = resolveOptions({ url: "ws://x", reconnect: { baseMs: 0 }, offlineQueue: 0 });
    expect(resolved.reconnect && resolved.reconnect.baseMs).toBe(0);
    expect(resolved.offlineQueue).toBe(0);
  });
});

describe("backoffDelay", () => {
  it("follows a capped, doubling ceiling with full jitter under a seeded random source", () => {
    const random = seededRandom(42);
    const schedule = Array.from({ length: 10 }, (_, attempt) =>
      backoffDelay(attempt, { baseMs: 250, maxMs: 10000 }, random),
    );
    const check = seededRandom(42);
    const ceilings = [250, 500, 1000, 2000, 4000, 8000, 10000, 10000, 10000, 10000];
    expect(schedule).toEqual(ceilings.map((ceiling) => Math.floor(check() * ceiling)));
    schedule.forEach((delay, attempt) => {
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(ceilings[attempt] ?? 0);
    });
  });

  it("reaches the ceiling's edges with the random source's extremes, and never passes maxMs", () => {
    expect(backoffDelay(3, { baseMs: 250, maxMs: 10000 }, () => 0)).toBe(0);
    expect(backoffDelay(3, { baseMs: 250, maxMs: 10000 }, () => 0.5)).toBe(1000);
    expect(backoffDelay(3, { baseMs: 250, maxMs: 10000 }, () => 0.999999)).toBe(1999);
    expect(backoffDelay(5000, { baseMs: 250, maxMs: 10000 }, () => 0.999999)).toBe(9999);
  });

  it("spreads delays over the whole capped range (full jitter, not equal jitter)", () => {
    const random = seededRandom(7);
    const delays = Array.from({ length: 2000 }, () =>
      backoffDelay(20, { baseMs: 250, maxMs: 10000 }, random),
    );
    expect(Math.min(...delays)).toBeLessThan(500);
    expect(Math.max(...delays)).toBeGreaterThan(9500);
    expect(Math.max(...delays)).toBeLessThan(10000);
  });
});
