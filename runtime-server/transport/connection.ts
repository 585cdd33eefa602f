/**
 * One client WebSocket: frames in and out, the per-connection limits (message rate, flooding,
 * running calls, send-buffer backpressure) and the state before and after `hello`. What the
 * messages mean is the host's job (server-core.ts).
 */
import type { Duplex } from "node:stream";
import { WebSocket } from "ws";
import {
  CLOSE_CODES,
  CodecError,
  GameError,
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
import { newBucket, takeToken, type BucketState } from "../token-bucket.js";
import { bytesFrame, textFrame } from "./ws-frame.js";
import type { PlayerSession } from "../players/player-session.js";

/** PROTOCOL.md "Limits": a slow consumer closed with 4008 is destroyed if it has not drained within 5 s. */
const SLOW_CONSUMER_DESTROY_MS = 5000;

export interface ConnectionHost {
  readonly limits: Limits;
  readonly metrics: ServerMetrics | undefined;
  hello(connection: Connection, message: ClientMessage & { type: "hello" }): Promise<void>;
  /** An rpc, send or ack after hello; `limited` carries retryAfterMs when the connection's rate refused it. */
  message(connection: Connection, message: ClientMessage, limitedMs: number): void | Promise<void>;
  /** A message that failed its check; `id` when it was an rpc whose id could be read. */
  badMessage(connection: Connection, reason: string, id: number | undefined): void;
  closed(connection: Connection, code: number): void;
  /** A bug of ours while handling a message: logged, never sent. */
  failure(connection: Connection, error: unknown): void;
}

export type ConnectionState = "hello" | "open" | "closed";

/**
 * A frame is held in its socket (corked) until the event loop has handled every socket that was
 * readable in this turn, then each socket writes what it holds in one go (setImmediate). Writing at
 * once, a server answering many connections woke its peers (and was preempted by them) once per
 * frame: on a busy machine that context switching cost more than the answers (STYLE.md habit 8).
 * A connection holding this much is written out at once, so little waits and `bufferedAmount` (which
 * counts what is held) stays close to what the kernel has not taken.
 */
const CORK_FLUSH_BYTES = 64 * 1024;
const corked: Connection[] = [];
let flushScheduled = false;

function flushCorked(): void {
  flushScheduled = false;
  for (let i = 0; i < corked.length; i++) corked[i]?.uncork();
  corked.length = 0;
}

let nextConnectionId = 1;

export class Connection {
  readonly id = nextConnectionId++;
  state: ConnectionState = "hello";
  /** Set by a welcome; null before it (and for a connection whose player session moved on). */
  playerSession: PlayerSession | null = null;
  /** Rpcs running or waiting in a queue (maxRunningCalls). */
  runningCalls = 0;
  lastSeen = Date.now();
  /** Why the server closed it, when it did (takeover, slow consumer…): decides what the close means. */
  closedBy: number | undefined;
  private readonly bucket: BucketState;
  private refusedSince = 0;
  private refusedCount = 0;
  private inbound: Promise<void> = Promise.resolve();
  /** Messages handed to the host and not finished; the next one waits for them (arrival order). */
  private queuedTasks = 0;
  private helloTimer: NodeJS.Timeout | undefined;
  private destroyTimer: NodeJS.Timeout | undefined;
  private isCorked = false;
  /** gidl_messages_total's counts of the messages a connection sends and receives most. */
  private readonly counts: { readonly rpcsIn?: { n: number }; readonly eventsOut?: { n: number } };

  constructor(
    readonly socket: WebSocket,
    readonly codec: Codec,
    private readonly host: ConnectionHost,
    /**
     * The socket under `socket` (the upgrade's): frames are written to it whole (ws-frame.ts), and
     * it is corked while they wait for the turn's end.
     */
    private readonly raw: Duplex,
  ) {
    this.bucket = newBucket(host.limits.messagesBurst, Date.now());
    const metrics = host.metrics;
    this.counts =
      metrics === undefined
        ? {}
        : { rpcsIn: metrics.messageCounter("in", "rpc"), eventsOut: metrics.messageCounter("out", "event") };
    this.helloTimer = setTimeout(() => {
      this.close(CLOSE_CODES.HELLO_TIMEOUT, "hello timeout");
    }, host.limits.helloTimeoutMs);
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
    return this.socket.bufferedAmount;
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

  /** Sends one message (wire form). */
  send(message: ServerMessage): void {
    if (this.state === "closed") return;
    let frame: string | Uint8Array;
    try {
      frame = this.codec.encode(message);
    } catch (error) {
      // A value the codec cannot carry (a bigint past 64 bits, or in JSON where no shape says to
      // convert it) is the application's bug: logged, and the call answered INTERNAL instead of the
      // exception escaping into ws's handlers and ending the process (issue 7, found by the fuzzer).
      this.host.failure(this, error);
      if (message.type !== "response" || "error" in message) return;
      const internal = new GameError("INTERNAL", "Internal error");
      frame = this.codec.encode({ type: "response", id: message.id, error: internal.toWire() });
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
   * (PROTOCOL.md: dropped first when a connection falls behind).
   */
  sendEvent(event: OutboundEvent, seq: number | undefined): boolean {
    if (this.state === "closed") return false;
    if (seq === undefined && this.socket.bufferedAmount > this.host.limits.unreliableDropBytes) return false;
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
    this.uncork();
    this.socket.terminate();
  }

  /** Writes out the frames held since the turn began. */
  uncork(): void {
    if (!this.isCorked) return;
    this.isCorked = false;
    this.raw.uncork();
  }

  /**
   * Writes a whole WebSocket frame while the WebSocket is open, as ws's `send` would (a socket that
   * failed meanwhile refuses the write with an error event, which ws handles).
   */
  private sendFrame(frame: Buffer, type: string, cork = true): void {
    const raw = this.raw;
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (cork && !this.isCorked) {
      raw.cork();
      this.isCorked = true;
      corked.push(this);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flushCorked);
      }
    }
    raw.write(frame);
    if (this.isCorked && raw.writableLength > CORK_FLUSH_BYTES) this.uncork();
    if (type === "event" && this.counts.eventsOut !== undefined) this.counts.eventsOut.n++;
    else this.host.metrics?.countMessage("out", type);
    if (this.socket.bufferedAmount > this.host.limits.slowConsumerBytes && this.closedBy === undefined) {
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
      this.enqueue(() => {
        this.host.badMessage(this, reason, undefined);
      });
      return;
    }
    for (const raw of messagesOfFrame(decoded)) {
      const limitedMs = this.takeToken(now);
      if (this.isGone()) return;
      const check = checkClientMessage(raw);
      if (!check.ok) {
        // Only an rpc can be answered by id; a bad send gets an error message.
        // `raw` may be null or a number here (issue 7: a `null` frame crashed the process).
        const id = isRpc(raw) ? check.id : undefined;
        this.enqueue(() => {
          this.host.badMessage(this, check.reason, id);
        });
        continue;
      }
      const message = check.message;
      if (message.type === "rpc" && this.counts.rpcsIn !== undefined) this.counts.rpcsIn.n++;
      else this.host.metrics?.countMessage("in", message.type);
      if (message.type === "ping") {
        // Past the connection's rate a ping is not answered, as a send is dropped (issue 7: a ping flood
        // was answered pong for pong until 4029).
        if (limitedMs === 0) this.send({ type: "pong", t: message.t });
        continue;
      }
      if (message.type === "pong") continue;
      if (this.queuedTasks === 0) this.start(this.handle(message, limitedMs));
      else this.enqueue(() => this.handle(message, limitedMs));
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

  /** The connection's message bucket; 4029 for a peer that keeps sending at twice the rate for a second. */
  private takeToken(now: number): number {
    const { messagesPerSecond, messagesBurst } = this.host.limits;
    const wait = takeToken(this.bucket, messagesPerSecond, messagesBurst, now);
    if (wait === 0) return 0;
    this.host.metrics?.rateLimited.inc();
    // Past the burst the peer earns `messagesPerSecond` tokens a second; refusing that many more within
    // one second means it sends at twice the rate (our reading of PROTOCOL.md "Limits").
    if (now - this.refusedSince > 1000) {
      this.refusedSince = now;
      this.refusedCount = 0;
    }
    if (++this.refusedCount >= Math.max(1, messagesPerSecond)) this.close(CLOSE_CODES.FLOODING, "flooding");
    return wait;
  }

  /** Messages are handled one after another, in arrival order (batches included). */
  private enqueue(task: () => void | Promise<void>): void {
    if (this.queuedTasks === 0) {
      let running: void | Promise<void>;
      try {
        running = task();
      } catch (error) {
        this.host.failure(this, error);
        return;
      }
      this.start(running);
      return;
    }
    this.queuedTasks++;
    this.inbound = this.inbound.then(task).then(this.taskDone, this.taskFailed);
  }

  /**
   * A task that began with nothing ahead of it (the usual case: it started at once rather than a
   * microtask later) is chained only while it runs on (STYLE.md habit 8: no promise chain per message).
   */
  private start(running: void | Promise<void>): void {
    if (running === undefined) return;
    this.queuedTasks++;
    this.inbound = running.then(this.taskDone, this.taskFailed);
  }

  private readonly taskDone = (): void => {
    this.queuedTasks--;
  };

  private readonly taskFailed = (error: unknown): void => {
    this.queuedTasks--;
    // A bug of ours must not stop the connection's later messages.
    this.host.failure(this, error);
  };

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
