/**
 * A TCP proxy in front of the game server whose "network" a test can cut: every connection through
 * it is reset (no WebSocket close frame, no FIN — what a dead link or a sleeping laptop looks like to
 * both ends) and new ones are refused until `restore()`. A browser cannot be made to drop its own
 * socket this way, and Chromium's offline emulation leaves open WebSockets alone.
 */
import { createConnection, createServer, type Socket } from "node:net";

export interface TcpProxy {
  readonly port: number;
  readonly down: boolean;
  /** Resets every connection through the proxy and refuses new ones. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<readonly [Socket, Socket]>();
  let down = false;

  const server = createServer((client) => {
    if (down) {
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection(target);
    const pair = [client, upstream] as const;
    pairs.add(pair);
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;

  const reset = (): void => {
    for (const [client, upstream] of pairs) {
      // Both sides see the connection die: the browser a reset, the server a socket that closed
      // without a close frame (so it keeps the player's resume window).
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    }
    pairs.clear();
  };

  return {
    port,
    get down() {
      return down;
    },
    cut() {
      down = true;
      reset();
    },
    restore() {
      down = false;
    },
    close() {
      reset();
      return new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
