/**
 * A connection's messages handled one after another, in arrival order (batches included): a task
 * waits for every task before it to finish. A task with nothing ahead of it (the usual case) runs at
 * once rather than a microtask later, and is chained only while it runs on (docs/contributing.md "Hot paths": no
 * promise chain per message).
 */
export type InboundTask = () => void | Promise<void>;

export class InboundQueue {
  private tail: Promise<void> = Promise.resolve();
  /** Tasks started and not finished; the next one waits for them. */
  private queued = 0;

  /** A bug of ours in a task: reported, and the later tasks still run. */
  constructor(private readonly failed: (error: unknown) => void) {}

  /** Nothing is running: a task may start at once (`started`). */
  get idle(): boolean {
    return this.queued === 0;
  }

  /** Runs `task` now when the queue is idle, else after the tasks before it. */
  push(task: InboundTask): void {
    if (this.queued === 0) {
      let running: void | Promise<void>;
      try {
        running = task();
      } catch (error) {
        this.failed(error);
        return;
      }
      this.started(running);
      return;
    }
    this.queued++;
    this.tail = this.tail.then(task).then(this.taskDone, this.taskFailed);
  }

  /** A task the caller ran itself while the queue was idle; later tasks wait for what it returned. */
  started(running: void | Promise<void>): void {
    if (running === undefined) return;
    this.queued++;
    this.tail = running.then(this.taskDone, this.taskFailed);
  }

  private readonly taskDone = (): void => {
    this.queued--;
  };

  private readonly taskFailed = (error: unknown): void => {
    this.queued--;
    this.failed(error);
  };
}
