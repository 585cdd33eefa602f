import { describe, expect, it } from "vitest";
import { BackgroundWork } from "../../runtime-server/background-work.js";
import { ServerMetrics } from "../../runtime-server/observability/metrics.js";
import { capturedLogger } from "../scale/in-process.js";

function setup(): { work: BackgroundWork; metrics: ServerMetrics; lines: Record<string, unknown>[] } {
  const { logger, lines } = capturedLogger();
  const metrics = new ServerMetrics({
    sessionsActive: () => 0,
    playersConnected: () => 0,
    sendBufferBytes: () => 0,
  });
  return { work: new BackgroundWork(logger, metrics), metrics, lines };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe("BackgroundWork", () => {
  it("logs a failed operation at warn and counts it by operation, without an unhandled rejection", async () => {
    const { work, metrics, lines } = setup();
    const unhandled: unknown[] = [];
    const record = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on("unhandledRejection", record);
    try {
      work.run("player.leave", Promise.reject(new Error("Connection is closed.")));
      work.run("player.leave", Promise.reject(new Error("Connection is closed.")));
      work.run("session.cleanup", Promise.resolve());
      await work.drain(1000);
      await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      process.off("unhandledRejection", record);
    }
    expect(unhandled).toEqual([]);
    expect(lines).toMatchObject([
      {
        level: 40,
        msg: "store operation failed",
        operation: "player.leave",
        err: { message: "Connection is closed." },
      },
      { level: 40, msg: "store operation failed", operation: "player.leave" },
    ]);
    const text = await metrics.registry.metrics();
    expect(text).toContain('gidl_store_errors_total{operation="player.leave"} 2');
    expect(text).not.toContain('operation="session.cleanup"');
  });

  it("drains the work running, and work started while it drains", async () => {
    const { work } = setup();
    const first = deferred();
    const second = deferred();
    work.run("player.expire", first.promise);
    let drained = false;
    const draining = work.drain(5000).then(() => (drained = true));
    work.run("player.end", second.promise);
    first.resolve();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(drained).toBe(false);
    second.resolve();
    await draining;
    expect(work.size).toBe(0);
  });

  it("stops waiting after its timeout and says how much still runs", async () => {
    const { work, lines } = setup();
    work.run("dedup.finish", new Promise(() => undefined));
    await work.drain(20);
    expect(work.size).toBe(1);
    expect(lines).toMatchObject([{ level: 40, msg: "store work still running at close", running: 1 }]);
  });

  it("resolves at once when nothing runs", async () => {
    const { work } = setup();
    await work.drain(60_000);
    expect(work.size).toBe(0);
  });
});
