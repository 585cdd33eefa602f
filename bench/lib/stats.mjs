// Latency samples → percentiles, and the server's CPU time over a window.

/** The p-th percentile (0–100) of `samples` (sorted in place), nearest-rank. */
export function percentile(samples, p) {
  if (samples.length === 0) return NaN;
  return samples[Math.min(samples.length - 1, Math.max(0, Math.ceil((p / 100) * samples.length) - 1))];
}

/** p50 and p99 of latency samples in ms. */
export function latencySummary(samples) {
  const sorted = Float64Array.from(samples).sort();
  return { samples: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** The process's CPU time in µs (user + system, every thread of it): what a server reports per window. */
export function cpuMicros() {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** The process's system (kernel) CPU time in µs: the share of `cpuMicros` spent in syscalls. */
export function systemMicros() {
  return process.cpuUsage().system;
}

/** Wall-clock time in ms with sub-ms precision, comparable between processes of one machine. */
export function wallClockMs() {
  return performance.timeOrigin + performance.now();
}

/** Runs the GC a few times (the process needs --expose-gc) and reports its memory. */
export async function settledMemory() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, external, arrayBuffers };
}
