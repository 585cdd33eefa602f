/**
 * The Prometheus metrics of docs/server.md "Metrics and health", in a registry of their own per
 * server (two servers in one process must not share counters).
 */
import { Counter, Gauge, Histogram, Registry, type CounterConfiguration } from "prom-client";
import { CallDurations } from "./call-durations.js";

/** Live values read at scrape time rather than tracked on every change. */
export interface MetricSources {
  sessionsActive(): number;
  playersConnected(): number;
  sendBufferBytes(): number;
}

export class ServerMetrics {
  readonly registry = new Registry();
  private readonly callDurations = new CallDurations(
    [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    this.registry,
  );
  /** Messages counted by `countMessage` since prom-client last collected, by direction then type. */
  private readonly messageCounts: Readonly<Record<"in" | "out", Map<string, { n: number }>>> = {
    in: new Map(),
    out: new Map(),
  };
  readonly messages = counterOf(this.messageCounts, {
    name: "gidl_messages_total",
    help: "Protocol messages by direction (in/out) and type.",
    labelNames: ["direction", "type"] as const,
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: "gidl_errors_total",
    help: "Error responses by method and code.",
    labelNames: ["method", "code"] as const,
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: "gidl_queue_depth",
    help: "Calls waiting in a request queue.",
    labelNames: ["queue"] as const,
    registers: [this.registry],
  });
  readonly queueWait = new Histogram({
    name: "gidl_queue_wait_seconds",
    help: "Time calls waited in a request queue before their handler started.",
    labelNames: ["queue"] as const,
    buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30],
    registers: [this.registry],
  });
  readonly dedupReplays = new Counter({
    name: "gidl_dedup_replays_total",
    help: "Rpcs answered from the deduplication cache.",
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: "gidl_rate_limited_total",
    help: "Messages refused or dropped by a rate limit: @rate, the connection's message rate, maxRunningCalls.",
    registers: [this.registry],
  });
  readonly slowConsumerCloses = new Counter({
    name: "gidl_slow_consumer_closes_total",
    help: "Connections closed with 4008 for not reading their events.",
    registers: [this.registry],
  });
  readonly resumeFailures = new Counter({
    name: "gidl_resume_failures_total",
    help: "Resumes answered with resumed: false, by reason.",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });
  readonly codecFallbacks = new Counter({
    name: "gidl_codec_fallbacks_total",
    help: "Connections whose client offered the binary codec first and got another codec (a schema of another hash).",
    labelNames: ["offered", "chosen"] as const,
    registers: [this.registry],
  });
  readonly storeErrors = new Counter({
    name: "gidl_store_errors_total",
    help: "Store operations that failed without failing a call (each logged at warn), by operation.",
    labelNames: ["operation"] as const,
    registers: [this.registry],
  });

  /**
   * Counts one message in gidl_messages_total: a plain addition, handed to prom-client when it
   * collects. Its labelled `inc()` hashes and checks the labels on each call, and this runs twice per
   * rpc and once per event recipient (docs/contributing.md "Hot paths").
   */
  countMessage(direction: "in" | "out", type: string): void {
    this.messageCounter(direction, type).n++;
  }

  /**
   * The running count behind `countMessage(direction, type)`, for a caller that counts the same type
   * often (a connection's events out) and keeps it rather than looking it up each time.
   */
  messageCounter(direction: "in" | "out", type: string): { n: number } {
    const counts = this.messageCounts[direction];
    let count = counts.get(type);
    if (count === undefined) {
      count = { n: 0 };
      counts.set(type, count);
    }
    return count;
  }

  /** One rpc's time in gidl_call_duration_seconds. */
  observeCall(method: string, code: string, seconds: number): void {
    this.callDurations.observe(method, code, seconds);
  }

  constructor(sources: MetricSources) {
    new Gauge({
      name: "gidl_sessions_active",
      help: "Game sessions that have not ended.",
      registers: [this.registry],
      collect() {
        this.set(sources.sessionsActive());
      },
    });
    new Gauge({
      name: "gidl_players_connected",
      help: "Authenticated connections.",
      registers: [this.registry],
      collect() {
        this.set(sources.playersConnected());
      },
    });
    new Gauge({
      name: "gidl_send_buffer_bytes",
      help: "Bytes queued for sending across all connections.",
      registers: [this.registry],
      collect() {
        this.set(sources.sendBufferBytes());
      },
    });
  }
}

/** A counter by direction and type whose pending counts are added when the registry collects it. */
function counterOf(
  pending: Readonly<Record<"in" | "out", Map<string, { n: number }>>>,
  config: CounterConfiguration<"direction" | "type">,
): Counter<"direction" | "type"> {
  return new Counter({
    ...config,
    collect() {
      for (const direction of ["in", "out"] as const) {
        for (const [type, count] of pending[direction]) {
          if (count.n > 0) this.inc({ direction, type }, count.n);
          count.n = 0;
        }
      }
    },
  });
}
