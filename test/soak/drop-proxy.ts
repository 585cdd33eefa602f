/**
 * A TCP proxy that drops connections at random (the soak runs' 5% random drops): each chunk from the
 * client is, with probability `dropRate`, the last — both sides are destroyed without a close frame
 * instead of forwarding it, so the call it carried may or may not have reached the server.
 */
import { connect, createServer, type Socket } from "node:net";

export class DropProxy {
  drops = 0;
  port = 0;
  private readonly sockets = new Set<Socket>();
  private readonly server = createServer((client) => {
    this.pipe(client);
  });

  private constructor(
    private readonly upstreamPort: number,
    private readonly dropRate: number,
    private readonly random: () => number,
  ) {}

  static async start(upstreamPort: number, dropRate: number, random: () => number): Promise<DropProxy> {
    const proxy = new DropProxy(upstreamPort, dropRate, random);
    await new Promise<void>((resolve) => proxy.server.listen(0, "127.0.0.1", resolve));
    const address = proxy.server.address();
    proxy.port = typeof address === "object" && address !== null ? address.port : 0;
    return proxy;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.upstreamPort, "127.0.0.1");
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("error", () => undefined);
    }
    let upgraded = false;
    client.on("data", (chunk: Buffer) => {
      // The upgrade request always passes: drops hit WebSocket traffic, not handshakes.
      if (upgraded && this.random() < this.dropRate) {
        this.drops++;
        client.destroy();
        upstream.destroy();
        return;
      }
      upgraded = true;
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      client.write(chunk);
    });
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  }
}
