/**
 * A call's abort signal, made on first use: most handlers never read `ctx.signal`, and an
 * AbortController per call was a measurable share of an rpc's cost (docs/contributing.md "Hot
 * paths"). Aborting before the signal exists is remembered, so a signal read later is already
 * aborted, with the reason.
 */
export class LazyAbort {
  private controller: AbortController | undefined;
  private aborted = false;
  private reason: unknown;

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}
