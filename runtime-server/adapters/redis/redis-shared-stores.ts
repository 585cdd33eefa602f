/** Rate buckets and topic subscriptions in Redis: both follow a player from process to process. */
import type { RateStore, TopicStore } from "../adapter.js";
import type { RecordOptions } from "./redis-player-stores.js";
import { run } from "./scripts.js";

export class RedisRateStore implements RateStore {
  constructor(private readonly o: RecordOptions) {}

  async take(key: string, perSecond: number, burst: number, now: number): Promise<number> {
    return (await run(this.o.redis, "rateTake", [this.o.keys.rate(key), perSecond, burst, now])) as number;
  }

  /** Buckets expire once full again (the script's TTL), so a prefix scan is the only cost here. */
  async delete(keyPrefix: string): Promise<void> {
    const pattern = `${this.o.keys.rate(keyPrefix).replace(/[*?[\]\\]/g, "\\$&")}*`;
    let cursor = "0";
    do {
      const [next, found] = await this.o.redis.scan(cursor, "MATCH", pattern, "COUNT", 200);
      cursor = next;
      if (found.length > 0) await this.o.redis.del(...found);
    } while (cursor !== "0");
  }
}

/**
 * A topic's set names player sessions; a subscriber whose records expired (its process died) is
 * dropped from the set the next time the topic is read, so the sets need no TTL of their own.
 */
export class RedisTopicStore implements TopicStore {
  constructor(private readonly o: RecordOptions) {}

  async subscribe(topic: string, playerSessionId: string): Promise<void> {
    const { keys } = this.o;
    await this.o.redis
      .multi()
      .sadd(keys.topic(topic), playerSessionId)
      .sadd(keys.subscriptions(playerSessionId), topic)
      .pexpire(keys.subscriptions(playerSessionId), this.o.recordTtlMs)
      .exec();
  }

  async unsubscribe(topic: string, playerSessionId: string): Promise<void> {
    const { keys } = this.o;
    await this.o.redis
      .multi()
      .srem(keys.topic(topic), playerSessionId)
      .srem(keys.subscriptions(playerSessionId), topic)
      .exec();
  }

  async subscribers(topic: string): Promise<readonly string[]> {
    const { keys } = this.o;
    return (await run(this.o.redis, "topicSubscribers", [keys.topic(topic), keys.resume("")])) as string[];
  }

  async deleteSubscriber(playerSessionId: string): Promise<void> {
    const { keys, redis } = this.o;
    const topics = await redis.smembers(keys.subscriptions(playerSessionId));
    const multi = redis.multi();
    for (const topic of topics) multi.srem(keys.topic(topic), playerSessionId);
    await multi.del(keys.subscriptions(playerSessionId)).exec();
  }
}
