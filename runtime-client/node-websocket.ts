/**
 * Finds a WebSocket class: the global one (browsers, Node.js 22+), else the fallback that the Node.js
 * entry (`node.ts`, chosen by the "node" export condition) registers from `ws`. This module never
 * names `ws`, so no bundler can pull it into a browser bundle, minified or not
 * (docs/architecture.md "The rooms": `ws` never enters the browser bundle).
 */
import type { WebSocketConstructorLike } from "./options.js";

let fallback: WebSocketConstructorLike | undefined;

/** Called once by the Node.js entry; an explicit `options.WebSocket` still wins. */
export function setWebSocketFallback(WebSocket: WebSocketConstructorLike): void {
  fallback = WebSocket;
}

export function findWebSocket(): WebSocketConstructorLike {
  const global = (globalThis as { WebSocket?: WebSocketConstructorLike }).WebSocket;
  const found = global ?? fallback;
  if (found === undefined) {
    throw new Error("this runtime has no global WebSocket: pass `WebSocket` in the client options");
  }
  return found;
}
