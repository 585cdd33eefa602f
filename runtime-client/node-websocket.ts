/**
 * Finds a WebSocket class: the global one (browsers, Node.js 22+), else `ws` (Node.js 20).
 * `ws` is imported through a specifier bundlers cannot follow, so it never enters a browser bundle
 * (STYLE.md: "`ws` never enters the browser bundle"); in Node.js it resolves like any dependency.
 */
import type { WebSocketConstructorLike } from "./options.js";

/** Kept in a variable on purpose: a literal would be followed by bundlers. */
const NODE_WEBSOCKET_PACKAGE = "ws";

export async function findWebSocket(): Promise<WebSocketConstructorLike> {
  const global = (globalThis as { WebSocket?: WebSocketConstructorLike }).WebSocket;
  if (global !== undefined) return global;
  const ws = (await import(/* webpackIgnore: true */ /* @vite-ignore */ NODE_WEBSOCKET_PACKAGE)) as {
    readonly WebSocket: WebSocketConstructorLike;
  };
  return ws.WebSocket;
}
