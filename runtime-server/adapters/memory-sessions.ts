/** In-memory game-session directory and player memberships: one process. */
import type { SessionDirectory, SessionSummaryRecord } from "./adapter.js";

export class MemorySessionDirectory implements SessionDirectory {
  private readonly summaries = new Map<string, SessionSummaryRecord>();
  private readonly memberships = new Map<string, string>();

  put(summary: SessionSummaryRecord): Promise<void> {
    this.summaries.set(summary.id, summary);
    return Promise.resolve();
  }

  get(sessionId: string): Promise<SessionSummaryRecord | undefined> {
    return Promise.resolve(this.summaries.get(sessionId));
  }

  delete(sessionId: string): Promise<void> {
    this.summaries.delete(sessionId);
    return Promise.resolve();
  }

  list(): Promise<readonly SessionSummaryRecord[]> {
    return Promise.resolve([...this.summaries.values()]);
  }

  membership(playerId: string): Promise<string | undefined> {
    return Promise.resolve(this.memberships.get(playerId));
  }

  membershipNow(playerId: string): string | undefined {
    return this.memberships.get(playerId);
  }

  setMembership(playerId: string, expected: string | undefined, next: string | undefined): Promise<boolean> {
    if (this.memberships.get(playerId) !== expected) return Promise.resolve(false);
    if (next === undefined) this.memberships.delete(playerId);
    else this.memberships.set(playerId, next);
    return Promise.resolve(true);
  }
}
