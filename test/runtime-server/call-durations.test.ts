import { Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { CallDurations } from "../../runtime-server/observability/call-durations.js";

const BUCKETS = [0.001, 0.01, 0.1, 1];

/** The same observations through prom-client's own Histogram, in a registry of its own. */
async function expected(observations: readonly [string, string, number][]): Promise<string> {
  const registry = new Registry();
  const histogram = new Histogram({
    name: "gidl_call_duration_seconds",
    help: "Time from an rpc's arrival to its response, by method and result code (OK for success).",
    labelNames: ["method", "code"],
    buckets: BUCKETS,
    registers: [registry],
  });
  for (const [method, code, seconds] of observations) histogram.observe({ method, code }, seconds);
  return registry.metrics();
}

describe("gidl_call_duration_seconds", () => {
  const observations: [string, string, number][] = [
    ["combat.attack", "OK", 0.0004],
    ["combat.attack", "OK", 0.001],
    ["combat.attack", "OK", 0.05],
    ["combat.attack", "OK", 7],
    ["combat.attack", "NOT_FOUND", 0.002],
    ["shop.buy", "OK", 0.5],
  ];

  it("exposes exactly what prom-client's Histogram exposes for the same calls", async () => {
    const registry = new Registry();
    const durations = new CallDurations(BUCKETS, registry);
    for (const [method, code, seconds] of observations) durations.observe(method, code, seconds);
    expect(await registry.metrics()).toBe(await expected(observations));
  });

  it("is emptied by the registry's reset and lists in JSON", async () => {
    const registry = new Registry();
    const durations = new CallDurations(BUCKETS, registry);
    durations.observe("combat.attack", "OK", 0.02);
    const [json] = await registry.getMetricsAsJSON();
    expect(json?.values).toContainEqual({
      metricName: "gidl_call_duration_seconds_count",
      labels: { method: "combat.attack", code: "OK" },
      value: 1,
    });
    registry.resetMetrics();
    expect(await registry.metrics()).toBe(await expected([]));
  });
});
