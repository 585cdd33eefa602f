/**
 * One connection attempt that fails (docs/client.md "Connection states and reconnecting"): it ends
 * once, with 1006, and its socket is discarded, whether the socket reported an error (and `ws` then
 * a close as well) or nothing at all until `connectTimeoutMs`.
 */
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { Connection, type CloseInfo } from "../../runtime-client/connection.js";
import type { WebSocketConstructorLike, WebSocketLike } from "../../runtime-client/options.js";
import { freePort, startHostile, type Hostile } from "./hostile-servers.js";

const hello = { type: "hello", protocol: 1, schema: "test" } as const;

let hostile: Hostile | undefined;
afterEach(async () => {
  await hostile?.close();
  hostile = undefined;
});

/** Opens one Connection to `port` and records what it reports and the socket it made. */
function attempt(port: number, connectTimeoutMs: number) {
  const closed: CloseInfo[] = [];
  const sockets: WebSocketLike[] = [];
  const Recording = class extends (WebSocket as unknown as WebSocketConstructorLike) {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      sockets.push(this);
    }
  };
  const started = Date.now();
  const ended = new Promise<number>((resolve) => {
    new Connection({
      url: `ws://127.0.0.1:${port}/`,
      WebSocket: Recording,
      codec: "json",
      hello,
      connectTimeoutMs,
      handlers: {
        welcome: () => undefined,
        message: () => undefined,
        closed: (info) => {
          closed.push(info);
          resolve(Date.now() - started);
        },
      },
    });
  });
  return { closed, sockets, ended };
}

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("a connection attempt that fails", () => {
  it("ends at the socket's error when the server refuses TCP, reported once with 1006", async () => {
    const { closed, sockets, ended } = attempt(await freePort(), 10_000);
    // Long before the deadline: the error ended it, not the timer.
    expect(await ended).toBeLessThan(5000);
    // `ws` follows the error with a close event, which must not be reported again.
    await settle(200);
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ code: 1006, welcomed: false });
    expect(closed[0]?.reason).toMatch(/^connection failed: .*ECONNREFUSED/);
    const [socket] = sockets;
    expect(socket?.onopen).toBeNull();
    expect(socket?.onmessage).toBeNull();
    expect(socket?.onclose).toBeNull();
    expect(socket?.readyState).toBe(WebSocket.CLOSED);
  });

  it("ends at connectTimeoutMs when the server accepts TCP and never answers", async () => {
    const port = await freePort();
    hostile = await startHostile("silent", port);
    const { closed, sockets, ended } = attempt(port, 200);
    expect(await ended).toBeGreaterThanOrEqual(199);
    await settle(200);
    expect(closed).toEqual([{ code: 1006, reason: "not welcomed within 200 ms", welcomed: false }]);
    expect(sockets[0]?.readyState).toBe(WebSocket.CLOSED);
  });

  it("ends at connectTimeoutMs when the server upgrades and never sends welcome", async () => {
    const port = await freePort();
    hostile = await startHostile("never-welcomes", port);
    const { closed, ended } = attempt(port, 200);
    expect(await ended).toBeGreaterThanOrEqual(199);
    await settle(200);
    expect(closed).toEqual([{ code: 1006, reason: "not welcomed within 200 ms", welcomed: false }]);
  });
});
