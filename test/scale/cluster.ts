/**
 * A Redis of the test's own (a free loopback port, no persistence) and gidl server processes on
 * it (node-server.ts, bundled with esbuild so that plain `node` runs it; its "gidl/server" import
 * resolves to dist/, which test/setup/build.ts keeps fresh).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { createClient, type Client, type ClientOptions } from "../runtime-e2e/fixtures/generated/client.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
// Inside the package, so that the bundle's "gidl/server" self-reference finds package.json.
const bundle = path.join(root, "node_modules/.cache/gidl-scale/node-server.mjs");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

function waitForLine(child: ChildProcess, prefix: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString();
      const line = buffered.split("\n").find((l) => l.includes(prefix));
      if (line !== undefined) {
        child.stdout?.off("data", onData);
        resolve(line);
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => {
      reject(new Error(`process exited (${String(code)}) before "${prefix}"`));
    });
  });
}

export class RedisProcess {
  private constructor(
    readonly port: number,
    private child: ChildProcess,
  ) {}

  static async start(port?: number): Promise<RedisProcess> {
    const chosen = port ?? (await freePort());
    const child = spawn(
      "redis-server",
      ["--port", String(chosen), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await waitForLine(child, "Ready to accept connections");
    return new RedisProcess(chosen, child);
  }

  get url(): string {
    return `redis://127.0.0.1:${String(this.port)}`;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGKILL");
    await exited;
  }
}

export class NodeProcess {
  constructor(
    readonly nodeId: string,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {}

  get url(): string {
    return `ws://127.0.0.1:${String(this.port)}/`;
  }

  command(command: object): void {
    this.child.stdin?.write(`${JSON.stringify(command)}\n`);
  }

  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill(signal);
    await exited;
  }
}

let built: Promise<unknown> | undefined;

export async function startNode(
  redisUrl: string,
  nodeId: string,
  nodeTtlMs = 1500,
  resumeWindowMs = 30_000,
): Promise<NodeProcess> {
  built ??= (async () => {
    mkdirSync(path.dirname(bundle), { recursive: true });
    await build({
      entryPoints: [path.join(root, "test/scale/node-server.ts")],
      bundle: true,
      platform: "node",
      format: "esm",
      packages: "external",
      outfile: bundle,
      logLevel: "silent",
    });
  })();
  await built;
  const port = await freePort();
  const argv = [bundle, redisUrl, String(port), nodeId, String(nodeTtlMs), String(resumeWindowMs)];
  const child = spawn(process.execPath, argv, {
    stdio: ["pipe", "pipe", "inherit"],
  });
  await waitForLine(child, "ready ");
  return new NodeProcess(nodeId, port, child);
}

/** A generated client; every client made is closed by `closeClients`. */
const clients: Client[] = [];

export function client(url: string, token: string, options: Partial<ClientOptions> = {}): Client {
  const created = createClient({ url, token, reconnect: { baseMs: 20, maxMs: 200 }, ...options });
  clients.push(created);
  return created;
}

export async function closeClients(): Promise<void> {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
}

/** Resolves with the events of `name` a client receives, once there are `count`. */
export function collect<T>(
  subscribe: (handler: (data: T) => void) => () => void,
  count: number,
  timeoutMs = 10_000,
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const seen: T[] = [];
    const timer = setTimeout(() => {
      off();
      reject(new Error(`only ${String(seen.length)} of ${String(count)} events arrived`));
    }, timeoutMs);
    const off = subscribe((data) => {
      seen.push(data);
      if (seen.length === count) {
        clearTimeout(timer);
        off();
        resolve(seen);
      }
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
