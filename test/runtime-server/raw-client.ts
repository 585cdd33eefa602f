/**
 * A test client that speaks docs/protocol.md by hand over a raw `ws` socket (no gidl runtime code), in
 * any codec, so that the tests check the wire contract itself. Messages are objects in the codec's
 * wire form; on binary that is the TypeScript form (`bigint`, `Uint8Array`), encoded and decoded by
 * gidl/protocol's binary codec with the schema the test gives (docs/protocol.md "The binary codec").
 */
import { pack, Packr, Unpackr } from "msgpackr";
import { WebSocket } from "ws";
import { binaryCodecFor } from "../../protocol/binary-codecs.js";
import type { BinarySchema, Codec as WireCodec } from "../../protocol/index.js";

export type Codec = "json" | "msgpack" | "binary";
export type Message = Record<string, unknown> & { type: string };

const packr = new Packr({ useRecords: false });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true });
/** Bounds every wait, so that a broken server fails a test instead of hanging it. */
const WAIT_MS = 5000;

export interface ConnectOptions {
  codec?: Codec;
  /** The generated binary schema, for codec "binary". */
  binary?: BinarySchema;
  /** Subprotocols to offer; default the codec's one. */
  protocols?: string[];
  headers?: Record<string, string>;
}

export class RawClient {
  readonly received: Message[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: { match: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  private cursor = 0;
  private nextId = 1;

  private constructor(
    readonly socket: WebSocket,
    readonly codec: Codec,
    private readonly binary: WireCodec | undefined,
  ) {
    this.closed = new Promise((resolve) => {
      socket.on("close", (code, reason) => {
        resolve({ code, reason: reason.toString() });
      });
    });
    socket.on("message", (data: Buffer, isBinary) => {
      const decoded: unknown = !isBinary
        ? JSON.parse(data.toString("utf8"))
        : binary === undefined
          ? unpackr.unpack(data)
          : binary.decode(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      for (const message of Array.isArray(decoded) ? decoded : [decoded]) this.push(message as Message);
    });
  }

  static open(url: string, options: ConnectOptions = {}): Promise<RawClient> {
    const codec = options.codec ?? "json";
    let binary: WireCodec | undefined;
    if (codec === "binary") {
      if (options.binary === undefined) throw new Error('RawClient: codec "binary" needs a binary schema');
      binary = binaryCodecFor(options.binary);
    }
    const protocols = options.protocols ?? [binary?.subprotocol ?? `gidl.v1.${codec}`];
    const socket = new WebSocket(url, protocols, { headers: options.headers });
    const client = new RawClient(socket, codec, binary);
    return new Promise((resolve, reject) => {
      socket.once("open", () => {
        resolve(client);
      });
      socket.once("unexpected-response", (_req, res) => {
        reject(new Error(`HTTP ${res.statusCode}`));
      });
      socket.once("error", reject);
    });
  }

  /** Sends one message, a batch (array), or raw frame bytes/text. */
  sendRaw(value: unknown): void {
    if (this.binary !== undefined) this.socket.send(this.binary.encode(value));
    else if (this.codec === "json") this.socket.send(JSON.stringify(value));
    else this.socket.send(packr.pack(value));
  }

  hello(fields: Record<string, unknown> = {}): Promise<Message> {
    this.sendRaw({ type: "hello", protocol: 1, schema: "a".repeat(64), ...fields });
    return this.next((m) => m.type === "welcome" || m.type === "error");
  }

  /** Sends an rpc and resolves with its response. */
  call(
    method: string,
    params: unknown = {},
    id = this.nextId++,
    extra: Record<string, unknown> = {},
  ): Promise<Message> {
    this.nextId = Math.max(this.nextId, id + 1);
    this.sendRaw({ type: "rpc", id, method, params, ...extra });
    return this.response(id);
  }

  rpc(method: string, params: unknown = {}, id = this.nextId++): number {
    this.nextId = Math.max(this.nextId, id + 1);
    this.sendRaw({ type: "rpc", id, method, params });
    return id;
  }

  send(method: string, params: unknown = {}, id = this.nextId++): void {
    this.nextId = Math.max(this.nextId, id + 1);
    this.sendRaw({ type: "send", id, method, params });
  }

  response(id: number): Promise<Message> {
    return this.next((m) => m.type === "response" && m.id === id);
  }

  event(name: string): Promise<Message> {
    return this.next((m) => m.type === "event" && m.event === name);
  }

  /** The next message (after those already consumed by `next`) that matches. */
  next(match: (m: Message) => boolean = () => true): Promise<Message> {
    for (let i = this.cursor; i < this.received.length; i++) {
      const message = this.received[i];
      if (message !== undefined && match(message)) {
        this.received.splice(i, 1);
        return Promise.resolve(message);
      }
    }
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve };
      this.waiters.push(waiter);
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new Error(
            `no matching message within ${WAIT_MS} ms; received ${JSON.stringify(this.received, replacer)}`,
          ),
        );
      }, WAIT_MS);
      waiter.resolve = (m) => {
        clearTimeout(timer);
        resolve(m);
      };
    });
  }

  /** Every message received so far and not consumed. */
  drain(): Message[] {
    return this.received.splice(0);
  }

  close(code = 1000): Promise<{ code: number; reason: string }> {
    this.socket.close(code);
    return this.closed;
  }

  private push(message: Message): void {
    const waiter = this.waiters.find((w) => w.match(message));
    if (waiter === undefined) {
      this.received.push(message);
      return;
    }
    this.waiters = this.waiters.filter((w) => w !== waiter);
    waiter.resolve(message);
  }
}

function replacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

export { pack };
