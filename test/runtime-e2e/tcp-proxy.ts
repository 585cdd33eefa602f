/**
 * A TCP proxy (node:net) between a client and the server that the tests cut on purpose: all at once,
 * in the middle of the next chunk going one way (a request or a response in flight: the peer gets
 * part of a frame, then nothing), or it holds the server's bytes back (a client that stops reading).
 */
import { createServer, connect, type Server, type Socket } from "node:net";

export type CutPoint = "now" | "upstream" | "downstream";

interface Pair {
  readonly client: Socket;
  readonly server: Socket;
  /** Being cut: nothing more is forwarded. */
  cutting: boolean;
}

export class TcpProxy {
  /** Connections accepted so far (each reconnect is one). */
  accepted = 0;
  private readonly pairs = new Set<Pair>();
  private armed: { point: "upstream" | "downstream"; fraction: number } | undefined;
  private held = false;

  private constructor(
    private readonly listener: Server,
    private readonly targetPort: number,
  ) {
    listener.on("connection", (client) => {
      this.accept(client);
    });
  }

  static async start(targetPort: number): Promise<TcpProxy> {
    const listener = createServer();
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    return new TcpProxy(listener, targetPort);
  }

  get port(): number {
    const address = this.listener.address();
    return typeof address === "object" && address !== null ? address.port : 0;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/`;
  }

  /** Live connections. */
  get size(): number {
    return this.pairs.size;
  }

  /**
   * Cuts every connection now, or in the middle of the next chunk going `point`'s way: the first
   * `fraction` of that chunk is delivered, then both sides are destroyed.
   */
  cut(point: CutPoint = "now", fraction = 0.5): void {
    if (point === "now") {
      for (const pair of [...this.pairs]) this.destroy(pair);
      return;
    }
    this.armed = { point, fraction };
  }

  /** Stops forwarding the server's bytes (they pile up in the server's buffers) until `release`. */
  hold(): void {
    this.held = true;
    for (const pair of this.pairs) pair.server.pause();
  }

  release(): void {
    this.held = false;
    for (const pair of this.pairs) pair.server.resume();
  }

  async close(): Promise<void> {
    this.cut("now");
    await new Promise<void>((resolve) => {
      this.listener.close(() => {
        resolve();
      });
    });
  }

  private accept(client: Socket): void {
    this.accepted++;
    const server = connect(this.targetPort, "127.0.0.1");
    const pair: Pair = { client, server, cutting: false };
    this.pairs.add(pair);
    client.setNoDelay(true);
    server.setNoDelay(true);
    if (this.held) server.pause();
    client.on("data", (chunk: Buffer) => {
      this.forward(pair, "upstream", chunk, server);
    });
    server.on("data", (chunk: Buffer) => {
      this.forward(pair, "downstream", chunk, client);
    });
    for (const socket of [client, server]) {
      socket.on("error", () => {
        this.destroy(pair);
      });
      socket.on("close", () => {
        this.destroy(pair);
      });
    }
  }

  private forward(pair: Pair, way: "upstream" | "downstream", chunk: Buffer, to: Socket): void {
    if (pair.cutting) return;
    const armed = this.armed;
    if (armed?.point === way) {
      this.armed = undefined;
      pair.cutting = true;
      const part = Math.floor(chunk.length * armed.fraction);
      if (part > 0) to.write(chunk.subarray(0, part));
      // Lets the partial write leave before the reset.
      setImmediate(() => {
        this.destroy(pair);
      });
      return;
    }
    to.write(chunk);
  }

  private destroy(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    pair.client.destroy();
    pair.server.destroy();
  }
}
