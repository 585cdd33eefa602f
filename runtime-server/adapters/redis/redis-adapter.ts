/**
 * `redisAdapter({ url })`: several server processes sharing players, sessions and events through
 * Redis (docs/scaling.md). Two connections: commands and publishes on one, the event subscription
 * on the other.
 */
import { Redis } from "ioredis";
import type { AdapterBinding, ServerAdapter } from "../adapter.js";
import { Keys } from "./keys.js";
import { NodeWatch } from "./node-watch.js";
import { RedisDedupStore } from "./redis-dedup.js";
import { RedisFanout } from "./redis-fanout.js";
import { RedisPlayerDirectory, RedisResumeStore, type LiveSet } from "./redis-player-stores.js";
import { RedisReplayStore } from "./redis-replay.js";
import { RedisSessionDirectory } from "./redis-sessions.js";
import { RedisRateStore, RedisTopicStore } from "./redis-shared-stores.js";
import { defineScripts } from "./scripts.js";

export interface RedisAdapterOptions {
  /** e.g. "redis://127.0.0.1:6379/0" */
  readonly url: string;
  /** Prefix of every key and of the event channel; servers sharing one must share it. @default "gidl:" */
  readonly keyPrefix?: string;
  /** A node that has not beaten for this long is dead; its sessions end. @default 5000 */
  readonly nodeTtlMs?: number;
  /**
   * TTL of a player session's records (resume, replay, deduplication, subscriptions), refreshed
   * while it is connected; must exceed the servers' `resumeWindowMs`. @default 120000
   */
  readonly recordTtlMs?: number;
}

export function redisAdapter<E = unknown, R = unknown>(options: RedisAdapterOptions): ServerAdapter<E, R> {
  const keys = new Keys(options.keyPrefix ?? "gidl:");
  const nodeTtlMs = options.nodeTtlMs ?? 5000;
  const recordTtlMs = options.recordTtlMs ?? 120_000;
  const redis = new Redis(options.url, { lazyConnect: false });
  const sub = new Redis(options.url);
  defineScripts(redis);
  let binding: AdapterBinding<E> | undefined;
  const live: LiveSet = new Set();
  const recordOptions = { redis, keys, recordTtlMs };
  const eventCodec = () => {
    if (binding === undefined) throw new Error("redisAdapter: the server has not attached yet");
    const b = binding;
    return { encode: (e: E) => b.eventToData(e), decode: (d: unknown) => b.eventFromData(d) };
  };
  const fanout = new RedisFanout<E>(redis, keys.events, eventCodec);
  const sessions = new RedisSessionDirectory(recordOptions);
  const watch = new NodeWatch({
    redis,
    keys,
    nodeTtlMs,
    recordTtlMs,
    live,
    sessions,
    binding: () => binding,
    onError: (error) => binding?.storeFailed("node.beat", error),
  });
  // ioredis logs unhandled connection errors; reconnecting is its job, and the watch notices losses.
  redis.on("error", () => undefined);
  sub.on("error", () => undefined);
  let subscribedOnce = false;
  sub.on("close", () => {
    if (subscribedOnce) watch.subscriptionLost();
  });
  sub.on("ready", () => {
    // A subscriber that reconnects has missed whatever was published meanwhile: never silently.
    if (subscribedOnce)
      watch.resubscribed().catch((error: unknown) => binding?.storeFailed("node.resubscribe", error));
  });
  sub.on("messageBuffer", (_channel: Buffer, message: Buffer) => {
    try {
      fanout.receive(message);
    } catch {
      // A message from a server of another version: nothing this process can deliver.
    }
  });
  const subscribed = sub.subscribe(keys.events).then(() => {
    subscribedOnce = true;
  });

  return {
    players: new RedisPlayerDirectory(recordOptions),
    resume: new RedisResumeStore(recordOptions, live),
    replay: new RedisReplayStore<E>(recordOptions, eventCodec),
    dedup: new RedisDedupStore<R>(recordOptions),
    rates: new RedisRateStore(recordOptions),
    topics: new RedisTopicStore(recordOptions),
    sessions,
    fanout,
    attach(next) {
      binding = next;
      watch.start();
    },
    async ready() {
      await subscribed;
      await watch.beat();
    },
    nodeUrl: (nodeId) => watch.nodeUrl(nodeId),
    async close() {
      watch.stop();
      if (binding !== undefined) await redis.del(keys.node(binding.nodeId)).catch(() => undefined);
      sub.disconnect();
      await redis.quit().catch(() => undefined);
    },
  };
}
