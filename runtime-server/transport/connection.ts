/**
 * One client WebSocket: messages in (decoded, checked, within the connection's rate, handed to the
 * host in arrival order) and frames out (with the send-buffer limits), and the state before and
 * after `hello`. What the messages mean is the host's job (server.ts); the parts are flood-guard.ts,
 * inbound-queue.ts and frame-writer.ts.
 */
import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";
import {
  CLOSE_CODES,
  CodecError,
  GameError,
  UndecodableMessage,
  checkClientMessage,
  messagesOfFrame,
  type ClientMessage,
  type Codec,
  type Frame,
  type ServerMessage,
} from "../../protocol/index.js";
import type { OutboundEvent } from "../events/outbound-event.js";
import type { Limits } from "../limits.js";
import type { ServerMetrics } from "../observability/metrics.js";
import type { CorkScheduler } from "./cork-scheduler.js";
import { FloodGuard } from "./flood-guard.js";
import { FrameWriter } from "./frame-writer.js";
import { InboundQueue } from "./inbound-queue.js";
import { bytesFrame, textFrame } from "./ws-frame.js";

/** docs/protocol.md "Close codes": a slow consumer closed with 4008 is destroyed if it has not drained within 5 s. */
const SLOW_CONSUMER_DESTROY_MS = 5000;

/**
 * What a connection hands its messages to and what it is given: `Session` is what the host
 * attaches to it at hello (a player session), which this room knows nothing of.
 */
export interface ConnectionHost<Session = unknown> {
  readonly limits: Limits;
  readonly metrics: ServerMetrics | undefined;
  /** The server's: frames corked in one turn are written at its end. */
  readonly corks: CorkScheduler;
  hello(connection: Connection<Session>, message: ClientMessage & { type: "hello" }): Promise<void>;
  /** An rpc, send or ack after hello; `limited` carries retryAfterMs when the connection's rate refused it. */
  message(connection: Connection<Session>, message: ClientMessage, limitedMs: number): void | Promise<void>;
  /** A message that failed its check; `id` when it was an rpc whose id could be read. */
  badMessage(connection: Connection<Session>, reason: string, id: number | undefined): void;
  closed(connection: Connection<Session>, code: number): void;
  /** A bug of ours while handling a message: logged, never sent. */
  failure(connection: Connection<Session>, error: unknown): void;
}

export type ConnectionState = "hello" | "open" | "closed";

export class Connection<Session = unknown> {
  state: ConnectionState = "hello";
  /** Set by a welcome; null before it (and for a connection whose player session moved on). */
  playerSession: Session | null = null;
  /** Rpcs running or waiting in a queue (maxRunningCalls). */
  runningCalls = 0;
  lastSeen = Date.now();
  /** Why the server closed it, when it did (takeover, slow consumer…): decides what the close means. */
  closedBy: number | undefined;
  private readonly flood: FloodGuard;
  private readonly inbound: InboundQueue;
  private readonly writer: FrameWriter;
  private readonly slowConsumerBytes: number;
  private readonly unreliableDropBytes: number;
  private helloTimer: NodeJS.Timeout | undefined;
  private destroyTimer: NodeJS.Timeout | undefined;
  /** gidl_messages_total's counts of the messages a connection sends and receives most. */
  private readonly counts: { readonly rpcsIn?: { n: number }; readonly eventsOut?: { n: number } };

  constructor(
    readonly socket: WebSocket,
    readonly codec: Codec,
    private readonly host: ConnectionHost<Session>,
    /** The socket under `socket` (the upgrade's): frames are written to it whole (frame-writer.ts). */
    raw: Duplex,
  ) {
    const { limits, metrics } = host;
    this.flood = new FloodGuard(limits.messagesPerSecond, limits.messagesBurst, Date.now());
    this.inbound = new InboundQueue((error) => {
      // A bug of ours must not stop the connection's later messages.
      host.failure(this, error);
    });
    this.writer = new FrameWriter(socket, raw, host.corks);
    this.slowConsumerBytes = limits.slowConsumerBytes;
    this.unreliableDropBytes = limits.unreliableDropBytes;
    this.counts =
      metrics === undefined
        ? {}
        : { rpcsIn: metrics.messageCounter("in", "rpc"), eventsOut: metrics.messageCounter("out", "event") };
    this.helloTimer = setTimeout(() => {
      this.close(CLOSE_CODES.HELLO_TIMEOUT, "hello timeout");
    }, limits.helloTimeoutMs);
    socket.on("message", (data, isBinary) => {
      // This runs inside ws's socket handler: a throw here would take the whole process down.
      try {
        this.receive(data, isBinary);
      } catch (error) {
        this.host.failure(this, error);
      }
    });
    socket.on("close", (code) => {
      this.onClosed(code);
    });
    socket.on("error", () => {
      // ws closes the socket after an error (1002, 1007, 1009); 'close' does the bookkeeping.
    });
  }

  get bufferedAmount(): number {
    return this.writer.bufferedAmount;
  }

  markOpen(): void {
    this.state = "open";
    clearTimeout(this.helloTimer);
    this.helloTimer = undefined;
  }

  /** Closed, or closing by the server's decision: nothing more is read from it. */
  isGone(): boolean {
    return this.state === "closed" || this.closedBy !== undefined;
  }

  /**
   * Sends one message (wire form; the TypeScript form on binary). `method` is the full name of the
   * method a response answers, which the binary codec encodes a result by.
   */
  send(message: ServerMessage, method?: string): void {
    if (this.state === "closed") return;
    let frame: string | Uint8Array;
    try {
      frame = this.codec.encode(message, method);
    } catch (error) {
      // A value the codec cannot carry (a bigint past 64 bits, or in JSON where no shape says to
      // convert it) is the application's bug: logged, and the call answered INTERNAL instead of the
      // exception escaping into ws's handlers and ending the process: nothing a client sends ends it (test/fuzz).
      this.host.failure(this, error);
      if (message.type !== "response" || "error" in message) return;
      const internal = new GameError("INTERNAL", "Internal error");
      frame = this.codec.encode({ type: "response", id: message.id, error: internal.toWire() }, method);
    }
    this.sendFrame(
      typeof frame === "string" ? textFrame(frame) : bytesFrame(frame, this.codec.binary),
      message.type,
    );
  }

  sendError(error: GameError): void {
    this.send({ type: "error", error: error.toWire() });
  }

  /**
   * Sends an event; an unreliable one is dropped (false) above `unreliableDropBytes` of unsent data
   * (docs/protocol.md "Events, ordering and replay": dropped first when a connection falls behind).
   */
  sendEvent(event: OutboundEvent, seq: number | undefined): boolean {
    if (this.state === "closed") return false;
    if (seq === undefined && this.writer.bufferedAmount > this.unreliableDropBytes) return false;
    // Not corked: a fan-out is a burst of writes already, and holding 1,000 sockets' frames in their
    // streams costs more than it saves. Behind a corked socket's frames it still waits its turn.
    this.sendFrame(event.socketFrame(this.codec, seq), "event", false);
    return true;
  }

  close(code: number, reason = ""): void {
    if (this.state === "closed" || this.closedBy !== undefined) return;
    this.closedBy = code;
    this.socket.close(code, reason);
  }

  /** Drops the connection without a close frame (heartbeat: a silent peer); what it holds is written first. */
  terminate(): void {
    this.closedBy ??= 1006;
    this.writer.uncork();
    this.socket.terminate();
  }

  /** Counts the frame and closes a connection that does not read what it is sent (4008). */
  private sendFrame(frame: Buffer, type: string, cork = true): void {
    if (!this.writer.write(frame, cork)) return;
    if (type === "event" && this.counts.eventsOut !== undefined) this.counts.eventsOut.n++;
    else this.host.metrics?.countMessage("out", type);
    if (this.writer.bufferedAmount > this.slowConsumerBytes && this.closedBy === undefined) {
      this.host.metrics?.slowConsumerCloses.inc();
      this.close(CLOSE_CODES.SLOW_CONSUMER, "too slow to read its events");
      this.destroyTimer = setTimeout(() => {
        this.socket.terminate();
      }, SLOW_CONSUMER_DESTROY_MS);
    }
  }

  private receive(data: unknown, isBinary: boolean): void {
    const now = Date.now();
    this.lastSeen = now;
    if (this.state === "closed" || this.closedBy !== undefined) return;
    const raw = toBuffer(data);
    const frame: Frame = isBinary
      ? new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength)
      : raw.toString("utf8");
    let decoded: unknown;
    try {
      decoded = this.codec.decode(frame);
    } catch (error) {
      const reason = error instanceof CodecError ? error.message : "the frame cannot be decoded";
      this.inbound.push(() => {
        this.host.badMessage(this, reason, undefined);
      });
      return;
    }
    for (const raw of messagesOfFrame(decoded)) {
      const limitedMs = this.takeToken(now);
      if (this.isGone()) return;
      const check = checkClientMessage(raw);
      if (!check.ok) {
        // Only an rpc can be answered by id; a bad send gets an error message. A binary item that
        // could not be read carries the id of its rpc's header (docs/protocol.md "Bad frames").
        // `raw` may be null or a number here (a `null` frame is a bad frame, never a crash).
        const id = isRpc(raw) || raw instanceof UndecodableMessage ? check.id : undefined;
        this.inbound.push(() => {
          this.host.badMessage(this, check.reason, id);
        });
        continue;
      }
      const message = check.message;
      if (message.type === "rpc" && this.counts.rpcsIn !== undefined) this.counts.rpcsIn.n++;
      else this.host.metrics?.countMessage("in", message.type);
      if (message.type === "ping") {
        // Past the connection's rate a ping is not answered, as a send is dropped: a ping flood
        // earns no pongs on its way to 4029.
        if (limitedMs === 0) this.send({ type: "pong", t: message.t });
        continue;
      }
      if (message.type === "pong") continue;
      const inbound = this.inbound;
      if (inbound.idle) inbound.started(this.handle(message, limitedMs));
      else inbound.push(() => this.handle(message, limitedMs));
    }
  }

  /** Hands a message to the server; a bug of ours surfaces as host.failure, never as a throw. */
  private handle(message: ClientMessage, limitedMs: number): void | Promise<void> {
    try {
      return message.type === "hello"
        ? this.host.hello(this, message)
        : this.host.message(this, message, limitedMs);
    } catch (error) {
      this.host.failure(this, error);
    }
  }

  /** The connection's message rate: 0, or the wait of a refused message; 4029 for a flooding peer. */
  private takeToken(now: number): number {
    const wait = this.flood.take(now);
    if (wait === 0) return 0;
    this.host.metrics?.rateLimited.inc();
    if (this.flood.refused(now)) this.close(CLOSE_CODES.FLOODING, "flooding");
    return wait;
  }

  private onClosed(code: number): void {
    if (this.state === "closed") return;
    this.state = "closed";
    clearTimeout(this.helloTimer);
    clearTimeout(this.destroyTimer);
    this.host.closed(this, this.closedBy ?? code);
  }
}

function isRpc(raw: unknown): boolean {
  return typeof raw === "object" && raw !== null && (raw as { type?: unknown }).type === "rpc";
}

function toBuffer(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]);
  return Buffer.from(data as ArrayBuffer);
}
