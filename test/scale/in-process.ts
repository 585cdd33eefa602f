/**
 * Servers of the arena fixture on a Redis adapter, in the test's own process (the runtime's
 * sources, not dist/), and a record of the promise rejections nobody handled meanwhile: a server
 * must not leave one behind, whatever its store does (docs/server.md "When the store fails").
 */
import { pino, type Logger } from "pino";
import { redisAdapter } from "../../runtime-server/index.js";
import type { ServerOptions } from "../../runtime-server/index.js";
import { startServer, type TestServer } from "../runtime-server/test-server.js";

export function redisServer(
  url: string,
  keyPrefix: string,
  nodeId: string,
  options: Partial<ServerOptions> = {},
): Promise<TestServer> {
  return startServer({
    adapter: redisAdapter({ url, keyPrefix, nodeTtlMs: 1500 }),
    nodeId,
    ...options,
  });
}

/** Collects unhandled rejections from `start()` until `stop()`; vitest reports them too. */
export class UnhandledRejections {
  readonly seen: string[] = [];
  private readonly record = (reason: unknown): void => {
    this.seen.push(reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason));
  };

  start(): void {
    process.on("unhandledRejection", this.record);
  }

  stop(): void {
    process.off("unhandledRejection", this.record);
  }
}

/** A logger that keeps its warn and error lines, parsed, for the test to read. */
export function capturedLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = {
    write(line: string): void {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
  return { logger: pino({ level: "warn" }, stream), lines };
}
