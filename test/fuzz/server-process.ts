/**
 * The parent side of server-main.ts: bundles it with esbuild (the child runs plain Node.js, with
 * `--expose-gc`), forks it, and asks it for its heap and handles. Heap checks compare against a
 * baseline plus a generous margin: GC timing is noisy, a leak is not.
 */
import { fork, type ChildProcess } from "node:child_process";
import type { Limits } from "../../runtime-server/index.js";
import { bundleChild } from "../setup/bundle-child.js";
import type { ChildReply, ChildRequest } from "./child-ipc.js";

export interface Stats {
  readonly heapUsed: number;
  readonly handles: Readonly<Record<string, number>>;
  readonly connections: number;
}

export class ServerProcess {
  /** Set when the child exits; a crash shows as a code other than 0 or a signal. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly replies: ((reply: ChildReply) => void)[] = [];

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.on("message", (reply: ChildReply) => {
      this.replies.shift()?.(reply);
    });
  }

  /** The arena fixture's server (server-main.ts). */
  static async start(limits: Partial<Limits> = {}, port = 0): Promise<ServerProcess> {
    return ServerProcess.fork(await bundleChild("test/fuzz/server-main.ts"), limits, port);
  }

  /** Any bundled child script that answers as child-ipc.ts does. */
  static async fork(file: string, limits: Partial<Limits> = {}, port = 0): Promise<ServerProcess> {
    const child = fork(file, [], {
      execArgv: ["--expose-gc", "--max-old-space-size=512"],
      env: { ...process.env, GIDL_CHILD_LIMITS: JSON.stringify(limits), GIDL_CHILD_PORT: String(port) },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const listening = await new Promise<ChildReply>((resolve, reject) => {
      child.once("message", resolve);
      child.once("exit", (code) => {
        reject(new Error(`the server process exited with ${String(code)} before listening`));
      });
    });
    if (listening.type !== "listening") throw new Error(`unexpected ${listening.type}`);
    const server = new ServerProcess(child, listening.port);
    child.on("exit", (code, signal) => {
      server.exit = { code, signal };
    });
    return server;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/`;
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  /** Heap after forced GCs, and the child's active handles by kind. */
  async stats(): Promise<Stats> {
    const reply = await this.request({ type: "stats" });
    if (reply.type !== "stats") throw new Error(`unexpected ${reply.type}`);
    return reply;
  }

  async emitNews(count: number): Promise<void> {
    await this.request({ type: "emit", count });
  }

  /** Graceful close (clients see 1001); the process stays up until `stop`. */
  async close(): Promise<void> {
    await this.request({ type: "close" });
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((resolve) =>
      this.child.once("exit", () => {
        resolve();
      }),
    );
    this.child.disconnect();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  }

  private request(request: ChildRequest): Promise<ChildReply> {
    return new Promise((resolve, reject) => {
      if (!this.alive) {
        reject(new Error("the server process is gone"));
        return;
      }
      this.replies.push(resolve);
      this.child.send(request);
    });
  }
}

/** Polls `stats` until `ok` holds or `tries` run out (GC and socket teardown settle over time). */
export async function settle(
  server: ServerProcess,
  ok: (stats: Stats) => boolean,
  tries = 20,
): Promise<Stats> {
  let stats = await server.stats();
  for (let i = 1; i < tries && !ok(stats); i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    stats = await server.stats();
  }
  return stats;
}
