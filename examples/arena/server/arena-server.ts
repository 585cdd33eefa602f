/**
 * The arena game server: the game on its WebSocket path (/ws) and, on the same HTTP server, the
 * browser client's files (when a folder is given) beside the runtime's /metrics and /healthz.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Logger } from "pino";
import { createServer, type Server } from "../generated/server.js";
import { createArena, type Arena, type ArenaOptions } from "./arena.js";
import { withDevLogin } from "./dev-login.js";
import { serveStatic } from "./static-files.js";

export interface ArenaServerOptions extends ArenaOptions {
  /** @default 0 (any free port) */
  readonly port?: number;
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** A folder served over plain HTTP (the browser client), if any. */
  readonly staticDir?: string;
  /** DEVELOPMENT ONLY: `POST /dev/login` signs a token for any name (see dev-login.ts). @default false */
  readonly devLogin?: boolean;
  readonly logger?: Logger;
}

export interface ArenaServer {
  readonly arena: Arena;
  readonly server: Server;
  /** `ws://host:port/ws` */
  readonly url: string;
  /** `http://host:port` */
  readonly http: string;
  close(): Promise<void>;
}

export const WEBSOCKET_PATH = "/ws";

export async function startArenaServer(options: ArenaServerOptions): Promise<ArenaServer> {
  const arena = createArena(options);
  const files =
    options.staticDir === undefined
      ? (_req: IncomingMessage, res: ServerResponse) => {
          res.writeHead(404).end();
        }
      : serveStatic(options.staticDir);
  const http = createHttpServer(options.devLogin === true ? withDevLogin(arena.auth, files) : files);
  const server = createServer({
    ...arena.config,
    server: http,
    path: WEBSOCKET_PATH,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  arena.bind(server);
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port ?? 0, host, () => {
      http.off("error", reject);
      resolve();
    });
  });
  const address = http.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const origin = `${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    arena,
    server,
    url: `ws://${origin}${WEBSOCKET_PATH}`,
    http: `http://${origin}`,
    async close() {
      await server.close();
      await new Promise<void>((resolve) => {
        http.close(() => {
          resolve();
        });
        http.closeAllConnections();
      });
    },
  };
}
