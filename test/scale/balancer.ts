/** A TCP load balancer the test steers: which node new connections reach, and cutting them. */
import { connect, createServer, type Server, type Socket } from "node:net";

export class Balancer {
  /** The port new connections are forwarded to; 0 refuses them (closed at once). */
  target = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly listener: Server) {
    listener.on("connection", (client) => {
      this.accept(client);
    });
  }

  static async start(target: number): Promise<Balancer> {
    const listener = createServer();
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const balancer = new Balancer(listener);
    balancer.target = target;
    return balancer;
  }

  get url(): string {
    const address = this.listener.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    return `ws://127.0.0.1:${String(port)}/`;
  }

  /** Drops every connection without a close frame, as a network failure would. */
  cut(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) =>
      this.listener.close(() => {
        resolve();
      }),
    );
  }

  private accept(client: Socket): void {
    if (this.target === 0) {
      client.destroy();
      return;
    }
    const server = connect(this.target, "127.0.0.1");
    for (const socket of [client, server]) {
      this.sockets.add(socket);
      socket.on("error", () => socket.destroy());
      socket.on("close", () => {
        this.sockets.delete(socket);
        client.destroy();
        server.destroy();
      });
    }
    client.pipe(server);
    server.pipe(client);
  }
}
