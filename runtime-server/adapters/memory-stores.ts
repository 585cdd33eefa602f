/** In-memory player directory, resume records, rate buckets and topic subscriptions: one process. */
import type {
  PlayerDirectory,
  PlayerRecord,
  RateStore,
  ResumeRecord,
  ResumeStore,
  TopicStore,
} from "./adapter.js";
import { newBucket, takeToken, type BucketState } from "../token-bucket.js";

export class MemoryPlayerDirectory implements PlayerDirectory {
  private readonly records = new Map<string, PlayerRecord>();

  get(playerId: string): Promise<PlayerRecord | undefined> {
    return Promise.resolve(this.records.get(playerId));
  }

  put(record: PlayerRecord): Promise<PlayerRecord | undefined> {
    const previous = this.records.get(record.playerId);
    this.records.set(record.playerId, record);
    return Promise.resolve(previous);
  }

  remove(playerId: string, playerSessionId: string): Promise<void> {
    if (this.records.get(playerId)?.playerSessionId === playerSessionId) this.records.delete(playerId);
    return Promise.resolve();
  }
}

export class MemoryResumeStore implements ResumeStore {
  private readonly records = new Map<string, ResumeRecord>();

  get(playerSessionId: string): Promise<ResumeRecord | undefined> {
    return Promise.resolve(this.records.get(playerSessionId));
  }

  swap(playerSessionId: string, expected: ResumeRecord | undefined, next: ResumeRecord): Promise<boolean> {
    const current = this.records.get(playerSessionId);
    const same =
      current === undefined || expected === undefined
        ? current === expected
        : current.newest === expected.newest && current.previous === expected.previous;
    if (same) this.records.set(playerSessionId, next);
    return Promise.resolve(same);
  }

  setExpiry(playerSessionId: string, expiresAt: number | null): Promise<void> {
    const current = this.records.get(playerSessionId);
    if (current !== undefined) this.records.set(playerSessionId, { ...current, expiresAt });
    return Promise.resolve();
  }

  delete(playerSessionId: string): Promise<void> {
    this.records.delete(playerSessionId);
    return Promise.resolve();
  }
}

export class MemoryRateStore implements RateStore {
  private readonly buckets = new Map<string, BucketState>();

  take(key: string, perSecond: number, burst: number, now: number): Promise<number> {
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = newBucket(burst, now);
      this.buckets.set(key, bucket);
    }
    return Promise.resolve(takeToken(bucket, perSecond, burst, now));
  }

  delete(keyPrefix: string): Promise<void> {
    for (const key of this.buckets.keys()) if (key.startsWith(keyPrefix)) this.buckets.delete(key);
    return Promise.resolve();
  }
}

export class MemoryTopicStore implements TopicStore {
  private readonly byTopic = new Map<string, Set<string>>();
  private readonly bySubscriber = new Map<string, Set<string>>();

  subscribe(topic: string, playerSessionId: string): Promise<void> {
    getOrCreate(this.byTopic, topic).add(playerSessionId);
    getOrCreate(this.bySubscriber, playerSessionId).add(topic);
    return Promise.resolve();
  }

  unsubscribe(topic: string, playerSessionId: string): Promise<void> {
    removeFrom(this.byTopic, topic, playerSessionId);
    removeFrom(this.bySubscriber, playerSessionId, topic);
    return Promise.resolve();
  }

  subscribers(topic: string): Promise<readonly string[]> {
    return Promise.resolve([...(this.byTopic.get(topic) ?? [])]);
  }

  deleteSubscriber(playerSessionId: string): Promise<void> {
    for (const topic of this.bySubscriber.get(playerSessionId) ?? []) {
      removeFrom(this.byTopic, topic, playerSessionId);
    }
    this.bySubscriber.delete(playerSessionId);
    return Promise.resolve();
  }
}

function getOrCreate(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (set === undefined) {
    set = new Set();
    map.set(key, set);
  }
  return set;
}

function removeFrom(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set === undefined) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
