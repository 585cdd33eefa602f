/**
 * The game-session directory in Redis: summaries (for `session.list` and routing), each session's
 * member set, and every player's membership. The owner process writes them and deletes them at
 * cleanup; when it dies, a surviving process reaps them (node-watch.ts).
 */
import type { SessionDirectory, SessionSummaryRecord } from "../adapter.js";
import { pack, unpack } from "./codec.js";
import type { RecordOptions } from "./redis-player-stores.js";
import { run } from "./scripts.js";

export class RedisSessionDirectory implements SessionDirectory {
  constructor(private readonly o: RecordOptions) {}

  async put(summary: SessionSummaryRecord): Promise<void> {
    const { keys, redis } = this.o;
    await redis.multi().set(keys.session(summary.id), pack(summary)).sadd(keys.sessions, summary.id).exec();
  }

  async get(sessionId: string): Promise<SessionSummaryRecord | undefined> {
    const raw = await this.o.redis.getBuffer(this.o.keys.session(sessionId));
    return raw === null ? undefined : (unpack(raw) as SessionSummaryRecord);
  }

  async delete(sessionId: string): Promise<void> {
    const { keys, redis } = this.o;
    await redis
      .multi()
      .del(keys.session(sessionId), keys.sessionMembers(sessionId))
      .srem(keys.sessions, sessionId)
      .exec();
  }

  async list(): Promise<readonly SessionSummaryRecord[]> {
    const { keys, redis } = this.o;
    const ids = await redis.smembers(keys.sessions);
    if (ids.length === 0) return [];
    const raws = await redis.mgetBuffer(...ids.map((id) => keys.session(id)));
    const out: SessionSummaryRecord[] = [];
    for (const raw of raws) if (raw !== null) out.push(unpack(raw) as SessionSummaryRecord);
    return out;
  }

  async members(sessionId: string): Promise<string[]> {
    return this.o.redis.smembers(this.o.keys.sessionMembers(sessionId));
  }

  async membership(playerId: string): Promise<string | undefined> {
    return (await this.o.redis.get(this.o.keys.membership(playerId))) ?? undefined;
  }

  async setMembership(
    playerId: string,
    expected: string | undefined,
    next: string | undefined,
  ): Promise<boolean> {
    const { keys } = this.o;
    const done = await run(this.o.redis, "setMembership", [
      keys.membership(playerId),
      keys.sessionMembers(expected ?? ""),
      keys.sessionMembers(next ?? ""),
      playerId,
      expected ?? "",
      next ?? "",
    ]);
    return done === 1;
  }
}
