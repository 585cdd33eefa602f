/**
 * Player session ids: each carries this process's boot id, so that a resume naming an id of an
 * earlier boot is answered `state-lost` (the process restarted) rather than `unknown`.
 */
import { randomBytes } from "node:crypto";

export class PlayerSessionIds {
  private readonly bootId = randomBytes(6).toString("base64url");
  private counter = 0;

  next(): string {
    return `${this.bootId}-${++this.counter}`;
  }

  nextAnonymous(): string {
    return `anon-${this.bootId}-${++this.counter}`;
  }

  /** A well-formed id of another boot of this server. */
  ofAnotherBoot(playerSessionId: string): boolean {
    const boot = playerSessionId.slice(0, playerSessionId.indexOf("-"));
    return boot.length === this.bootId.length && boot !== this.bootId;
  }
}
