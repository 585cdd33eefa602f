/**
 * Every Redis key the adapter writes (docs/scaling.md lists who deletes each one or its TTL).
 * Ids are arbitrary strings from applications and clients; they only ever follow a fixed prefix.
 */
export class Keys {
  constructor(readonly prefix: string) {}

  node(nodeId: string): string {
    return `${this.prefix}node:${nodeId}`;
  }
  /** Written once per store life: when it changes or vanishes, the store lost its data. */
  get epoch(): string {
    return `${this.prefix}epoch`;
  }
  get events(): string {
    return `${this.prefix}events`;
  }
  player(playerId: string): string {
    return `${this.prefix}player:${playerId}`;
  }
  resume(playerSessionId: string): string {
    return `${this.prefix}resume:${playerSessionId}`;
  }
  replay(playerSessionId: string): string {
    return `${this.prefix}replay:${playerSessionId}`;
  }
  replayMeta(playerSessionId: string): string {
    return `${this.prefix}replay-meta:${playerSessionId}`;
  }
  dedupCalls(playerSessionId: string): string {
    return `${this.prefix}dedup:${playerSessionId}`;
  }
  dedupOrder(playerSessionId: string): string {
    return `${this.prefix}dedup-order:${playerSessionId}`;
  }
  dedupMeta(playerSessionId: string): string {
    return `${this.prefix}dedup-meta:${playerSessionId}`;
  }
  rate(key: string): string {
    return `${this.prefix}rate:${key}`;
  }
  topic(name: string): string {
    return `${this.prefix}topic:${name}`;
  }
  subscriptions(playerSessionId: string): string {
    return `${this.prefix}subs:${playerSessionId}`;
  }
  get sessions(): string {
    return `${this.prefix}sessions`;
  }
  session(sessionId: string): string {
    return `${this.prefix}session:${sessionId}`;
  }
  sessionMembers(sessionId: string): string {
    return `${this.prefix}session-members:${sessionId}`;
  }
  membership(playerId: string): string {
    return `${this.prefix}member:${playerId}`;
  }
  reap(sessionId: string): string {
    return `${this.prefix}reap:${sessionId}`;
  }

  /** The keys of one player session, for TTL refreshes and deletion. */
  playerSession(playerSessionId: string): string[] {
    return [
      this.resume(playerSessionId),
      this.replay(playerSessionId),
      this.replayMeta(playerSessionId),
      this.dedupCalls(playerSessionId),
      this.dedupOrder(playerSessionId),
      this.dedupMeta(playerSessionId),
      this.subscriptions(playerSessionId),
    ];
  }
}
