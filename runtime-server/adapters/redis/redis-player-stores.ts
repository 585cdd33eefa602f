/** The player directory and resume records in Redis (docs/scaling.md "Players"). */
import type { Redis } from "ioredis";
import type { PlayerDirectory, PlayerRecord, ResumeRecord, ResumeStore } from "../adapter.js";
import type { Keys } from "./keys.js";
import { run } from "./scripts.js";

export interface RecordOptions {
  readonly redis: Redis;
  readonly keys: Keys;
  /** TTL of a player session's records; refreshed while it is connected. */
  readonly recordTtlMs: number;
}

/** Player sessions this process keeps alive (connected here): their TTLs are refreshed. */
export type LiveSet = Set<string>;

export class RedisPlayerDirectory implements PlayerDirectory {
  constructor(private readonly o: RecordOptions) {}

  async get(playerId: string): Promise<PlayerRecord | undefined> {
    return parsePlayer(playerId, await this.o.redis.get(this.o.keys.player(playerId)));
  }

  async put(record: PlayerRecord): Promise<PlayerRecord | undefined> {
    const value = `${record.playerSessionId}\n${record.nodeId}`;
    const old = (await run(this.o.redis, "playerPut", [
      this.o.keys.player(record.playerId),
      value,
      this.o.recordTtlMs,
    ])) as string | null;
    return parsePlayer(record.playerId, old);
  }

  async remove(playerId: string, playerSessionId: string): Promise<void> {
    await run(this.o.redis, "playerRemove", [this.o.keys.player(playerId), `${playerSessionId}\n`]);
  }
}

function parsePlayer(playerId: string, value: string | null): PlayerRecord | undefined {
  if (value === null) return undefined;
  const newline = value.indexOf("\n");
  return { playerId, playerSessionId: value.slice(0, newline), nodeId: value.slice(newline + 1) };
}

export class RedisResumeStore implements ResumeStore {
  constructor(
    private readonly o: RecordOptions,
    private readonly live: LiveSet,
  ) {}

  async get(playerSessionId: string): Promise<ResumeRecord | undefined> {
    const h = await this.o.redis.hgetall(this.o.keys.resume(playerSessionId));
    if (h.n === undefined || h.p === undefined) return undefined;
    return {
      playerId: h.p,
      newest: h.n,
      previous: h.v === undefined || h.v === "" ? null : h.v,
      expiresAt: h.e === undefined || h.e === "" ? null : Number(h.e),
    };
  }

  async swap(
    playerSessionId: string,
    expected: ResumeRecord | undefined,
    next: ResumeRecord,
  ): Promise<boolean> {
    const swapped = await run(this.o.redis, "resumeSwap", [
      this.o.keys.resume(playerSessionId),
      expected?.newest ?? "",
      expected?.previous ?? "",
      next.playerId,
      next.newest,
      next.previous ?? "",
      next.expiresAt === null ? "" : String(next.expiresAt),
      this.o.recordTtlMs,
    ]);
    if (swapped === 1) this.track(playerSessionId, next.expiresAt);
    return swapped === 1;
  }

  async setExpiry(playerSessionId: string, expiresAt: number | null): Promise<void> {
    this.track(playerSessionId, expiresAt);
    await run(this.o.redis, "resumeExpiry", [
      this.o.keys.resume(playerSessionId),
      expiresAt === null ? "" : String(expiresAt),
    ]);
  }

  async delete(playerSessionId: string): Promise<void> {
    this.live.delete(playerSessionId);
    await this.o.redis.del(this.o.keys.resume(playerSessionId));
  }

  private track(playerSessionId: string, expiresAt: number | null): void {
    if (expiresAt === null) this.live.add(playerSessionId);
    else this.live.delete(playerSessionId);
  }
}
