/**
 * This process's heartbeat in Redis, and the watch over the others (docs/scaling.md "When a node
 * dies"): the node key carries the public URL and expires `nodeTtlMs` after the last beat; the
 * sessions of a node whose key expired are reaped by one surviving node; connected player
 * sessions' records are kept alive; a changed or missing epoch key means Redis lost its data.
 */
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { AdapterBinding } from "../adapter.js";
import type { Keys } from "./keys.js";
import type { LiveSet } from "./redis-player-stores.js";
import type { RedisSessionDirectory } from "./redis-sessions.js";

export interface NodeWatchOptions {
  readonly redis: Redis;
  readonly keys: Keys;
  readonly nodeTtlMs: number;
  readonly recordTtlMs: number;
  readonly live: LiveSet;
  readonly sessions: RedisSessionDirectory;
  readonly binding: () => AdapterBinding<unknown> | undefined;
  readonly onError: (error: unknown) => void;
}

/** How long one node owns the reaping of a dead node's session. */
const REAP_LOCK_MS = 30_000;

export class NodeWatch {
  private timer: NodeJS.Timeout | undefined;
  private epoch: string | undefined;
  private lastRefresh = 0;
  private running = false;
  /** Epoch checks and recoveries run one at a time, so that one loss is handled once. */
  private recovering: Promise<void> = Promise.resolve();
  /** The event subscription dropped and has not been recovered from yet (`resubscribed` will). */
  private subscriptionDown = false;

  constructor(private readonly o: NodeWatchOptions) {}

  start(): void {
    this.timer = setInterval(
      () => {
        this.beat().catch(this.o.onError);
      },
      Math.max(50, Math.floor(this.o.nodeTtlMs / 3)),
    );
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One beat; beats never overlap (a slow Redis must not pile them up). */
  async beat(): Promise<void> {
    const binding = this.o.binding();
    if (binding === undefined || this.running) return;
    this.running = true;
    try {
      const { redis, keys } = this.o;
      await redis.set(keys.node(binding.nodeId), binding.publicUrl(), "PX", this.o.nodeTtlMs);
      await this.checkEpoch(binding);
      if (Date.now() - this.lastRefresh >= this.o.recordTtlMs / 3) await this.refresh();
      await this.reap(binding);
    } catch (error) {
      this.o.onError(error);
    } finally {
      this.running = false;
    }
  }

  async nodeUrl(nodeId: string): Promise<string | undefined> {
    return (await this.o.redis.get(this.o.keys.node(nodeId))) ?? undefined;
  }

  /** The event subscription dropped: from now on it misses events, until `resubscribed`. */
  subscriptionLost(): void {
    this.subscriptionDown = true;
  }

  /**
   * The event subscription reconnected: events were missed, and Redis may have lost its data. The
   * store's epoch is adopted here, so that the next beat does not count the same loss again.
   */
  resubscribed(): Promise<void> {
    return this.exclusive(async () => {
      this.subscriptionDown = false;
      const binding = this.o.binding();
      if (binding === undefined) return;
      await this.readEpoch().catch(() => undefined);
      await this.recover(binding);
    });
  }

  private checkEpoch(binding: AdapterBinding<unknown>): Promise<void> {
    return this.exclusive(async () => {
      const previous = this.epoch;
      const epoch = await this.readEpoch();
      // A restart drops the subscription too, and its reconnect recovers: a beat that notices the
      // new epoch first must leave the loss to it, or the fresh player sessions would end again.
      const changed = previous !== undefined && epoch !== undefined && previous !== epoch;
      if (changed && !this.subscriptionDown) await this.recover(binding);
    });
  }

  private async readEpoch(): Promise<string | undefined> {
    const { redis, keys } = this.o;
    await redis.set(keys.epoch, randomBytes(9).toString("base64url"), "NX");
    const epoch = (await redis.get(keys.epoch)) ?? undefined;
    if (epoch !== undefined) this.epoch = epoch;
    return epoch;
  }

  /**
   * Game sessions and memberships are written back before the player sessions end, so that the
   * clients that reconnect at once find their game session again.
   */
  private async recover(binding: AdapterBinding<unknown>): Promise<void> {
    try {
      await binding.rebuild();
    } finally {
      binding.stateLost();
    }
  }

  private exclusive(task: () => Promise<void>): Promise<void> {
    const run = this.recovering.then(task);
    this.recovering = run.catch(() => undefined);
    return run;
  }

  private async refresh(): Promise<void> {
    this.lastRefresh = Date.now();
    const { redis, keys, live } = this.o;
    if (live.size === 0) return;
    const pipeline = redis.pipeline();
    for (const id of live) {
      const resume = keys.resume(id);
      // The player key is found through the resume record's player id, inside the script.
      pipeline.hget(resume, "p");
    }
    const players = (await pipeline.exec()) ?? [];
    const refresh = redis.pipeline();
    let i = 0;
    for (const id of live) {
      const player = players[i++]?.[1];
      if (typeof player !== "string") continue;
      const commands = refresh as unknown as Record<string, (...args: (string | number)[]) => unknown>;
      commands.refresh?.call(refresh, ...keys.playerSession(id), keys.player(player), this.o.recordTtlMs, id);
    }
    await refresh.exec();
  }

  private async reap(binding: AdapterBinding<unknown>): Promise<void> {
    const { redis, keys, sessions } = this.o;
    const summaries = (await sessions.list()).filter((s) => s.nodeId !== binding.nodeId);
    if (summaries.length === 0) return;
    const nodes = [...new Set(summaries.map((s) => s.nodeId))];
    const check = redis.pipeline();
    for (const node of nodes) check.exists(keys.node(node));
    const results = (await check.exec()) ?? [];
    const dead = new Set(nodes.filter((_, index) => results[index]?.[1] === 0));
    for (const summary of summaries) {
      if (!dead.has(summary.nodeId)) continue;
      if ((await redis.set(keys.reap(summary.id), binding.nodeId, "PX", REAP_LOCK_MS, "NX")) !== "OK")
        continue;
      const members = await sessions.members(summary.id);
      await binding.sessionLost(summary, members);
      await sessions.delete(summary.id);
    }
  }
}
