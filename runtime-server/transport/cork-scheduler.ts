/**
 * Frames held in their sockets (corked) until the event loop has handled every socket that was
 * readable in this turn; then each socket writes what it holds in one go (setImmediate). Writing at
 * once, a server answering many connections woke its peers (and was preempted by them) once per
 * frame: on a busy machine that context switching cost more than the answers (docs/contributing.md "Hot paths").
 *
 * One scheduler per server (server.ts makes it): what one server holds is written by its own turn's
 * end, and closing it touches nothing of another server in the same process.
 */

/** What the scheduler writes out at the turn's end. */
export interface Corked {
  uncork(): void;
}

export class CorkScheduler {
  private readonly held: Corked[] = [];
  private scheduled = false;

  /** Writes `corked` out at the end of this turn; call once each time it starts holding. */
  hold(corked: Corked): void {
    this.held.push(corked);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.flush);
  }

  /** Writes out everything held (once per turn, at its end). */
  readonly flush = (): void => {
    this.scheduled = false;
    const held = this.held;
    for (let i = 0; i < held.length; i++) held[i]?.uncork();
    held.length = 0;
  };
}
