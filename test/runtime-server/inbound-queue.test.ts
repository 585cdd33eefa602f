import { describe, expect, it } from "vitest";
import { InboundQueue } from "../../runtime-server/transport/inbound-queue.js";

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("InboundQueue", () => {
  it("runs a task with nothing ahead of it at once, in the same tick", () => {
    const queue = new InboundQueue(() => undefined);
    const ran: string[] = [];
    queue.push(() => {
      ran.push("a");
    });
    expect(ran).toEqual(["a"]);
    expect(queue.idle).toBe(true);
  });

  it("holds later tasks until an awaiting one finishes, then runs them in arrival order", async () => {
    const queue = new InboundQueue(() => undefined);
    const ran: string[] = [];
    const gate = deferred();
    queue.started(gate.promise.then(() => void ran.push("first")));
    expect(queue.idle).toBe(false);
    queue.push(() => void ran.push("second"));
    queue.push(async () => {
      await Promise.resolve();
      ran.push("third");
    });
    queue.push(() => void ran.push("fourth"));
    await Promise.resolve();
    expect(ran).toEqual([]);
    gate.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toEqual(["first", "second", "third", "fourth"]);
    expect(queue.idle).toBe(true);
  });

  it("reports a task that throws or rejects, and still runs the ones after it", async () => {
    const failures: unknown[] = [];
    const queue = new InboundQueue((error) => failures.push(error));
    const ran: string[] = [];
    queue.push(() => {
      throw new Error("sync");
    });
    const gate = deferred();
    queue.started(gate.promise.then(() => Promise.reject(new Error("async"))));
    queue.push(() => void ran.push("after"));
    gate.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(failures.map((e) => (e as Error).message)).toEqual(["sync", "async"]);
    expect(ran).toEqual(["after"]);
    expect(queue.idle).toBe(true);
  });
});
