/**
 * Attacks on the client (docs/security.md "Hostile servers: the client
 * (`test/hardening/client.e2e.test.ts`)"): a hostile or broken server sending garbage, lies about
 * ids and seqs, prototype keys and absurd heartbeats. The client must neither throw out of its
 * socket handlers nor stop serving its application.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventually, harness, type Harness } from "../runtime-client/fixtures.js";

let h: Harness;
const warnings: string[] = [];
const onWarning = (warning: Error): void => {
  warnings.push(`${warning.name}: ${warning.message}`);
};
beforeEach(async () => {
  h = await harness();
  warnings.length = 0;
  process.on("warning", onWarning);
});
afterEach(async () => {
  process.off("warning", onWarning);
  await h.stop();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe("a hostile server", () => {
  it("ignores garbage frames and keeps answering calls", async () => {
    const { client, conn } = await h.connected();
    for (const frame of [
      "null",
      "[null]",
      "42",
      "not json",
      "[1,2,3]",
      "[".repeat(20_000) + "]".repeat(20_000),
    ]) {
      conn.socket.send(frame);
    }
    conn.socket.send(Uint8Array.from([0xd4, 0x01, 0x00]), { binary: true });
    const call = client.call("game.echo", { a: 1 });
    const rpc = await conn.next("rpc");
    conn.send({ type: "response", id: rpc.id, result: { ok: true } });
    expect(await call).toEqual({ ok: true });
  });

  it("settles a call once whatever responses with unknown, absurd or repeated ids arrive", async () => {
    const { client, conn } = await h.connected();
    const call = client.call("game.echo", {});
    const rpc = await conn.next("rpc");
    conn.socket.send('{"type":"response","id":1e400,"result":1}');
    conn.send({ type: "response", id: 999, result: "not yours" });
    conn.send({ type: "response", id: "1", result: "string id" });
    conn.send({ type: "response", id: rpc.id, result: "first" });
    conn.send({ type: "response", id: rpc.id, result: "second" });
    expect(await call).toBe("first");
    const next = client.call("game.echo", {});
    const rpc2 = await conn.next("rpc");
    conn.send({ type: "response", id: rpc2.id, result: "ok" });
    expect(await next).toBe("ok");
  });

  it("drops events with bad seqs and never lets a __proto__ event name or key reach the prototype", async () => {
    const { client, conn } = await h.connected();
    const seen: unknown[] = [];
    client.on("game.echo", (data) => seen.push(data));
    client.on("__proto__", (data) => seen.push(["proto", data]));
    conn.send({ type: "event", event: "game.echo", seq: "1", data: 1, ts: 1 });
    conn.send({ type: "event", event: "game.echo", seq: -5, data: 2, ts: 1 });
    conn.send({ type: "event", event: "game.echo", seq: 1.5, data: 3, ts: 1 });
    conn.socket.send('{"type":"event","event":"__proto__","seq":1,"data":{"polluted":1},"ts":1}');
    conn.socket.send(
      '{"type":"event","event":"game.echo","seq":2,"data":{"__proto__":{"polluted":1}},"ts":1}',
    );
    conn.send({ type: "event", event: "game.echo", seq: 3, data: "last", ts: 1 });
    await eventually(() => seen.includes("last"));
    expect(seen.filter((d) => typeof d === "number")).toEqual([]);
  });

  it("survives an absurd heartbeatMs in welcome without Node's timer-overflow fallback to 1 ms", async () => {
    const { client, conn } = await h.connected({}, { resumeToken: "r1", heartbeatMs: 1e12 });
    const call = client.call("game.echo", {});
    const rpc = await conn.next("rpc");
    conn.send({ type: "response", id: rpc.id, result: "alive" });
    expect(await call).toBe("alive");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(warnings.filter((w) => w.startsWith("TimeoutOverflowWarning"))).toEqual([]);
  });
});
