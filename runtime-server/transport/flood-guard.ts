/**
 * A connection's message rate (docs/protocol.md "Limits and bad input"): a token bucket of
 * `messagesBurst` refilled at `messagesPerSecond`. Past the burst a peer earns `messagesPerSecond`
 * tokens a second; one refused that many more times within a second sends at twice the rate and
 * is flooding (4029). Pure arithmetic on the times it is given.
 */
import { takeToken, type BucketState } from "../token-bucket.js";

export class FloodGuard implements BucketState {
  tokens: number;
  updatedAt: number;
  private refusedSince = 0;
  private refusedCount = 0;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.updatedAt = now;
  }

  /** 0 when a message may go ahead now, else the ms until one may. */
  take(now: number): number {
    return takeToken(this, this.perSecond, this.burst, now);
  }

  /** Counts a message `take` refused; true once the peer is flooding. */
  refused(now: number): boolean {
    if (now - this.refusedSince > 1000) {
      this.refusedSince = now;
      this.refusedCount = 0;
    }
    return ++this.refusedCount >= Math.max(1, this.perSecond);
  }
}
