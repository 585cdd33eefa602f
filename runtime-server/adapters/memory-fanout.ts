/** In-memory event fan-out: the only process is the only listener. */
import type { EventFanout, FanoutRecipients } from "./adapter.js";

export class MemoryFanout<E> implements EventFanout<E> {
  private readonly listeners = new Set<(recipients: FanoutRecipients, event: E) => void>();

  publish(recipients: FanoutRecipients, event: E): Promise<void> {
    for (const listener of this.listeners) listener(recipients, event);
    return Promise.resolve();
  }

  subscribe(listener: (recipients: FanoutRecipients, event: E) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
