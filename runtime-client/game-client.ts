/**
 * `createGameClient`: one logical client over a succession of connections (tRPC's ws-client.ts).
 * One reconnect loop at a time, an observable state, resume with re-sent calls, and a clean close
 * (1000) that ends the player session. Browser-safe: `ws` is reached only through node-websocket.ts.
 */
import { fatalError } from "./close-reasons.js";
import { Connection, type CloseInfo } from "./connection.js";
import { EventStream, type EventHandler } from "./event-stream.js";
import { findWebSocket } from "./node-websocket.js";
import {
  backoffDelay,
  checkTimeout,
  CLIENT_DEFAULTS,
  resolveOptions,
  type CallOptions,
  type ClientOptions,
  type ResolvedOptions,
  type WebSocketConstructorLike,
} from "./options.js";
import type { ApiDefinition } from "../protocol/definition.js";
import { CLOSE_CODES } from "../protocol/error-codes.js";
import { GameError, gameErrorFromWire } from "../protocol/game-error.js";
import {
  PROTOCOL_VERSION,
  type HelloMessage,
  type ServerMessage,
  type WelcomeMessage,
} from "../protocol/messages.js";
import { fromWire, toWire } from "../protocol/wire-convert.js";
import { MAX_REDIRECTS, redirectTarget } from "./redirect.js";
import { RequestManager, type Outgoing } from "./request-manager.js";
import { withRetry } from "./retry.js";
import { sleep } from "./sleep.js";

export type ConnectionState = "connecting" | "open" | "reconnecting" | "closed";

export interface GameClient {
  /** Resolves once welcomed; rejects when the server refuses the client for good, or on `close()`. */
  connect(): Promise<void>;
  /** Closes with 1000, which ends the player session; unanswered calls fail with `CLIENT_CLOSED`. */
  close(): Promise<void>;
  readonly state: ConnectionState;
  /** The player the server welcomed; `null` before that, or when anonymous. */
  readonly playerId: string | null;
  call(method: string, params: unknown, options?: CallOptions): Promise<unknown>;
  send(method: string, params: unknown): void;
  on(event: string, handler: EventHandler): () => void;
  onState(listener: (state: ConnectionState) => void): () => void;
  /** Events were lost (a resume failed): fetch fresh state. */
  onResync(listener: () => void): () => void;
}

export type GameClientConfig = { readonly definition: ApiDefinition } & ClientOptions;

/** How long `close()` waits for the server to complete the close handshake. */
const CLOSE_WAIT_MS = 3000;

export function createGameClient(config: GameClientConfig): GameClient {
  return new ReconnectingClient(
    config.definition,
    resolveOptions(config, config.definition.binary !== undefined),
  );
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: GameError) => void;
}

class ReconnectingClient implements GameClient {
  readonly #definition: ApiDefinition;
  readonly #options: ResolvedOptions;
  readonly #requests: RequestManager;
  readonly #events = new EventStream();
  readonly #stateListeners = new Set<(state: ConnectionState) => void>();
  // Before connect() nothing is open: "closed", and calls wait in the offline queue.
  #state: ConnectionState = "closed";
  #playerId: string | null = null;
  #ended = false;
  #everOpened = false;
  #resumeToken: string | null = null;
  /** Where the next attempt goes: `options.url`, or the server a SESSION_ELSEWHERE named. */
  #url: string;
  /** Set when a SESSION_ELSEWHERE ends the current connection: the next attempt goes there at once. */
  #redirectTo: string | undefined;
  /** SESSION_ELSEWHERE answers followed in a row; any other answer resets it. */
  #redirects = 0;
  /** The socket of the current attempt, welcomed or not. */
  #connection: Connection | undefined;
  #loop: Promise<void> | undefined;
  #waiters: Waiter[] = [];
  readonly #stop = new AbortController();

  constructor(definition: ApiDefinition, options: ResolvedOptions) {
    this.#definition = definition;
    this.#options = options;
    this.#url = options.url;
    this.#requests = new RequestManager(options.offlineQueue);
  }

  get state(): ConnectionState {
    return this.#state;
  }

  get playerId(): string | null {
    return this.#playerId;
  }

  connect(): Promise<void> {
    if (this.#ended) return Promise.reject(new GameError("CLIENT_CLOSED", "the client is closed"));
    if (this.#state === "open") return Promise.resolve();
    const welcomed = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    this.#loop ??= this.#run();
    return welcomed;
  }

  async close(): Promise<void> {
    if (this.#ended) {
      await this.#loop;
      return;
    }
    this.#end(new GameError("CLIENT_CLOSED", "the client was closed"));
    const connection = this.#connection;
    if (connection !== undefined) {
      const timer = setTimeout(() => {
        connection.terminate("close handshake timed out");
      }, CLOSE_WAIT_MS);
      // docs/protocol.md "Player sessions and resume": a close with 1000 ends the player session.
      connection.close(CLOSE_CODES.NORMAL, "client closed");
      await this.#loop;
      clearTimeout(timer);
    }
  }

  async call(method: string, params: unknown, options: CallOptions = {}): Promise<unknown> {
    const timeoutMs =
      options.timeoutMs === undefined
        ? this.#options.timeoutMs
        : checkTimeout("timeoutMs", options.timeoutMs);
    const { signal } = options;
    if (options.retry !== true) return this.#requests.call(method, params ?? {}, { timeoutMs, signal });
    const { reconnect } = this.#options;
    const backoff = reconnect === false ? CLIENT_DEFAULTS.reconnect : reconnect;
    const random = reconnect === false ? Math.random : reconnect.random;
    return withRetry(method, { timeoutMs, signal, backoff, random }, (remainingMs) =>
      this.#requests.call(method, params ?? {}, { timeoutMs: remainingMs, signal }),
    );
  }

  send(method: string, params: unknown): void {
    this.#requests.send(method, params ?? {});
  }

  on(event: string, handler: EventHandler): () => void {
    return this.#events.on(event, handler);
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    const subscription = (state: ConnectionState): void => {
      listener(state);
    };
    this.#stateListeners.add(subscription);
    return () => {
      this.#stateListeners.delete(subscription);
    };
  }

  onResync(listener: () => void): () => void {
    return this.#events.onResync(listener);
  }

  /** The one reconnect loop: attempt, wait with backoff, attempt again, until ended. */
  async #run(): Promise<void> {
    this.#setState("connecting");
    let WebSocket: WebSocketConstructorLike;
    try {
      WebSocket = this.#options.WebSocket ?? findWebSocket();
    } catch (error) {
      this.#end(new GameError("CONNECTION_LOST", (error as Error).message, { retry: false, cause: error }));
      return;
    }
    let failures = 0;
    while (!this.#ended) {
      if (failures > 0) {
        const { reconnect } = this.#options;
        if (reconnect === false) {
          this.#end(new GameError("CONNECTION_LOST", `the connection to ${this.#url} was lost`));
          return;
        }
        await sleep(backoffDelay(failures - 1, reconnect, reconnect.random), this.#stop.signal);
        if (this.#isEnded()) return;
      }
      const info = await this.#attempt(WebSocket);
      if (this.#isEnded()) return;
      const redirect = this.#redirectTo;
      this.#redirectTo = undefined;
      if (redirect !== undefined) {
        // A move, not a failure: resume there at once (resume tokens work on any server).
        this.#url = redirect;
        failures = 0;
        this.#setState("reconnecting");
        continue;
      }
      const fatal = info === undefined ? undefined : fatalError(info);
      if (fatal !== undefined) {
        this.#end(fatal);
        return;
      }
      // After a welcomed connection the first retry waits backoff(0): a restarting server is not stampeded.
      failures = info?.welcomed === true ? 1 : failures + 1;
      // A redirect's server that cannot be reached (say, it died) is left for the first URL (a load
      // balancer, typically), where a live server resumes the player: its session's end reaches it there.
      if (info?.welcomed !== true) this.#url = this.#options.url;
      this.#setState(this.#everOpened ? "reconnecting" : "connecting");
    }
  }

  /** One connection, from hello to its end; `undefined` when the token could not be had. */
  async #attempt(WebSocket: WebSocketConstructorLike): Promise<CloseInfo | undefined> {
    let token: string | undefined;
    try {
      token = await this.#options.token?.();
    } catch {
      return undefined;
    }
    if (this.#ended) return undefined;
    const hello: HelloMessage = {
      type: "hello",
      protocol: PROTOCOL_VERSION,
      schema: this.#definition.hash,
      ...(token === undefined ? {} : { token }),
      ...(this.#resumeToken === null
        ? {}
        : { resume: { token: this.#resumeToken, lastEventSeq: this.#events.lastSeq } }),
    };
    return new Promise<CloseInfo>((resolve) => {
      this.#connection = new Connection({
        url: this.#url,
        WebSocket,
        codec: this.#options.codec,
        binary: this.#definition.binary,
        hello,
        connectTimeoutMs: this.#options.connectTimeoutMs,
        handlers: {
          welcome: (welcome, connection) => {
            this.#onWelcome(welcome, connection, hello.resume !== undefined);
          },
          message: (message, connection) => {
            this.#onMessage(message, connection);
          },
          closed: (info) => {
            this.#connection = undefined;
            this.#requests.offline();
            this.#events.offline();
            if (info.code === CLOSE_CODES.MESSAGE_TOO_BIG) {
              this.#requests.failLargestSent(
                new GameError("BAD_MESSAGE", "the server closed the connection with 1009 (message too big)"),
              );
            }
            resolve(info);
          },
        },
      });
    });
  }

  #onWelcome(welcome: WelcomeMessage, connection: Connection, askedResume: boolean): void {
    this.#everOpened = true;
    this.#playerId = welcome.player;
    this.#resumeToken = welcome.resume?.token ?? null;
    const resumed = askedResume && welcome.resumed;
    if (!resumed) this.#events.reset();
    this.#requests.online((outgoing) => this.#transmit(outgoing, connection), resumed);
    this.#events.online((seq) => connection.send({ type: "ack", seq }) >= 0);
    // docs/client.md "Resync": a resume that failed lost events; the application is told.
    if (askedResume && !welcome.resumed) this.#events.resync();
    this.#setState("open");
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.resolve();
  }

  #transmit(outgoing: Outgoing, connection: Connection): number {
    const method = Object.hasOwn(this.#definition.methods, outgoing.method)
      ? this.#definition.methods[outgoing.method]
      : undefined;
    const form = connection.codecName;
    // The binary codec carries the TypeScript form (docs/protocol.md "The binary codec").
    const params =
      form === "binary"
        ? outgoing.params
        : toWire(outgoing.params, method?.params ?? null, this.#definition.shapes, form);
    return connection.send({ type: outgoing.kind, id: outgoing.id, method: outgoing.method, params });
  }

  #onMessage(message: ServerMessage, connection: Connection): void {
    const form = connection.codecName;
    if (message.type === "response") {
      if ("error" in message) {
        const error = gameErrorFromWire(message.error);
        if (this.#redirect(message.id, error, connection)) return;
        this.#redirects = 0;
        this.#requests.answer(message.id, { error });
        return;
      }
      this.#redirects = 0;
      const name = this.#requests.methodOf(message.id);
      const method =
        name !== undefined && Object.hasOwn(this.#definition.methods, name)
          ? this.#definition.methods[name]
          : undefined;
      this.#requests.answer(message.id, {
        result:
          form === "binary"
            ? message.result
            : fromWire(message.result, method?.result ?? null, this.#definition.shapes, form),
      });
    } else if (message.type === "event") {
      const event = Object.hasOwn(this.#definition.events, message.event)
        ? this.#definition.events[message.event]
        : undefined;
      const data =
        form === "binary"
          ? message.data
          : fromWire(message.data, event?.payload ?? null, this.#definition.shapes, form);
      this.#events.deliver(message.event, data, message.seq, message.ts);
    }
    // A connection-level `error` after welcome (say, a send the server could not read) has no caller to tell.
  }

  /**
   * SESSION_ELSEWHERE with a WebSocket URL: the call did not run, so it is re-issued and the
   * connection moves to that server (the player session resumes there, unanswered calls go out
   * again), and the caller's promise settles with the answer from there.
   */
  #redirect(id: number, error: GameError, connection: Connection): boolean {
    const target = redirectTarget(error);
    if (target === undefined || this.#redirects >= MAX_REDIRECTS || this.#redirectTo !== undefined)
      return false;
    if (!this.#requests.reissue(id)) return false;
    this.#redirects++;
    this.#redirectTo = target;
    // Not 1000, which would end the player session that the other server is to resume.
    connection.terminate(`redirected to ${target}`);
    return true;
  }

  /** A method, not the field: TypeScript would keep the field narrowed across `await`s. */
  #isEnded(): boolean {
    return this.#ended;
  }

  /** Ends the client for good: every call fails with `error`, later ones with CLIENT_CLOSED. */
  #end(error: GameError): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#stop.abort();
    const later =
      error.code === "CLIENT_CLOSED"
        ? error
        : new GameError("CLIENT_CLOSED", `the client is closed: ${error.message}`);
    this.#requests.close(error, later);
    this.#events.offline();
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.reject(error);
    this.#setState("closed");
  }

  #setState(state: ConnectionState): void {
    if (this.#state === state) return;
    this.#state = state;
    for (const listener of [...this.#stateListeners]) {
      try {
        listener(state);
      } catch (error) {
        console.error(error);
      }
    }
  }
}
