/**
 * Servers on 127.0.0.1 that a connection attempt cannot succeed against, each failing it a different
 * way, for the reconnection-schedule tests. Each holds one given port until `close`, so that a real
 * server can take the port over afterwards.
 */
import { createServer as createHttpServer } from "node:http";
import { createServer, type Server, type Socket } from "node:net";
import { WebSocketServer } from "ws";

export const HOSTILE_KINDS = {
  refuses: "refuses TCP (nothing listens)",
  destroys: "accepts TCP and destroys the socket at once",
  silent: "accepts TCP and never answers",
  "never-welcomes": "upgrades to WebSocket but never sends welcome",
} as const;

export type HostileKind = keyof typeof HOSTILE_KINDS;

export interface Hostile {
  /** Drops every connection it holds and frees the port. */
  close(): Promise<void>;
}

/** A port that nothing listens on: one the system gave a listener that is closed again. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  if (typeof address !== "object" || address === null) throw new Error("no port from the system");
  return address.port;
}

export async function startHostile(kind: HostileKind, port: number): Promise<Hostile> {
  switch (kind) {
    case "refuses":
      return { close: () => Promise.resolve() };
    case "destroys":
      return listenTcp(port, (socket) => socket.destroy());
    case "silent":
      return listenTcp(port, () => undefined);
    case "never-welcomes":
      return listenWebSocket(port);
  }
}

function listenTcp(port: number, onConnection: (socket: Socket) => void): Promise<Hostile> {
  return holdPort(createServer(onConnection), port);
}

function listenWebSocket(port: number): Promise<Hostile> {
  const server = createHttpServer();
  const wss = new WebSocketServer({
    noServer: true,
    // Any offered subprotocol is accepted, so the client opens and sends hello, which is ignored.
    handleProtocols: (protocols) => protocols.values().next().value ?? false,
  });
  server.on("upgrade", (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, (ws) => {
      ws.on("error", () => undefined);
    });
  });
  return holdPort(server, port, () => {
    wss.close();
  });
}

/** Listens on `port`; `close` destroys every socket accepted (upgraded ones included). */
async function holdPort(server: Server, port: number, beforeClose?: () => void): Promise<Hostile> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    // A client that gives up resets the socket: nothing to report.
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    async close() {
      beforeClose?.();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}
