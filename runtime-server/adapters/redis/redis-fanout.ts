/**
 * Event fan-out over Redis pub/sub: one channel, so every process sees every event in publish order
 * (the order `to players` moves and events are handled in, player-registry.ts relies on it).
 */
import type { Redis } from "ioredis";
import type { EventFanout, FanoutRecipients } from "../adapter.js";
import { pack, unpack } from "./codec.js";

export interface EventCodec<E> {
  encode(event: E): unknown;
  decode(data: unknown): E | undefined;
}

export class RedisFanout<E> implements EventFanout<E> {
  private readonly listeners = new Set<(recipients: FanoutRecipients, event: E) => void>();

  constructor(
    private readonly pub: Redis,
    private readonly channel: string,
    private readonly codec: () => EventCodec<E>,
  ) {}

  async publish(recipients: FanoutRecipients, event: E): Promise<void> {
    await this.pub.publish(this.channel, pack([recipients, this.codec().encode(event)]));
  }

  subscribe(listener: (recipients: FanoutRecipients, event: E) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A message from the subscriber connection. */
  receive(message: Buffer): void {
    const decoded = unpack(message) as [FanoutRecipients, unknown];
    const event = this.codec().decode(decoded[1]);
    if (event === undefined) return;
    for (const listener of this.listeners) listener(decoded[0], event);
  }
}
