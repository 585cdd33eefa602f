/**
 * Scale-out (docs/scaling.md "Players": what moves with the player session lives in Redis): the
 * deduplication window and the `@rate` buckets follow a player who resumes on another node. Spoken
 * by hand over raw sockets (docs/protocol.md), so that the wire itself is checked.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectBuilt } from "../runtime-e2e/harness.js";
import { SCHEMA_HASH } from "../runtime-e2e/fixtures/generated/types.js";
import { RawClient, type Message } from "../runtime-server/raw-client.js";
import { RedisProcess, startNode, type NodeProcess } from "./cluster.js";

let redis: RedisProcess;
let nodeA: NodeProcess;
let nodeB: NodeProcess;
const sockets: RawClient[] = [];

beforeAll(async () => {
  expectBuilt();
  redis = await RedisProcess.start();
  [nodeA, nodeB] = await Promise.all([startNode(redis.url, "a"), startNode(redis.url, "b")]);
});

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.socket.terminate();
});

afterAll(async () => {
  await Promise.all([nodeA.kill("SIGTERM"), nodeB.kill("SIGTERM")]);
  await redis.stop();
});

async function open(node: NodeProcess): Promise<RawClient> {
  const socket = await RawClient.open(node.url);
  sockets.push(socket);
  return socket;
}

const resumeToken = (welcome: Message): string => (welcome.resume as { token: string }).token;

/**
 * Logs `player` in on node A, runs `onA` there, drops the socket without a close frame (as a
 * network failure would) and resumes on node B, whose socket is opened beforehand so that the move
 * is one hello away.
 */
async function moveToB(player: string, onA: (a: RawClient) => Promise<void>): Promise<RawClient> {
  const a = await open(nodeA);
  const welcome = await a.hello({ schema: SCHEMA_HASH, token: player });
  expect(welcome).toMatchObject({ type: "welcome", player, resumed: false });
  const b = await open(nodeB);
  await onA(a);
  a.socket.terminate();
  const resumed = await b.hello({
    schema: SCHEMA_HASH,
    token: player,
    resume: { token: resumeToken(welcome), lastEventSeq: 0 },
  });
  expect(resumed).toMatchObject({ type: "welcome", player, resumed: true });
  return b;
}

describe("player state across server processes", () => {
  it("an rpc id answered on one node is answered again from the dedup window after a resume on another node, without running its handler", async () => {
    const b = await moveToB("fay", async (a) => {
      expect(await a.call("play.count", { key: "fay" }, 5)).toEqual({
        type: "response",
        id: 5,
        result: { key: "fay", n: 1 },
      });
    });
    expect(await b.call("play.count", { key: "fay" }, 5)).toEqual({
      type: "response",
      id: 5,
      result: { key: "fay", n: 1 },
      replayed: true,
    });
    // Node B counts per process: a fresh id is its first run of the handler for this key.
    expect(await b.call("play.count", { key: "fay" }, 6)).toEqual({
      type: "response",
      id: 6,
      result: { key: "fay", n: 1 },
    });
  });

  it("a player who spent its @rate burst on one node is RATE_LIMITED at once after a resume on another node", async () => {
    const b = await moveToB("gus", async (a) => {
      // @rate(2/s): a burst of two, then refused.
      expect(await a.call("play.limited", {}, 1)).toMatchObject({ result: { ok: true } });
      expect(await a.call("play.limited", {}, 2)).toMatchObject({ result: { ok: true } });
      expect((await a.call("play.limited", {}, 3)).error).toMatchObject({ code: "RATE_LIMITED" });
    });
    const refused = await b.call("play.limited", {}, 4);
    expect(refused.error).toMatchObject({ code: "RATE_LIMITED", retry: true });
    expect((refused.error as { details: { retryAfterMs: number } }).details.retryAfterMs).toBeGreaterThan(0);
  });
});
