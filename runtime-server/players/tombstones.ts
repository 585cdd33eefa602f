/**
 * Why recently ended player sessions ended, so that a late resume is answered with that reason
 * (`expired`, `state-lost`…) rather than `unknown` (docs/protocol.md "Player sessions and resume").
 * Bounded: past `MAX_TOMBSTONES`, the oldest go, and any older than `TOMBSTONE_MS`.
 */
import type { ResumeFailureReason } from "../../protocol/index.js";

/** How long the reason of an ended player session is remembered for a late resume. */
const TOMBSTONE_MS = 10 * 60 * 1000;
const MAX_TOMBSTONES = 10000;

export class Tombstones {
  private readonly reasons = new Map<string, { reason: ResumeFailureReason; at: number }>();

  remember(playerSessionId: string, reason: ResumeFailureReason): void {
    const now = Date.now();
    this.reasons.set(playerSessionId, { reason, at: now });
    if (this.reasons.size > MAX_TOMBSTONES) {
      for (const [id, { at }] of this.reasons) {
        if (now - at < TOMBSTONE_MS && this.reasons.size <= MAX_TOMBSTONES) break;
        this.reasons.delete(id);
      }
    }
  }

  reasonOf(playerSessionId: string): ResumeFailureReason | undefined {
    return this.reasons.get(playerSessionId)?.reason;
  }
}
