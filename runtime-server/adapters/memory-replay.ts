/**
 * In-memory replay buffers (docs/protocol.md "Events, ordering and replay"): one process.
 *
 * A broadcast appends to every recipient's buffer, so an entry is two array slots (its size and the
 * shared payload) rather than an object: entries live until acknowledged, long enough to be copied
 * by the young-generation GC and promoted, and an object per recipient per event made that the
 * larger part of a broadcast's garbage (docs/contributing.md "Hot paths"). Seqs are consecutive, so
 * an entry's seq follows from its place.
 */
import type { ReplayEntry, ReplayRead, ReplayStore } from "./adapter.js";

interface Buffer<P> {
  lastSeq: number;
  sizes: number[];
  payloads: P[];
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
    buffer.sizes.push(size);
    buffer.payloads.push(payload);
    buffer.bytes += size;
    while (buffer.head < buffer.sizes.length) {
      if (buffer.sizes.length - buffer.head <= bounds.count && buffer.bytes <= bounds.bytes) break;
      buffer.droppedThrough = seqAt(buffer, buffer.head);
      dropHead(buffer);
    }
    compact(buffer);
    return seq;
  }

  since(playerSessionId: string, afterSeq: number): Promise<ReplayRead<P>> {
    const buffer = this.buffers.get(playerSessionId);
    if (buffer === undefined) return Promise.resolve({ ok: true, entries: [] });
    if (afterSeq < buffer.droppedThrough || afterSeq > buffer.lastSeq) return Promise.resolve({ ok: false });
    const entries: ReplayEntry<P>[] = [];
    for (let i = buffer.head; i < buffer.sizes.length; i++) {
      const seq = seqAt(buffer, i);
      if (seq > afterSeq) entries.push({ seq, size: buffer.sizes[i] ?? 0, payload: buffer.payloads[i] as P });
    }
    return Promise.resolve({ ok: true, entries });
  }

  ack(playerSessionId: string, seq: number): Promise<void> {
    const buffer = this.buffers.get(playerSessionId);
    if (buffer === undefined) return Promise.resolve();
    while (buffer.head < buffer.sizes.length && seqAt(buffer, buffer.head) <= seq) dropHead(buffer);
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
      buffer = { lastSeq: 0, sizes: [], payloads: [], head: 0, bytes: 0, droppedThrough: 0 };
      this.buffers.set(playerSessionId, buffer);
    }
    return buffer;
  }
}

/** The seq of the entry at `index`: the last entry has `lastSeq`, and they count up by one. */
function seqAt<P>(buffer: Buffer<P>, index: number): number {
  return buffer.lastSeq - (buffer.sizes.length - 1 - index);
}

function dropHead<P>(buffer: Buffer<P>): void {
  buffer.bytes -= buffer.sizes[buffer.head] ?? 0;
  // The payload is released now rather than at the next compaction.
  buffer.payloads[buffer.head] = undefined as P;
  buffer.head++;
}

/** Drops consumed entries once they are half the arrays, so trimming stays O(1) amortised. */
function compact<P>(buffer: Buffer<P>): void {
  if (buffer.head > 64 && buffer.head * 2 > buffer.sizes.length) {
    buffer.sizes = buffer.sizes.slice(buffer.head);
    buffer.payloads = buffer.payloads.slice(buffer.head);
    buffer.head = 0;
  }
}
