import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GameError, isGameError } from "../../runtime-client/index.js";
import { eventually, harness, unawaited, type Harness } from "./fixtures.js";

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.stop();
});

const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => new Error("expected a failure"),
    (e: unknown) => e,
  );

describe("calls", () => {
  it("numbers calls from 1 and converts i64 and bytes between wire and TypeScript forms", async () => {
    const { client, conn } = await h.connected();
    const answer = client.call("combat.attack", { targetId: 76561198000000000n });
    const rpc = await conn.next("rpc");
    expect(rpc).toEqual({
      type: "rpc",
      id: 1,
      method: "combat.attack",
      params: { targetId: "76561198000000000" },
    });
    conn.send({ type: "response", id: 1, result: { damage: "25", replay: "AQI=" } });
    expect(await answer).toEqual({ damage: 25n, replay: new Uint8Array([1, 2]) });
  });

  it("carries bigints as MessagePack integers", async () => {
    const { client, conn } = await h.connected({ codec: "msgpack" });
    const answer = client.call("combat.attack", { targetId: 2n ** 62n });
    const rpc = await conn.next("rpc");
    expect(rpc.params).toEqual({ targetId: 2n ** 62n });
    conn.send({ type: "response", id: rpc.id, result: { damage: 25 } });
    expect(await answer).toEqual({ damage: 25n });
  });

  it("sends an empty params object for a call without params", async () => {
    const { client, conn } = await h.connected();
    unawaited(client.call("game.echo", undefined));
    expect((await conn.next("rpc")).params).toEqual({});
  });

  it("rejects with a GameError carrying the server's code, details and retry flag", async () => {
    const { client, conn } = await h.connected();
    const answer = failure(client.call("combat.attack", { targetId: 1n }));
    const rpc = await conn.next("rpc");
    conn.send({
      type: "response",
      id: rpc.id,
      error: { code: "STUNNED", message: "stunned", details: { stunRemainingMs: 300 }, retry: false },
    });
    const error = await answer;
    expect(error).toBeInstanceOf(GameError);
    expect(error).toMatchObject({
      code: "STUNNED",
      message: "stunned",
      details: { stunRemainingMs: 300 },
      retry: false,
    });
  });

  it("handles a batch frame in order", async () => {
    const { client, conn } = await h.connected();
    const first = client.call("game.echo", { n: 1 });
    const second = client.call("game.echo", { n: 2 });
    await conn.next("rpc");
    await conn.next("rpc");
    conn.send([
      { type: "response", id: 2, result: { n: 2 } },
      { type: "response", id: 1, result: null },
    ]);
    expect(await Promise.all([first, second])).toEqual([null, { n: 2 }]);
  });

  it("ignores a response to an id it is not waiting for", async () => {
    const { client, conn } = await h.connected();
    const answer = client.call("game.echo", {});
    await conn.next("rpc");
    conn.send({ type: "response", id: 99, result: "stray" });
    conn.send({ type: "response", id: 1, result: "mine", replayed: true });
    expect(await answer).toBe("mine");
  });

  it("numbers sends from the same counter as calls", async () => {
    const { client, conn } = await h.connected();
    unawaited(client.call("game.echo", {}));
    client.send("combat.move", { pos: { x: 1, y: 2 } });
    expect((await conn.next("rpc")).id).toBe(1);
    expect(await conn.next("send")).toEqual({
      type: "send",
      id: 2,
      method: "combat.move",
      params: { pos: { x: 1, y: 2 } },
    });
  });

  it("fails a call whose params cannot be encoded, without sending it", async () => {
    const { client, conn } = await h.connected();
    const error = await failure(client.call("game.echo", { big: 1n }));
    expect(error).toMatchObject({ code: "INVALID_ARGUMENT", retry: false });
    unawaited(client.call("game.echo", {}));
    expect((await conn.next("rpc")).id).toBe(2);
  });
});

describe("deadlines and cancellation", () => {
  it("fails a call the server does not answer in time with DEADLINE_EXCEEDED", async () => {
    const { client, conn } = await h.connected();
    const error = await failure(client.call("game.echo", {}, { timeoutMs: 30 }));
    expect(error).toMatchObject({ code: "DEADLINE_EXCEEDED", retry: true });
    // A late answer changes nothing.
    conn.send({ type: "response", id: 1, result: "late" });
  });

  it("fails a call whose signal aborts with CANCELLED", async () => {
    const { client, conn } = await h.connected();
    const controller = new AbortController();
    const answer = failure(client.call("game.echo", {}, { signal: controller.signal }));
    await conn.next("rpc");
    controller.abort();
    expect(await answer).toMatchObject({ code: "CANCELLED", retry: false });
  });

  it("does not send a call whose signal already aborted", async () => {
    const { client, conn } = await h.connected();
    const error = await failure(client.call("game.echo", {}, { signal: AbortSignal.abort() }));
    expect(isGameError(error, "CANCELLED")).toBe(true);
    unawaited(client.call("game.echo", { second: true }));
    expect(await conn.next("rpc")).toMatchObject({ id: 1, params: { second: true } });
  });
});

describe("the offline queue", () => {
  it("holds calls made before connecting, and fails fast with QUEUE_FULL past its bound", async () => {
    const client = h.client({ offlineQueue: 2 });
    const first = client.call("game.echo", { n: 1 });
    const second = client.call("game.echo", { n: 2 });
    const third = await failure(client.call("game.echo", { n: 3 }));
    expect(third).toMatchObject({ code: "QUEUE_FULL", retry: true });
    const connecting = client.connect();
    const conn = await h.server.nextConnection();
    await conn.accept();
    await connecting;
    const sent = [await conn.next("rpc"), await conn.next("rpc")];
    expect(sent.map((rpc) => [rpc.id, rpc.params])).toEqual([
      [1, { n: 1 }],
      [2, { n: 2 }],
    ]);
    for (const rpc of sent) conn.send({ type: "response", id: rpc.id, result: rpc.params });
    expect(await Promise.all([first, second])).toEqual([{ n: 1 }, { n: 2 }]);
  });
});

describe("reconnecting", () => {
  it("resumes and re-sends unanswered calls with their original ids, each settling once", async () => {
    const { client, conn } = await h.connected();
    const answered = client.call("game.echo", { n: 1 });
    const pending = client.call("game.echo", { n: 2 });
    await conn.next("rpc");
    await conn.next("rpc");
    conn.send({ type: "response", id: 1, result: "one" });
    expect(await answered).toBe("one");
    conn.socket.terminate();
    await eventually(() => client.state === "reconnecting");
    const queued = client.call("game.echo", { n: 3 });
    const second = await h.server.nextConnection();
    const hello = await second.accept({ resumeToken: "r2", resumed: true });
    expect(hello.resume).toEqual({ token: "r1", lastEventSeq: 0 });
    const resent = [await second.next("rpc"), await second.next("rpc")];
    expect(resent.map((rpc) => [rpc.id, rpc.params])).toEqual([
      [2, { n: 2 }],
      [3, { n: 3 }],
    ]);
    second.send({ type: "response", id: 2, result: "two", replayed: true });
    second.send({ type: "response", id: 2, result: "two again" });
    second.send({ type: "response", id: 3, result: "three" });
    expect(await Promise.all([pending, queued])).toEqual(["two", "three"]);
  });

  it("uses the newest resume token on the next reconnect", async () => {
    const { client, conn } = await h.connected();
    conn.socket.terminate();
    const second = await h.server.nextConnection();
    await second.accept({ resumeToken: "r2", resumed: true });
    await eventually(() => client.state === "open");
    second.socket.terminate();
    const third = await h.server.nextConnection();
    expect((await third.next("hello")).resume).toEqual({ token: "r2", lastEventSeq: 0 });
  });

  it("after resumed: false fails sent calls with CONNECTION_LOST, sends the unsent ones, and keeps ids rising", async () => {
    const { client, conn } = await h.connected();
    const sent = failure(client.call("game.echo", { n: 1 }));
    await conn.next("rpc");
    conn.socket.terminate();
    await eventually(() => client.state === "reconnecting");
    const unsent = client.call("game.echo", { n: 2 });
    let resyncs = 0;
    client.onResync(() => resyncs++);
    const second = await h.server.nextConnection();
    await second.accept({ resumeToken: "r9", resumed: false, reason: "expired" });
    expect(await sent).toMatchObject({ code: "CONNECTION_LOST", retry: true });
    const rpc = await second.next("rpc");
    expect([rpc.id, rpc.params]).toEqual([2, { n: 2 }]);
    second.send({ type: "response", id: 2, result: "two" });
    expect(await unsent).toBe("two");
    unawaited(client.call("game.echo", { n: 3 }));
    expect((await second.next("rpc")).id).toBe(3);
    expect(resyncs).toBe(1);
  });

  it("fails only the largest call when the server refuses a message as too big (1009)", async () => {
    const { client, conn } = await h.connected();
    const small = client.call("game.echo", { n: 1 });
    const big = failure(client.call("game.echo", { blob: "x".repeat(5000) }));
    await conn.next("rpc");
    await conn.next("rpc");
    conn.socket.close(1009, "too big");
    expect(await big).toMatchObject({ code: "BAD_MESSAGE" });
    const second = await h.server.nextConnection();
    await second.accept({ resumeToken: "r2", resumed: true });
    const rpc = await second.next("rpc");
    expect(rpc.id).toBe(1);
    second.send({ type: "response", id: 1, result: "small" });
    expect(await small).toBe("small");
  });
});

describe("retrying", () => {
  it("retries a retryable error as a new call only when the caller opted in", async () => {
    const { client, conn } = await h.connected();
    const limited = { code: "RATE_LIMITED", message: "slow down", details: { retryAfterMs: 1 }, retry: true };
    const plain = failure(client.call("game.echo", {}));
    conn.send({ type: "response", id: (await conn.next("rpc")).id, error: limited });
    expect(await plain).toMatchObject({ code: "RATE_LIMITED" });

    const retried = client.call("game.echo", { n: 1 }, { retry: true });
    const first = await conn.next("rpc");
    conn.send({ type: "response", id: first.id, error: limited });
    const second = await conn.next("rpc");
    expect(second.id).toBe((first.id as number) + 1);
    expect(second.params).toEqual({ n: 1 });
    conn.send({ type: "response", id: second.id, result: "ok" });
    expect(await retried).toBe("ok");
  });

  it("does not retry an error whose retry flag is false", async () => {
    const { client, conn } = await h.connected();
    const answer = failure(client.call("game.echo", {}, { retry: true }));
    const rpc = await conn.next("rpc");
    conn.send({ type: "response", id: rpc.id, error: { code: "NOT_FOUND", message: "no", retry: false } });
    expect(await answer).toMatchObject({ code: "NOT_FOUND" });
    expect(conn.drain("rpc")).toEqual([]);
  });
});
