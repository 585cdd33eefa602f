/**
 * A call whose store refuses the work it needs before its handler (the id window here) is answered
 * `UNAVAILABLE` at once, not left to the client's deadline (docs/server.md "When the store fails").
 * The refusal is real: Redis at its memory limit with `noeviction` refuses every write (OOM).
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { RedisProcess } from "./cluster.js";
import { capturedLogger, redisServer, UnhandledRejections } from "./in-process.js";

let redis: RedisProcess;
let control: Redis;
const rejections = new UnhandledRejections();

beforeAll(async () => {
  redis = await RedisProcess.start();
  control = new Redis(redis.url);
  await control.config("SET", "maxmemory-policy", "noeviction");
  rejections.start();
});

afterAll(async () => {
  rejections.stop();
  control.disconnect();
  await redis.stop();
});

it("answers UNAVAILABLE when the store refuses a call's id window, and the next call runs once Redis accepts writes", async () => {
  const { logger, lines } = capturedLogger();
  const server = await redisServer(redis.url, "refusals:", "a", { logger });
  try {
    const { client } = await server.login("alice");
    expect(await client.call("game.echo", { text: "before" })).toMatchObject({ result: { text: "before" } });

    await control.config("SET", "maxmemory", "1");
    const refused = await client.call("game.echo", { text: "during" });
    expect(refused).toMatchObject({ type: "response", error: { code: "UNAVAILABLE", retry: true } });
    expect(refused).not.toHaveProperty("result");
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: "store operation failed", operation: "rpc.admit" }),
    );
    const metrics = await (await fetch(server.http + "/metrics")).text();
    expect(metrics).toMatch(/gidl_store_errors_total\{operation="rpc\.admit"\} [1-9]/);

    await control.config("SET", "maxmemory", "0");
    expect(await client.call("game.echo", { text: "after" })).toMatchObject({ result: { text: "after" } });
  } finally {
    await control.config("SET", "maxmemory", "0");
    await server.close();
  }
  expect(rejections.seen).toEqual([]);
});
