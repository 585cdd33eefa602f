import { afterEach, describe, expect, it, vi } from "vitest";
import { findWebSocket, setWebSocketFallback } from "../../runtime-client/node-websocket.js";
import type { WebSocketConstructorLike } from "../../runtime-client/options.js";

// Two distinct classes standing in for the global WebSocket and for `ws`: only their identity matters.
const Global = function GlobalWebSocket() {
  // never constructed
} as unknown as WebSocketConstructorLike;
const Fallback = function WsWebSocket() {
  // never constructed
} as unknown as WebSocketConstructorLike;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("finding a WebSocket class", () => {
  it("uses the global WebSocket where there is one, even when Node's entry registered ws", () => {
    setWebSocketFallback(Fallback);
    vi.stubGlobal("WebSocket", Global);
    expect(findWebSocket()).toBe(Global);
  });

  it("uses the registered ws class where there is no global WebSocket", () => {
    setWebSocketFallback(Fallback);
    vi.stubGlobal("WebSocket", undefined);
    expect(findWebSocket()).toBe(Fallback);
  });
});
