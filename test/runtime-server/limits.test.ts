import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../../runtime-server/index.js";
import { resolveLimits } from "../../runtime-server/limits.js";

describe("DEFAULT_LIMITS", () => {
  it("holds the documented numbers", () => {
    expect(DEFAULT_LIMITS).toEqual({
      maxPayload: 65536,
      maxConnections: 10000,
      maxRunningCalls: 64,
      messagesPerSecond: 500,
      messagesBurst: 1000,
      unreliableDropBytes: 1048576,
      slowConsumerBytes: 8388608,
      resumeWindowMs: 30000,
      replayBuffer: 1024,
      replayBufferBytes: 1048576,
      dedupWindow: 1024,
      helloTimeoutMs: 5000,
      handshakeTimeoutMs: 10000,
      heartbeatMs: 15000,
      shutdownTimeoutMs: 10000,
      sessionCleanupMs: 60000,
    });
    expect(Object.isFrozen(DEFAULT_LIMITS)).toBe(true);
  });

  it("merges overrides over the defaults and accepts Infinity to turn a limit off", () => {
    const limits = resolveLimits({ maxConnections: Infinity, dedupWindow: 8 });
    expect(limits.maxConnections).toBe(Infinity);
    expect(limits.dedupWindow).toBe(8);
    expect(limits.maxPayload).toBe(65536);
  });

  it("refuses unknown, negative and NaN limits with a TypeError naming the limit", () => {
    expect(() => resolveLimits({ maxPayloads: 1 } as never)).toThrow('Unknown limit "maxPayloads"');
    expect(() => resolveLimits({ maxPayload: -1 })).toThrow(
      'Limit "maxPayload" must be a non-negative number, got -1',
    );
    expect(() => resolveLimits({ heartbeatMs: NaN })).toThrow('Limit "heartbeatMs"');
  });
});
