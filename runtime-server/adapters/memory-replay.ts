/** In-memory replay buffers (PROTOCOL.md "Events, ordering and replay"): one process. */
import type { ReplayEntry, ReplayRead, ReplayStore } from "./adapter.js";

interface Buffer<P> {
  lastSeq: number;
  entries: ReplayEntry<P>[];
  /** Index of the first live entry; entries before it are acknowledged or dropped. */
  head: number;
  bytes: number;
  /** Highest seq dropped for capacity before it was acknowledged: a resume from below it fails. */
  droppedThrough: number;
}

export class MemoryReplayStore<P> implements ReplayStore<P> {
  private readonly buffers = new Map<string, Buffer<P>>();

  append(
    playerSessionId: string,
    size: number,
    payload: P,
    bounds: { readonly count: number; readonly bytes: number },
  ): Promise<number> {
    return Promise.resolve(this.appendNow(playerSessionId, size, payload, bounds));
  }

  appendNow(
    playerSessionId: string,
    size: number,
    payload: P,
    bounds: { readonly count: number; readonly bytes: number },
  ): number {
    const buffer = this.buffer(playerSessionId);
    const seq = ++buffer.lastSeq;
    buffer.entries.push({ seq, size, payload });
    buffer.bytes += size;
    while (buffer.entries.length - buffer.head > bounds.count || buffer.bytes > bounds.bytes) {
      const dropped = buffer.entries[buffer.head];
      if (dropped === undefined) break;
      buffer.head++;
      buffer.bytes -= dropped.size;
      buffer.droppedThrough = dropped.seq;
    }
    compact(buffer);
    return seq;
  }

  since(playerSessionId: string, afterSeq: number): Promise<ReplayRead<P>> {
    const buffer = this.buffers.get(playerSessionId);
    if (buffer === undefined) return Promise.resolve({ ok: true, entries: [] });
    if (afterSeq < buffer.droppedThrough || afterSeq > buffer.lastSeq) return Promise.resolve({ ok: false });
    const entries: ReplayEntry<P>[] = [];
    for (let i = buffer.head; i < buffer.entries.length; i++) {
      const entry = buffer.entries[i];
      if (entry !== undefined && entry.seq > afterSeq) entries.push(entry);
    }
    return Promise.resolve({ ok: true, entries });
  }

  ack(playerSessionId: string, seq: number): Promise<void> {
    const buffer = this.buffers.get(playerSessionId);
    if (buffer === undefined) return Promise.resolve();
    for (;;) {
      const entry = buffer.entries[buffer.head];
      if (entry === undefined || entry.seq > seq) break;
      buffer.head++;
      buffer.bytes -= entry.size;
    }
    compact(buffer);
    return Promise.resolve();
  }

  lastSeq(playerSessionId: string): Promise<number> {
    return Promise.resolve(this.buffers.get(playerSessionId)?.lastSeq ?? 0);
  }

  delete(playerSessionId: string): Promise<void> {
    this.buffers.delete(playerSessionId);
    return Promise.resolve();
  }

  private buffer(playerSessionId: string): Buffer<P> {
    let buffer = this.buffers.get(playerSessionId);
    if (buffer === undefined) {
      buffer = { lastSeq: 0, entries: [], head: 0, bytes: 0, droppedThrough: 0 };
      this.buffers.set(playerSessionId, buffer);
    }
    return buffer;
  }
}

/** Drops consumed entries once they are half the array, so trimming stays O(1) amortised. */
function compact<P>(buffer: Buffer<P>): void {
  if (buffer.head > 64 && buffer.head * 2 > buffer.entries.length) {
    buffer.entries = buffer.entries.slice(buffer.head);
    buffer.head = 0;
  }
}
