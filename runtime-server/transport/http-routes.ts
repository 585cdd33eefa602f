/**
 * Plain HTTP on the server's port (docs/server.md "Metrics and health"): GET /metrics,
 * GET /healthz (503 while shutting down), and 426 for a plain request to the WebSocket path.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Registry } from "prom-client";

export interface RouteOptions {
  readonly path: string;
  /** Undefined when `metrics: false`: neither /metrics nor /healthz is served. */
  readonly registry: Registry | undefined;
  readonly isClosing: () => boolean;
  /** Whether a plain request to the WebSocket path is ours to answer with 426. */
  readonly answerUpgradeRequired: boolean;
}

/** Answers the request and returns true when it is one of ours. */
export function handleHttp(options: RouteOptions, req: IncomingMessage, res: ServerResponse): boolean {
  const pathname = pathOf(req);
  if (options.registry !== undefined && req.method === "GET") {
    if (pathname === "/metrics") {
      const registry = options.registry;
      registry.metrics().then(
        (text) => {
          res.writeHead(200, { "Content-Type": registry.contentType });
          res.end(text);
        },
        () => {
          res.writeHead(500).end();
        },
      );
      return true;
    }
    if (pathname === "/healthz") {
      const closing = options.isClosing();
      res.writeHead(closing ? 503 : 200, { "Content-Type": "text/plain" });
      res.end(closing ? "shutting down\n" : "ok\n");
      return true;
    }
  }
  if (options.answerUpgradeRequired && pathname === options.path) {
    res.writeHead(426, { "Content-Type": "text/plain", Upgrade: "websocket", Connection: "Upgrade" });
    res.end("This is a WebSocket endpoint\n");
    return true;
  }
  return false;
}

export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}
