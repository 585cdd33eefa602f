/**
 * Chaos: a TCP proxy between the generated client and server cuts the connection at seeded random
 * moments — in the middle of a request, in the middle of a response, right after a reconnect
 * (during the resume) — while 2,000 calls and 2,000 reliable events flow. The promises of
 * docs/protocol.md "Exactly-once calls" and "Events, ordering and replay" must hold: every call
 * settles once with its own result, every handler ran once, every reliable event arrives once and
 * in order.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CODECS, startHarness, type Harness } from "./harness.js";
import { TcpProxy, type CutPoint } from "./tcp-proxy.js";
import { seededRandom } from "../hardening/seeded-random.js";

const CALLS = 2000;
const EVENTS = 2000;
/** Calls in flight at once: below maxRunningCalls, so that a resume's re-sent calls all fit. */
const CONCURRENCY = 32;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let h: Harness | undefined;
let proxy: TcpProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await h?.close();
  proxy = h = undefined;
});

describe.each(CODECS)("chaos (%s)", (codec) => {
  const seed = Number(process.env.CHAOS_SEED ?? 0x9e3779b9) + CODECS.indexOf(codec);

  it(`keeps exactly-once calls and in-order events while connections are cut (seed ${seed})`, async () => {
    const rand = seededRandom(seed);
    const harness = await startHarness(codec, {
      // The test is about cuts, not about the protective limits: those have their own tests.
      limits: { messagesPerSecond: Infinity, replayBuffer: Infinity, replayBufferBytes: Infinity },
    });
    h = harness;
    const cutter = await TcpProxy.start(harness.server.port);
    proxy = cutter;
    const client = harness.client("alice", {
      url: cutter.url,
      timeoutMs: 60_000,
      reconnect: { baseMs: 5, maxMs: 40, random: rand },
    });
    const received: number[] = [];
    let resyncs = 0;
    client.on("play.tick", (data) => received.push(data.n));
    client.onResync(() => resyncs++);
    await client.connect();

    const run = { done: false };
    // A call, not a field read: TypeScript would keep the field narrowed across the loop's awaits.
    const stopped = (): boolean => run.done;
    // Cuts: mid-request, mid-response or at once; sometimes again right after the reconnect.
    const cuts = { now: 0, upstream: 0, downstream: 0, duringResume: 0 };
    const chaos = (async () => {
      while (!stopped()) {
        await sleep(5 + rand() * 25);
        if (stopped()) break;
        const roll = rand();
        const point: CutPoint = roll < 0.4 ? "upstream" : roll < 0.8 ? "downstream" : "now";
        cuts[point]++;
        const before = cutter.accepted;
        cutter.cut(point, rand());
        if (rand() < 0.3) {
          // Wait for the reconnect, then cut it within a few ms: hello, welcome or the replay is in flight.
          while (!stopped() && cutter.accepted <= before) await sleep(1);
          await sleep(rand() * 4);
          cuts.duringResume++;
          cutter.cut(rand() < 0.5 ? "now" : "downstream", rand());
        }
      }
    })();

    const events = (async () => {
      for (let n = 1; n <= EVENTS; n++) {
        harness.server.emit.play.tick(["alice"], { n, stamp: BigInt(n) * 1_000_000_007n });
        if (n % 20 === 0) await sleep(1 + rand() * 3);
      }
    })();

    const results = new Map<number, unknown[]>();
    const failures: unknown[] = [];
    let next = 1;
    const worker = async (): Promise<void> => {
      while (next <= CALLS) {
        const n = next++;
        try {
          const result = await client.play.work({ n, delayMs: Math.floor(rand() * 8) });
          results.set(n, [...(results.get(n) ?? []), result.n]);
        } catch (error) {
          failures.push(error);
        }
      }
    };
    await Promise.all([...Array.from({ length: CONCURRENCY }, worker), events]);
    // Every event emitted has reached the client once the last ones arrive.
    for (let waited = 0; received.length < EVENTS && waited < 10_000; waited += 10) await sleep(10);
    run.done = true;
    await chaos;

    expect(failures).toEqual([]);
    const settledTwice = [...results].filter(([, settled]) => settled.length !== 1);
    expect(settledTwice).toEqual([]);
    expect([...results].filter(([n, [result]]) => result !== n)).toEqual([]);
    expect(results.size).toBe(CALLS);
    const ranOtherThanOnce = [...harness.counters.work].filter(([, runs]) => runs !== 1);
    expect(ranOtherThanOnce).toEqual([]);
    expect(harness.counters.work.size).toBe(CALLS);
    expect(resyncs).toBe(0);
    expect(received).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 1));
    // The run did cut connections, in each way (a sanity check of the proxy, not of the runtime).
    expect(cutter.accepted).toBeGreaterThanOrEqual(10);
    expect(Math.min(cuts.upstream, cuts.downstream, cuts.duringResume)).toBeGreaterThan(0);
  }, 60_000);
});
