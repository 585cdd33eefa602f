/**
 * One WebSocket and its keep-alive (tRPC's ws-connection.ts): subprotocol negotiation, hello →
 * welcome, answering pings, pinging the server, and declaring the connection dead after two silent
 * heartbeat intervals (docs/protocol.md "Heartbeats"). It never reconnects: game-client.ts does.
 * Browser-safe.
 */
import { loadMsgpackCodec, negotiatedCodec, offeredSubprotocols } from "./codec-choice.js";
import { MAX_TIMER_MS, type WebSocketConstructorLike, type WebSocketLike } from "./options.js";
import type { BinarySchema } from "../protocol/binary/schema.js";
import type { Codec, Frame } from "../protocol/codec.js";
import {
  checkServerMessage,
  messagesOfFrame,
  type CodecName,
  type HelloMessage,
  type ServerMessage,
  type WelcomeMessage,
  type WireError,
} from "../protocol/messages.js";

/** Why a connection ended. */
export interface CloseInfo {
  /** The close code; 1006 when the socket died without a close frame or was declared dead here. */
  readonly code: number;
  readonly reason: string;
  /** Whether `welcome` had arrived. */
  readonly welcomed: boolean;
  /** An `error` message the server sent before closing (a refused hello, for instance). */
  readonly error?: WireError;
}

export interface ConnectionHandlers {
  /** Called once, synchronously before any later message of the same frame is delivered. */
  welcome(welcome: WelcomeMessage, connection: Connection): void;
  /** Every message after `welcome` except heartbeats. */
  message(message: ServerMessage, connection: Connection): void;
  /** Called exactly once, whether or not `welcome` arrived. */
  closed(info: CloseInfo): void;
}

export interface ConnectionOptions {
  readonly url: string;
  readonly WebSocket: WebSocketConstructorLike;
  /** The codec offered first (codec-choice.ts says what follows it). */
  readonly codec: CodecName;
  /** The generated binary schema; required when `codec` is "binary". */
  readonly binary?: BinarySchema | undefined;
  readonly hello: HelloMessage;
  /** How long the attempt may take, from creating the socket (TCP, upgrade) to `welcome`. */
  readonly connectTimeoutMs: number;
  readonly handlers: ConnectionHandlers;
}

/** Browsers: WebSocket.OPEN. */
const OPEN = 1;
/** No close frame (RFC 6455 §7.4.1): what a dead connection reports. */
const ABNORMAL_CLOSURE = 1006;

function ignore(): void {
  // An event of a discarded socket.
}

function toFrame(data: unknown): Frame | undefined {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (data instanceof Uint8Array) return data;
  return undefined;
}

export class Connection {
  #socket: WebSocketLike;
  #handlers: ConnectionHandlers;
  #preferred: CodecName;
  #binary: BinarySchema | undefined;
  /** Known once the socket opened (and MessagePack, when chosen, has loaded). */
  #codec: Codec | undefined;
  /** Frames that arrived before the codec was known. */
  #early: unknown[] = [];
  #opened = false;
  #welcomed = false;
  #closed = false;
  #error: WireError | undefined;
  /** The attempt's deadline (connectTimeoutMs), then the heartbeat interval. */
  #timer: ReturnType<typeof setTimeout> | undefined;
  #heartbeatMs = 0;
  #lastReceived = 0;
  #lastPing = 0;

  constructor(options: ConnectionOptions) {
    this.#handlers = options.handlers;
    this.#preferred = options.codec;
    this.#binary = options.binary;
    // Loading starts with the socket, to be done by the time it opens; a failure shows at open.
    if (options.codec === "msgpack") loadMsgpackCodec().catch(ignore);
    this.#socket = new options.WebSocket(options.url, offeredSubprotocols(options.codec, options.binary));
    this.#socket.binaryType = "arraybuffer";
    this.#socket.onopen = () => {
      this.#onOpen(options.hello);
    };
    this.#socket.onmessage = (event: { readonly data: unknown }) => {
      this.#onFrame(event.data);
    };
    this.#socket.onclose = (event: { readonly code: number; readonly reason: string }) => {
      this.#finish(event.code, event.reason);
    };
    // docs/client.md "Connection states and reconnecting": an error before the socket opened ends
    // the attempt at once. Undici (the global WebSocket of Node.js) follows a refused connection with
    // no close event at all. Once open, an error is followed by a close, which carries the code.
    this.#socket.onerror = (event: { readonly message?: unknown }) => {
      if (this.#opened) return;
      const detail = typeof event.message === "string" && event.message !== "" ? `: ${event.message}` : "";
      this.#abandon(`connection failed${detail}`);
    };
    // Also ends attempts that get no event at all: a server that accepts TCP and never answers, or
    // (undici again) one that accepts and destroys the socket.
    this.#timer = setTimeout(() => {
      this.#abandon(`not welcomed within ${options.connectTimeoutMs} ms`);
    }, options.connectTimeoutMs);
  }

  /** The negotiated codec's name (the preferred one until it is known). */
  get codecName(): CodecName {
    return this.#codec?.name ?? this.#preferred;
  }

  isOpenOrOpening(): boolean {
    return !this.#closed;
  }

  /** Encodes and sends one message; returns the frame's size, or -1 when the socket is not open. */
  send(message: unknown): number {
    if (this.#closed || this.#socket.readyState !== OPEN || this.#codec === undefined) return -1;
    const frame = this.#codec.encode(message);
    this.#socket.send(frame);
    return frame.length;
  }

  /** Starts the close handshake; `closed` follows when the socket reports it. */
  close(code: number, reason: string): void {
    if (this.#closed) return;
    try {
      this.#socket.close(code, reason);
    } catch {
      this.#abandon(reason);
    }
  }

  /** Drops the socket without waiting for the close handshake. */
  terminate(reason: string): void {
    this.#abandon(reason);
  }

  #onOpen(hello: HelloMessage): void {
    this.#opened = true;
    // docs/protocol.md "Connecting": the server picks one of the subprotocols; "" means none (JSON).
    const codec = negotiatedCodec(this.#socket.protocol, this.#binary);
    if (codec === undefined) {
      this.close(1002, "unknown subprotocol");
      return;
    }
    if (!(codec instanceof Promise)) {
      this.#speak(codec, hello);
      return;
    }
    codec.then(
      (loaded) => {
        if (!this.#closed) this.#speak(loaded, hello);
      },
      () => {
        this.#abandon("the MessagePack codec could not be loaded");
      },
    );
  }

  /** The codec is known: hello goes out, then the frames that came before are read. */
  #speak(codec: Codec, hello: HelloMessage): void {
    this.#codec = codec;
    this.send(hello);
    const early = this.#early;
    this.#early = [];
    for (const data of early) this.#onFrame(data);
  }

  #onFrame(data: unknown): void {
    if (this.#closed) return;
    this.#lastReceived = Date.now();
    if (this.#codec === undefined) {
      this.#early.push(data);
      return;
    }
    const frame = toFrame(data);
    let decoded: unknown;
    try {
      if (frame === undefined) return;
      decoded = this.#codec.decode(frame);
    } catch {
      // Clients ignore what they cannot read; the server never sends it on purpose.
      return;
    }
    for (const raw of messagesOfFrame(decoded)) {
      // A message of the batch may have ended the connection (a handler closed it).
      if (!this.isOpenOrOpening()) return;
      const check = checkServerMessage(raw);
      if (check.ok) this.#onMessage(check.message);
    }
  }

  #onMessage(message: ServerMessage): void {
    switch (message.type) {
      case "ping":
        this.send({ type: "pong", t: message.t });
        return;
      case "pong":
        return;
      case "welcome":
        if (this.#welcomed) return;
        this.#welcomed = true;
        this.#startHeartbeat(message.heartbeatMs);
        this.#handlers.welcome(message, this);
        return;
      case "error":
        if (!this.#welcomed) {
          this.#error = message.error;
          return;
        }
        this.#handlers.message(message, this);
        return;
      default:
        if (this.#welcomed) this.#handlers.message(message, this);
    }
  }

  #startHeartbeat(heartbeatMs: number): void {
    clearTimeout(this.#timer);
    this.#heartbeatMs = heartbeatMs;
    this.#lastReceived = this.#lastPing = Date.now();
    // Ticking at half the interval detects two silent intervals within 2.5 of them.
    this.#timer = setInterval(
      () => {
        this.#tick();
      },
      // Timers past 2^31-1 ms fire after 1 ms instead (Node and browsers): a server's absurd heartbeatMs
      // must not turn into a 1 ms spin.
      Math.min(MAX_TIMER_MS, Math.max(1, Math.floor(heartbeatMs / 2))),
    );
  }

  #tick(): void {
    const now = Date.now();
    if (now - this.#lastReceived > 2 * this.#heartbeatMs) {
      this.#abandon("heartbeat timeout");
      return;
    }
    if (now - this.#lastPing >= this.#heartbeatMs) {
      this.#lastPing = now;
      this.send({ type: "ping", t: now });
    }
  }

  /**
   * Gives up on the socket without waiting for a close handshake that may never come. The socket is
   * closed without a code, so the server keeps the resume window (only 1000 ends the player session).
   */
  #abandon(reason: string): void {
    if (this.#closed) return;
    // Detached first: closing a socket that is still connecting fires its error event at once (undici).
    this.#detach();
    try {
      this.#socket.close();
    } catch {
      // Already closing: nothing more to do.
    }
    this.#report(ABNORMAL_CLOSURE, reason);
  }

  #finish(code: number, reason: string): void {
    if (this.#closed) return;
    this.#detach();
    this.#report(code, reason);
  }

  /** The socket is discarded: nothing it reports later reaches the client. */
  #detach(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    clearInterval(this.#timer);
    this.#socket.onopen = this.#socket.onmessage = this.#socket.onclose = null;
    // Not null: `ws` emits an error when a socket still connecting is closed, and an EventEmitter
    // throws an error event nobody listens to.
    this.#socket.onerror = ignore;
  }

  #report(code: number, reason: string): void {
    const info: CloseInfo =
      this.#error === undefined
        ? { code, reason, welcomed: this.#welcomed }
        : { code, reason, welcomed: this.#welcomed, error: this.#error };
    this.#handlers.closed(info);
  }
}
