/**
 * Replay buffers in Redis: a list per player session, trimmed by one script (docs/protocol.md
 * "Events, ordering and replay").
 */
import type { ReplayEntry, ReplayRead, ReplayStore } from "../adapter.js";
import { pack, unpack } from "./codec.js";
import type { RecordOptions } from "./redis-player-stores.js";
import { run } from "./scripts.js";

export interface PayloadCodec<P> {
  encode(payload: P): unknown;
  decode(data: unknown): P | undefined;
}

export class RedisReplayStore<P> implements ReplayStore<P> {
  constructor(
    private readonly o: RecordOptions,
    private readonly codec: () => PayloadCodec<P>,
  ) {}

  async append(
    playerSessionId: string,
    size: number,
    payload: P,
    bounds: { readonly count: number; readonly bytes: number },
  ): Promise<number> {
    const { keys } = this.o;
    return (await run(this.o.redis, "replayAppend", [
      keys.replay(playerSessionId),
      keys.replayMeta(playerSessionId),
      size,
      pack(this.codec().encode(payload)),
      bounds.count,
      bounds.bytes,
      this.o.recordTtlMs,
    ])) as number;
  }

  async since(playerSessionId: string, afterSeq: number): Promise<ReplayRead<P>> {
    const { keys } = this.o;
    const reply = (await run(
      this.o.redis,
      "replayRead",
      [keys.replay(playerSessionId), keys.replayMeta(playerSessionId)],
      true,
    )) as Buffer[];
    const last = Number(reply[0]?.toString() ?? "0");
    const dropped = Number(reply[1]?.toString() ?? "0");
    if (afterSeq < dropped || afterSeq > last) return { ok: false };
    const entries: ReplayEntry<P>[] = [];
    for (const raw of reply.slice(2)) {
      const s1 = raw.indexOf(0x20);
      const s2 = raw.indexOf(0x20, s1 + 1);
      const seq = Number(raw.subarray(0, s1).toString());
      if (seq <= afterSeq) continue;
      const payload = this.codec().decode(unpack(raw.subarray(s2 + 1)));
      if (payload === undefined) continue;
      entries.push({ seq, size: Number(raw.subarray(s1 + 1, s2).toString()), payload });
    }
    return { ok: true, entries };
  }

  async ack(playerSessionId: string, seq: number): Promise<void> {
    const { keys } = this.o;
    await run(this.o.redis, "replayAck", [
      keys.replay(playerSessionId),
      keys.replayMeta(playerSessionId),
      seq,
    ]);
  }

  async lastSeq(playerSessionId: string): Promise<number> {
    return Number((await this.o.redis.hget(this.o.keys.replayMeta(playerSessionId), "last")) ?? "0");
  }

  async delete(playerSessionId: string): Promise<void> {
    await this.o.redis.del(this.o.keys.replay(playerSessionId), this.o.keys.replayMeta(playerSessionId));
  }
}
