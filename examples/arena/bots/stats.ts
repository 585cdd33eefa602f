/** What the demo counts: calls and their latency, events, reconnects, errors by code. */
export class Stats {
  private readonly latencies: number[] = [];
  readonly events = new Map<string, number>();
  readonly errors = new Map<string, number>();
  reconnects = 0;
  replayed = 0;
  kills = 0;
  hits = 0;

  call(ms: number, code?: string): void {
    this.latencies.push(ms);
    if (code !== undefined) this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  event(name: string): void {
    this.events.set(name, (this.events.get(name) ?? 0) + 1);
  }

  get calls(): number {
    return this.latencies.length;
  }

  /** The latency at quantile `q` (0..1), in ms: nearest rank. */
  percentile(q: number): number {
    if (this.latencies.length === 0) return 0;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  }

  summary(seconds: number, bots: number, matches: number): string {
    const total = [...this.events.values()].reduce((a, b) => a + b, 0);
    const byName = [...this.events].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} ${n}`);
    const errors = [...this.errors].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${n}`);
    return [
      `── summary: ${seconds.toFixed(1)} s, ${bots} bots, ${matches} matches`,
      `calls       ${this.calls} (${(this.calls / seconds).toFixed(1)}/s), latency p50 ${this.percentile(0.5).toFixed(1)} ms, p99 ${this.percentile(0.99).toFixed(1)} ms`,
      `events      ${total} received: ${byName.join(", ") || "none"}`,
      `combat      ${this.hits} hits, ${this.kills} kills`,
      `reconnects  ${this.reconnects} (${this.replayed} events replayed)`,
      `errors      ${errors.join(", ") || "none"}`,
    ].join("\n");
  }
}
