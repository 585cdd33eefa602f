/**
 * A small game server written by hand from docs/protocol.md, for the client's tests: a real `ws` server
 * on 127.0.0.1, scripted step by step by each test. It shares no code with runtime-server/ nor with
 * the client's codecs.
 */
import { Packr, Unpackr, type Options } from "msgpackr";
import { WebSocketServer, type WebSocket } from "ws";

export interface Received {
  readonly type: string;
  readonly [field: string]: unknown;
}

const packr = new Packr({ useRecords: false });
const unpackr = new Unpackr({
  useRecords: false,
  mapsAsObjects: true,
  int64AsType: "bigint",
} as unknown as Options);

export class FakeConnection {
  /** Every message received, in order, pings included. */
  readonly received: Received[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly #unread: Received[] = [];
  #waiters: (() => void)[] = [];

  constructor(
    readonly socket: WebSocket,
    /** The subprotocols the client offered, in its order. */
    readonly offered: readonly string[],
    /** Whether pings are answered with pongs. */
    public answerPings: boolean,
  ) {
    this.closed = new Promise((resolve) => {
      socket.on("close", (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.#wake();
      });
    });
    socket.on("message", (data: Buffer, isBinary) => {
      const decoded = (isBinary ? unpackr.unpack(data) : JSON.parse(data.toString())) as
        Received | Received[];
      for (const message of Array.isArray(decoded) ? decoded : [decoded]) {
        this.received.push(message);
        if (message.type === "ping" && this.answerPings) this.send({ type: "pong", t: message.t });
        else this.#unread.push(message);
      }
      this.#wake();
    });
  }

  get binary(): boolean {
    return this.socket.protocol === "gidl.v1.msgpack";
  }

  /** The next unread message of that type (messages of other types stay unread). */
  async next(type: string): Promise<Received> {
    for (;;) {
      const index = this.#unread.findIndex((message) => message.type === type);
      if (index >= 0) return this.#unread.splice(index, 1)[0] as Received;
      if (this.socket.readyState >= 2)
        throw new Error(`the connection closed before a "${type}" message came`);
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** Every unread message of that type, without waiting. */
  drain(type: string): Received[] {
    const matching = this.#unread.filter((message) => message.type === type);
    for (const message of matching) this.#unread.splice(this.#unread.indexOf(message), 1);
    return matching;
  }

  send(message: unknown): void {
    this.socket.send(this.binary ? packr.pack(message) : JSON.stringify(message));
  }

  welcome(
    fields: {
      player?: string | null;
      resumeToken?: string;
      resumed?: boolean;
      reason?: string;
      heartbeatMs?: number;
    } = {},
  ): void {
    this.send({
      type: "welcome",
      protocol: 1,
      player: fields.player === undefined ? "p1" : fields.player,
      ...(fields.resumeToken === undefined
        ? {}
        : { resume: { token: fields.resumeToken, expiresInMs: 30000 } }),
      resumed: fields.resumed ?? false,
      ...(fields.reason === undefined ? {} : { reason: fields.reason }),
      heartbeatMs: fields.heartbeatMs ?? 15000,
      serverTime: Date.now(),
    });
  }

  /** Reads hello and welcomes it; returns the hello. */
  async accept(fields: Parameters<FakeConnection["welcome"]>[0] = {}): Promise<Received> {
    const hello = await this.next("hello");
    this.welcome(fields);
    return hello;
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

export class FakeServer {
  readonly connections: FakeConnection[] = [];
  /** Subprotocols this server supports, in its order; the client's order decides among them. */
  supported: string[] = ["gidl.v1.json", "gidl.v1.msgpack"];
  answerPings = true;
  readonly #server: WebSocketServer;
  #waiters: (() => void)[] = [];
  #taken = 0;

  private constructor() {
    this.#server = new WebSocketServer({
      host: "127.0.0.1",
      port: 0,
      // docs/protocol.md "Connecting": the server picks the first offered subprotocol it supports.
      handleProtocols: (protocols: Set<string>): string | false =>
        [...protocols].find((name) => this.supported.includes(name)) ?? false,
    });
    this.#server.on("connection", (socket: WebSocket, request) => {
      const header = request.headers["sec-websocket-protocol"];
      const offered = header === undefined ? [] : header.split(",").map((name) => name.trim());
      this.connections.push(new FakeConnection(socket, offered, this.answerPings));
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const wake of waiters) wake();
    });
  }

  static async start(): Promise<FakeServer> {
    const fake = new FakeServer();
    await new Promise<void>((resolve) => fake.#server.once("listening", resolve));
    return fake;
  }

  get url(): string {
    const address = this.#server.address();
    if (address === null || typeof address === "string") throw new Error("expected a TCP address");
    return `ws://127.0.0.1:${address.port}`;
  }

  /** The next connection not yet handed to the test. */
  async nextConnection(): Promise<FakeConnection> {
    while (this.connections.length <= this.#taken)
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    return this.connections[this.#taken++] as FakeConnection;
  }

  async stop(): Promise<void> {
    for (const client of this.#server.clients) client.terminate();
    await new Promise<void>((resolve) => {
      this.#server.close(() => {
        resolve();
      });
    });
  }
}
