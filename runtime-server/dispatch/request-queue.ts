/**
 * A named request queue (docs/protocol.md "Request queues"): at most `concurrency` handlers at once
 * across all players, in arrival order; a call that finds `depth` calls already waiting is refused.
 */
export interface QueuedJob {
  /** Runs the handler; the queue frees the slot when the promise settles. */
  run(waitedMs: number): Promise<void>;
  /** The job will never run (shutdown). */
  cancel(): void;
}

export class RequestQueue {
  private running = 0;
  private readonly waiting: { job: QueuedJob; enqueuedAt: number }[] = [];
  /** A job settled, either way: its slot frees (a job that failed must not hold the queue). */
  private readonly finished = (): void => {
    this.running--;
    this.next();
  };

  constructor(
    readonly name: string,
    private readonly concurrency: number,
    private readonly depth: number,
    private readonly onDepth: (name: string, depth: number) => void,
  ) {}

  get length(): number {
    return this.waiting.length;
  }

  /** False when the queue is full (running calls are not counted). */
  offer(job: QueuedJob): boolean {
    if (this.running < this.concurrency && this.waiting.length === 0) {
      this.start(job, 0);
      return true;
    }
    if (this.waiting.length >= this.depth) return false;
    this.waiting.push({ job, enqueuedAt: Date.now() });
    this.onDepth(this.name, this.waiting.length);
    return true;
  }

  /** Cancels every waiting job (graceful shutdown answers them UNAVAILABLE). */
  cancelWaiting(): void {
    const jobs = this.waiting.splice(0);
    this.onDepth(this.name, 0);
    for (const { job } of jobs) job.cancel();
  }

  private start(job: QueuedJob, waitedMs: number): void {
    this.running++;
    job.run(waitedMs).then(this.finished, this.finished);
  }

  private next(): void {
    while (this.running < this.concurrency) {
      const entry = this.waiting.shift();
      if (entry === undefined) return;
      this.onDepth(this.name, this.waiting.length);
      this.start(entry.job, Date.now() - entry.enqueuedAt);
    }
  }
}
