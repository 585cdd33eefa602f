/** Deduplication windows in Redis (docs/protocol.md "Exactly-once calls"): they move with the player. */
import type { DedupState, DedupStore } from "../adapter.js";
import { pack, unpack } from "./codec.js";
import type { RecordOptions } from "./redis-player-stores.js";
import { run } from "./scripts.js";

export class RedisDedupStore<R> implements DedupStore<R> {
  constructor(private readonly o: RecordOptions) {}

  check(playerSessionId: string, id: number): Promise<DedupState<R>> {
    return this.begin(playerSessionId, id, -1);
  }

  async begin(playerSessionId: string, id: number, window: number): Promise<DedupState<R>> {
    const reply = (await run(
      this.o.redis,
      "dedupBegin",
      [...this.keys(playerSessionId), id, window, this.o.recordTtlMs],
      true,
    )) as Buffer[];
    const kind = reply[0]?.toString();
    if (kind === "done" && reply[1] !== undefined) return { kind: "done", response: unpack(reply[1]) as R };
    if (kind === "running" || kind === "stale") return { kind };
    return { kind: "new" };
  }

  async finish(playerSessionId: string, id: number, response: R): Promise<void> {
    await run(this.o.redis, "dedupFinish", [this.o.keys.dedupCalls(playerSessionId), id, pack(response)]);
  }

  async forget(playerSessionId: string, id: number): Promise<void> {
    const { keys } = this.o;
    await run(this.o.redis, "dedupForget", [
      keys.dedupCalls(playerSessionId),
      keys.dedupOrder(playerSessionId),
      id,
    ]);
  }

  async advance(playerSessionId: string, id: number): Promise<boolean> {
    return (
      (await run(this.o.redis, "dedupAdvance", [
        this.o.keys.dedupMeta(playerSessionId),
        id,
        this.o.recordTtlMs,
      ])) === 1
    );
  }

  async delete(playerSessionId: string): Promise<void> {
    await this.o.redis.del(...this.keys(playerSessionId));
  }

  private keys(playerSessionId: string): string[] {
    const { keys } = this.o;
    return [
      keys.dedupCalls(playerSessionId),
      keys.dedupOrder(playerSessionId),
      keys.dedupMeta(playerSessionId),
    ];
  }
}
