import { describe, expect, it } from "vitest";
import { CorkScheduler } from "../../runtime-server/transport/cork-scheduler.js";

function turnEnd(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe("CorkScheduler", () => {
  it("writes out every socket it holds once, at the end of the turn", async () => {
    const scheduler = new CorkScheduler();
    const uncorked: string[] = [];
    scheduler.hold({ uncork: () => uncorked.push("a") });
    scheduler.hold({ uncork: () => uncorked.push("b") });
    expect(uncorked).toEqual([]);
    await turnEnd();
    expect(uncorked).toEqual(["a", "b"]);
    await turnEnd();
    expect(uncorked).toEqual(["a", "b"]);
  });

  it("schedules again for sockets held after a turn's flush", async () => {
    const scheduler = new CorkScheduler();
    const uncorked: string[] = [];
    scheduler.hold({ uncork: () => uncorked.push("a") });
    await turnEnd();
    scheduler.hold({ uncork: () => uncorked.push("b") });
    await turnEnd();
    expect(uncorked).toEqual(["a", "b"]);
  });

  it("keeps what two schedulers hold apart: flushing one writes nothing of the other's", async () => {
    const one = new CorkScheduler();
    const other = new CorkScheduler();
    const uncorked: string[] = [];
    one.hold({ uncork: () => uncorked.push("one") });
    other.hold({ uncork: () => uncorked.push("other") });
    one.flush();
    expect(uncorked).toEqual(["one"]);
    await turnEnd();
    expect(uncorked).toEqual(["one", "other"]);
  });
});
