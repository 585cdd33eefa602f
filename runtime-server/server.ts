/**
 * createGameServer: HTTP and WebSocket wiring, the connection host (which message goes where),
 * heartbeats and graceful shutdown. The parts do the work: players/ (hello, resume), dispatch/
 * (calls), events/ (fan-out), sessions/ and topics/ (built-in services), adapters/ (shared state).
 */
import { randomBytes } from "node:crypto";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { CLOSE_CODES, GameError, jsonCodec, type ClientMessage } from "../protocol/index.js";
import type { ServerAdapter } from "./adapters/adapter.js";
import { createMemoryAdapter } from "./adapters/memory-adapter.js";
import { BackgroundWork } from "./background-work.js";
import { Dispatcher, type StoredResponse } from "./dispatch/dispatcher.js";
import { createMethodTable } from "./dispatch/method-table.js";
import { EventRouter } from "./events/event-router.js";
import { eventFromData, eventToData } from "./events/event-transport.js";
import { resolveLimits } from "./limits.js";
import { defaultLogger } from "./observability/logger.js";
import { ServerMetrics } from "./observability/metrics.js";
import { LocalPlayers } from "./players/local-players.js";
import { PlayerHandshake } from "./players/player-handshake.js";
import { PlayerRegistry } from "./players/player-registry.js";
import { PlayerSessionIds } from "./players/player-session-ids.js";
import type { PlayerConnection, PlayerSession } from "./players/player-session.js";
import { ResumeService } from "./players/resume-service.js";
import { Tombstones } from "./players/tombstones.js";
import { LocalSessions } from "./sessions/local-sessions.js";
import { SessionManager } from "./sessions/session-manager.js";
import { sessionHandlers } from "./sessions/session-service.js";
import { topicHandlers } from "./topics/topic-service.js";
import { CorkScheduler } from "./transport/cork-scheduler.js";
import { Connection, type ConnectionHost } from "./transport/connection.js";
import {
  checkHandshake,
  isBinaryFallback,
  offeredProtocols,
  pickCodec,
  refuseUpgrade,
  resolveCodecs,
} from "./transport/handshake.js";
import { handleHttp, pathOf } from "./transport/http-routes.js";
import type { EventTarget, GameServer, GameServerConfig } from "./types.js";

/**
 * Node's HTTP timeouts against slowloris (docs/server.md "Limits", `handshakeTimeoutMs`): headers must arrive within `handshakeTimeoutMs`,
 * checked often enough for the limit to mean something (Node checks every 30 s by default).
 */
function slowlorisOptions(handshakeTimeoutMs: number): {
  headersTimeout: number;
  requestTimeout: number;
  connectionsCheckingInterval: number;
} {
  const headersTimeout = Number.isFinite(handshakeTimeoutMs) ? Math.max(1, handshakeTimeoutMs) : 0;
  return {
    headersTimeout,
    requestTimeout: headersTimeout === 0 ? 0 : Math.max(300_000, headersTimeout),
    connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.floor(headersTimeout / 2) || 1000)),
  };
}

/**
 * How long a connection the server closed may take to answer with its own close frame before it is
 * destroyed (ws waits 30 s by default: a peer that never answers would hold its socket that long).
 */
const CLOSE_TIMEOUT_MS = 5000;
/** ws 8.23 options its typings do not list yet. */
const WS_EXTRA_OPTIONS = { closeTimeout: CLOSE_TIMEOUT_MS };

/** After close frames are sent, how long shutdown waits for peers to answer them. */
const CLOSE_HANDSHAKE_MS = 2000;
/** Then how long it waits for store work still running, before the adapter quits. */
const STORE_DRAIN_MS = 2000;

export function createGameServer(config: GameServerConfig): GameServer {
  const limits = resolveLimits(config.limits);
  const logger = config.logger ?? defaultLogger();
  const codecs = resolveCodecs(config.codecs, config.definition.binary);
  const path = config.path ?? "/";
  const nodeId = config.nodeId ?? `node-${randomBytes(6).toString("base64url")}`;
  const adapter = (config.adapter ?? createMemoryAdapter<unknown, StoredResponse>()) as ServerAdapter<
    unknown,
    StoredResponse
  >;
  const connections = new Set<PlayerConnection>();
  let closing = false;
  let closed: Promise<void> | undefined;

  const metrics =
    config.metrics === false
      ? undefined
      : new ServerMetrics({
          sessionsActive: (): number => localSessions.activeCount,
          playersConnected: () => {
            let count = 0;
            for (const c of connections) if (c.playerSession !== null && !c.playerSession.anonymous) count++;
            return count;
          },
          sendBufferBytes: () => {
            let bytes = 0;
            for (const c of connections) bytes += c.bufferedAmount;
            return bytes;
          },
        });
  const background = new BackgroundWork(logger, metrics);
  const players = new LocalPlayers();
  const localSessions = new LocalSessions();
  const router: EventRouter = new EventRouter({
    definition: config.definition,
    validators: config.validators,
    adapter,
    limits,
    players,
    sessions: localSessions,
    logger,
    onMove: (move): Promise<void> => registry.moves.handle(move),
    onPresence: (change): Promise<void> => sessions.applyPresence(change),
  });
  const sessions = new SessionManager({
    adapter,
    nodeId,
    hooks: config.sessions ?? {},
    kind: config.definition.session,
    cleanupMs: () => limits.sessionCleanupMs,
    logger,
    background,
    local: localSessions,
    emit: (fullName, playerIds, data) => {
      router.emitToPlayers(fullName, playerIds, data);
    },
    relay: (change) => router.publishToProcesses(change),
  });
  const table = createMethodTable(
    config.definition,
    config.handlers,
    {
      ...sessionHandlers(sessions),
      ...topicHandlers(adapter.topics, (player) => players.ofPlayer(player.id)?.id, config.authorizeTopic),
    },
    config.validators,
    config.errors ?? {},
  );
  const dispatcher = new Dispatcher({
    definition: config.definition,
    table,
    adapter,
    limits,
    sessions,
    router,
    metrics,
    logger,
    background,
    contextEmit: config.contextEmit,
  });
  // players/: hello policy → handshake → a resume, or a fresh player session in the registry.
  const playerParts = {
    adapter,
    limits,
    nodeId,
    players,
    presence: sessions,
    ids: new PlayerSessionIds(),
    tombstones: new Tombstones(),
  };
  const registry: PlayerRegistry = new PlayerRegistry({
    ...playerParts,
    background,
    publishMove: (move): Promise<void> => router.publishToProcesses(move),
  });
  const resumes = new ResumeService({ ...playerParts, registry });
  const handshake = new PlayerHandshake({
    schemas: new Set([config.definition.hash, ...(config.acceptSchemas ?? [])]),
    authenticate: config.authenticate,
    registry,
    resumes,
    metrics,
    logger,
  });
  adapter.attach?.({
    nodeId,
    publicUrl: () => config.publicUrl ?? `ws://${config.host ?? "127.0.0.1"}:${String(port())}${path}`,
    eventToData,
    eventFromData: (data) => eventFromData(config.definition, data),
    stateLost: () => {
      logger.warn("the shared store lost state: player sessions here restart");
      registry.stateLost();
    },
    rebuild: () => sessions.republish(),
    sessionLost: (summary, members) => sessions.lost(summary, members),
    storeFailed: (operation, error) => {
      background.failed(operation, error);
    },
  });

  const host: ConnectionHost<PlayerSession> = {
    limits,
    metrics,
    corks: new CorkScheduler(),
    hello: (connection, message) => handshake.hello(connection, message),
    // Not async: an rpc answered in the same tick takes no promise (docs/contributing.md "Hot paths").
    message(connection: PlayerConnection, message: ClientMessage, limitedMs: number): void | Promise<void> {
      if (connection.state === "hello") {
        connection.sendError(new GameError("BAD_MESSAGE", "The first message must be hello"));
        connection.close(CLOSE_CODES.PROTOCOL_VIOLATION, "expected hello");
        return;
      }
      const session = connection.playerSession;
      if (session === null) return;
      if (message.type === "rpc") return dispatcher.rpc(connection, session, message, limitedMs);
      if (message.type === "send") return dispatcher.send(connection, session, message, limitedMs);
      if (message.type === "ack") return resumes.ack(connection, message.seq);
    },
    badMessage(connection, reason, id) {
      const error = new GameError("BAD_MESSAGE", reason);
      if (connection.state === "hello") {
        connection.sendError(error);
        connection.close(CLOSE_CODES.PROTOCOL_VIOLATION, "bad message before hello");
      } else if (id !== undefined) {
        connection.send({ type: "response", id, error: error.toWire() });
      } else {
        connection.sendError(error);
      }
    },
    closed(connection, code) {
      connections.delete(connection);
      registry.closed(connection, code);
    },
    failure(connection, error) {
      logger.error(
        { err: error, player_id: connection.playerSession?.player.id ?? null },
        "message handling failed",
      );
    },
  };

  const ownServer = config.server === undefined;
  const httpServer: HttpServer =
    config.server ?? createHttpServer(slowlorisOptions(limits.handshakeTimeoutMs));
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxPayload,
    ...WS_EXTRA_OPTIONS,
    clientTracking: false,
    // Frames are written whole beside ws's sender (transport/frame-writer.ts): never compressed.
    perMessageDeflate: false,
    handleProtocols: (offered) => pickCodec(offered, codecs)?.subprotocol ?? false,
  });
  const routes = {
    path,
    registry: metrics?.registry,
    isClosing: () => closing,
    answerUpgradeRequired: ownServer || httpServer.listenerCount("request") === 0,
  };
  if (ownServer) {
    httpServer.on("request", (req: IncomingMessage, res: ServerResponse) => {
      if (!handleHttp(routes, req, res)) res.writeHead(404).end();
    });
  } else {
    // docs/server.md "Metrics and health": /metrics and /healthz are served on a user-supplied server too; ours answer first.
    const existing = httpServer.listeners("request") as ((
      req: IncomingMessage,
      res: ServerResponse,
    ) => void)[];
    httpServer.removeAllListeners("request");
    httpServer.on("request", (req: IncomingMessage, res: ServerResponse) => {
      if (handleHttp(routes, req, res)) return;
      for (const listener of existing) listener.call(httpServer, req, res);
      if (existing.length === 0) res.writeHead(404).end();
    });
  }
  const onUpgrade = (req: IncomingMessage, socket: import("node:stream").Duplex, head: Buffer): void => {
    socket.on("error", () => socket.destroy());
    if (pathOf(req) !== path) {
      if (httpServer.listenerCount("upgrade") === 1) refuseUpgrade(socket, 404, "Not found");
      return;
    }
    if (closing) {
      refuseUpgrade(socket, 503, "Shutting down");
      return;
    }
    const check = checkHandshake(
      { allowedOrigins: config.allowedOrigins, codecs, maxConnections: limits.maxConnections },
      req,
      connections.size,
    );
    if (!check.ok) {
      refuseUpgrade(socket, check.status, check.message);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const offered = offeredProtocols(req);
      const codec = ws.protocol === "" ? jsonCodec : codecs.find((c) => c.subprotocol === ws.protocol);
      if (codec === undefined || offered.length > 0 === (ws.protocol === "")) {
        ws.close(CLOSE_CODES.PROTOCOL_VIOLATION, "no codec");
        return;
      }
      if (closing) {
        ws.close(CLOSE_CODES.GOING_AWAY, "server going away");
        return;
      }
      if (isBinaryFallback(offered, codec))
        metrics?.codecFallbacks.inc({ offered: "binary", chosen: codec.name });
      connections.add(new Connection(ws, codec, host, socket));
    });
  };
  httpServer.on("upgrade", onUpgrade);

  const heartbeat = setInterval(() => {
    const now = Date.now();
    for (const connection of connections) {
      if (connection.state !== "open") continue;
      // docs/protocol.md "Heartbeats": silent for two intervals → dropped without a close frame (the resume window stays).
      if (now - connection.lastSeen >= 2 * limits.heartbeatMs) connection.terminate();
      else connection.send({ type: "ping", t: now });
    }
  }, limits.heartbeatMs);
  heartbeat.unref();

  function port(): number {
    const address = httpServer.address();
    return typeof address === "object" && address !== null ? address.port : 0;
  }

  async function shutdown(): Promise<void> {
    // WebSocket upgrades are refused from now on; plain HTTP stays up so /healthz can say 503.
    closing = true;
    await dispatcher.drain(limits.shutdownTimeoutMs);
    registry.close();
    const pending = [...connections].map(
      (connection) =>
        new Promise<void>((resolve) =>
          connection.socket.once("close", () => {
            resolve();
          }),
        ),
    );
    for (const connection of connections) connection.close(CLOSE_CODES.GOING_AWAY, "server going away");
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(pending),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_HANDSHAKE_MS))),
    ]);
    clearTimeout(timer);
    for (const connection of connections) connection.socket.terminate();
    // Players who left just before: their records go before the store quits (docs/server.md "Graceful close").
    await background.drain(STORE_DRAIN_MS);
    clearInterval(heartbeat);
    httpServer.off("upgrade", onUpgrade);
    wss.close();
    router.close();
    sessions.close();
    await adapter.close();
    if (ownServer) {
      await new Promise<void>((resolve) => {
        httpServer.close(() => {
          resolve();
        });
        httpServer.closeAllConnections();
      });
    }
  }

  return {
    async listen(): Promise<void> {
      if (ownServer && !httpServer.listening) {
        await new Promise<void>((resolve, reject) => {
          httpServer.once("error", reject);
          httpServer.listen(config.port ?? 0, config.host ?? "127.0.0.1", () => {
            httpServer.off("error", reject);
            resolve();
          });
        });
      }
      await adapter.ready?.();
    },
    close(): Promise<void> {
      closed ??= shutdown();
      return closed;
    },
    get port(): number {
      return port();
    },
    emitEvent(fullName: string, target: EventTarget, data: unknown): void {
      router.emit(fullName, target, data);
    },
  };
}
