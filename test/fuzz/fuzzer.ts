/**
 * The fuzzer (docs/security.md "Fuzzing (`test/fuzz/`)"): connections that each say hello (most of
 * them) and then send a run of random and mutated frames, in both codecs, against a live server.
 * Each connection must end in an answer or a documented close code: after its run it sends a valid
 * ping and waits for the pong or the close. A canary player keeps calling throughout, to show that
 * others are still served.
 */
import { WebSocket } from "ws";
import type { Codec as WireCodec } from "../../protocol/index.js";
import { BinaryMutator } from "../vectors/mutate-binary.js";
import { FrameSource, type Codec, type FuzzFrame } from "./mutate.js";

/** The close codes the server may send (docs/protocol.md "Close codes"); 1005/1006 without a frame. */
export const DOCUMENTED_CLOSES = new Set([
  1000, 1001, 1002, 1005, 1006, 1007, 1009, 4000, 4001, 4002, 4003, 4004, 4008, 4029,
]);

export interface FuzzOptions {
  readonly url: string;
  readonly frames: number;
  readonly seed: number;
  /** Connections fuzzing at once. */
  readonly concurrency?: number;
  /** Longest run of frames on one connection. */
  readonly maxRun?: number;
  readonly onProgress?: (sent: number) => void;
  /** False once the server is gone: the run stops instead of knocking on a closed port. */
  readonly serverAlive?: () => boolean;
  /** Every connection speaks the binary codec instead (docs/protocol.md "The binary codec"). */
  readonly binary?: BinaryFuzz;
  /** What the canary calls; by default the arena fixture's `game.whoami`. */
  readonly canary?: CanaryScript;
}

export interface BinaryFuzz {
  /** The server's binary codec (from its generated binary.ts). */
  readonly codec: WireCodec;
  readonly hash: string;
  /** Frames to send as they are and to mutate: the test vectors'. */
  readonly corpus: readonly Uint8Array[];
}

export interface CanaryScript {
  readonly schema: string;
  readonly method: string;
  readonly params: unknown;
  /** Whether a result is the one the canary must get. */
  readonly check: (result: unknown) => boolean;
}

const ARENA_CANARY: CanaryScript = {
  schema: "a".repeat(64),
  method: "game.whoami",
  params: {},
  check: (result) => (result as { playerId?: string } | undefined)?.playerId === "canary",
};

export interface FuzzReport {
  framesSent: number;
  connections: number;
  /** How connections ended: a close code, or "alive" when the final ping was answered. */
  readonly endings: Record<string, number>;
  /** Connections that neither answered nor closed in time, or closed with an undocumented code. */
  readonly problems: string[];
  canaryCalls: number;
  readonly canaryFailures: string[];
}

const WAIT_MS = 10_000;

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const source = new FrameSource(options.seed);
  const binary =
    options.binary === undefined
      ? undefined
      : { ...options.binary, mutator: new BinaryMutator(options.seed, options.binary.corpus) };
  const report: FuzzReport = {
    framesSent: 0,
    connections: 0,
    endings: {},
    problems: [],
    canaryCalls: 0,
    canaryFailures: [],
  };
  /** The first problems are kept; a broken server would otherwise fill memory with them. */
  const problem = (text: string): void => {
    if (report.problems.length < 100 && !report.problems.includes(text)) report.problems.push(text);
  };
  const canary = await Canary.start(options.url, options.canary ?? ARENA_CANARY);
  const workers = Array.from({ length: options.concurrency ?? 8 }, async () => {
    while (report.framesSent < options.frames) {
      if (options.serverAlive?.() === false) {
        problem("the server process died");
        return;
      }
      const run = 1 + source.int(options.maxRun ?? 300);
      const remaining = options.frames - report.framesSent;
      report.connections++;
      const index = report.connections;
      try {
        const dialect = binary === undefined ? textDialect(source) : binaryDialect(source, binary);
        const ending = await fuzzConnection(
          options.url,
          source,
          dialect,
          Math.min(run, remaining),
          index,
          (n) => {
            report.framesSent += n;
          },
        );
        report.endings[ending] = (report.endings[ending] ?? 0) + 1;
        if (ending !== "alive" && !DOCUMENTED_CLOSES.has(Number(ending))) {
          problem(`connection ${index}: ${ending}`);
        }
      } catch (error) {
        problem(`connection ${index}: ${error instanceof Error ? error.message : String(error)}`);
      }
      options.onProgress?.(report.framesSent);
    }
  });
  await Promise.all(workers);
  const canaryResult = await canary.stop();
  report.canaryCalls = canaryResult.calls;
  report.canaryFailures.push(...canaryResult.failures);
  return report;
}

/** What one connection offers and sends, and how it recognises the final pong. */
interface Dialect {
  readonly protocols: string[];
  hello(player: string): FuzzFrame;
  frame(i: number): FuzzFrame;
  ping(t: number): FuzzFrame;
  isPong(data: Buffer, isBinary: boolean, t: number): boolean;
}

/** JSON or MessagePack, at random: FrameSource's frames. */
function textDialect(source: FrameSource): Dialect {
  const codec: Codec = source.int(2) === 0 ? "json" : "msgpack";
  return {
    protocols: [codec === "json" ? "gidl.v1.json" : "gidl.v1.msgpack"],
    hello: (player) => source.hello(codec, player),
    frame: (i) => source.frame(codec, i),
    ping: (t) => source.encode({ type: "ping", t }, codec),
    // The final probe's pong carries t = -index; finding it in the raw bytes is enough.
    isPong: (data, isBinary) => (isBinary ? data.toString("latin1") : data.toString("utf8")).includes("pong"),
  };
}

/** The binary codec: mostly mutated vectors, some as they are, some noise, a few text frames. */
function binaryDialect(source: FrameSource, binary: BinaryFuzz & { mutator: BinaryMutator }): Dialect {
  const { codec, corpus, mutator } = binary;
  const bytes = (data: Uint8Array): FuzzFrame => ({ data, text: false });
  return {
    protocols: [codec.subprotocol],
    hello: (player) =>
      bytes(codec.encode({ type: "hello", protocol: 1, schema: binary.hash, token: player }) as Uint8Array),
    frame: () => {
      const roll = source.int(100);
      if (roll < 65) return bytes(mutator.next());
      if (roll < 90) return bytes(source.pick(corpus));
      if (roll < 99 || source.int(5) !== 0) {
        return bytes(Uint8Array.from({ length: source.int(64) }, () => source.int(256)));
      }
      // A text frame is a bad frame on this codec (docs/protocol.md "The binary codec"); valid
      // UTF-8, so that it reaches the server rather than ws's 1007.
      return { data: Buffer.from(Buffer.from(mutator.next()).toString("hex")), text: true };
    },
    ping: (t) => bytes(codec.encode({ type: "ping", t }) as Uint8Array),
    isPong: (data, isBinary, t) => {
      if (!isBinary) return false;
      try {
        const decoded = codec.decode(new Uint8Array(data));
        const messages = (Array.isArray(decoded) ? decoded : [decoded]) as { type?: string; t?: number }[];
        return messages.some((m) => m.type === "pong" && m.t === t);
      } catch {
        return false;
      }
    },
  };
}

async function fuzzConnection(
  url: string,
  source: FrameSource,
  dialect: Dialect,
  frames: number,
  index: number,
  sent: (count: number) => void,
): Promise<string> {
  const socket = new WebSocket(url, dialect.protocols);
  const ended = new Promise<number>((resolve) =>
    socket.once("close", (code) => {
      resolve(code);
    }),
  );
  socket.on("error", () => undefined);
  let answered = false;
  let pongOf = -1;
  socket.on("message", (data: Buffer, isBinary) => {
    answered = true;
    if (dialect.isPong(data, isBinary, -index)) pongOf = index;
  });
  const opened = await Promise.race([
    new Promise<boolean>((resolve) =>
      socket.once("open", () => {
        resolve(true);
      }),
    ),
    ended.then(() => false),
  ]);
  if (!opened) return `refused at the handshake`;
  const send = (frame: FuzzFrame): boolean => {
    if (socket.readyState !== WebSocket.OPEN) return false;
    socket.send(frame.data, { binary: !frame.text });
    return true;
  };
  // One connection in ten fuzzes before its hello.
  if (source.int(10) !== 0) send(dialect.hello(`f${index % 64}`));
  // Only frames that went out count; a connection the server closed takes no more.
  for (let i = 0; i < frames && send(dialect.frame(i + 1)); i++) {
    sent(1);
    if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
  }
  pongOf = -1;
  send(dialect.ping(-index));
  const outcome = await Promise.race([
    ended.then((code) => String(code)),
    new Promise<string>((resolve) => {
      const poll = setInterval(() => {
        if (pongOf === index) {
          clearInterval(poll);
          resolve("alive");
        }
      }, 5);
      setTimeout(() => {
        clearInterval(poll);
        resolve(answered ? "alive-without-pong" : "hung");
      }, WAIT_MS);
    }),
  ]);
  if (socket.readyState === WebSocket.OPEN) socket.close(1000);
  else socket.terminate();
  return outcome;
}

/** A well-behaved player calling every 50 ms; each call must be answered. */
class Canary {
  calls = 0;
  readonly failures: string[] = [];
  private stopped = false;
  private loop: Promise<void> = Promise.resolve();

  private constructor(
    private readonly socket: WebSocket,
    private readonly script: CanaryScript,
  ) {}

  static async start(url: string, script: CanaryScript): Promise<Canary> {
    const socket = new WebSocket(url, ["gidl.v1.json"]);
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => {
        resolve();
      });
      socket.once("error", reject);
    });
    const canary = new Canary(socket, script);
    const welcome = canary.next((m) => m.type === "welcome");
    socket.send(JSON.stringify({ type: "hello", protocol: 1, schema: script.schema, token: "canary" }));
    await welcome;
    canary.loop = canary.run();
    return canary;
  }

  async stop(): Promise<{ calls: number; failures: string[] }> {
    this.stopped = true;
    await this.loop;
    this.socket.close(1000);
    return { calls: this.calls, failures: this.failures };
  }

  private async run(): Promise<void> {
    for (let id = 1; !this.stopped; id++) {
      const answer = this.next((m) => m.type === "response" && m.id === id);
      const { method, params } = this.script;
      this.socket.send(JSON.stringify({ type: "rpc", id, method, params }));
      try {
        const response = await answer;
        this.calls++;
        if (!this.script.check(response.result)) {
          this.failures.push(`call ${id}: ${JSON.stringify(response)}`);
        }
      } catch (error) {
        this.failures.push(`call ${id}: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private next(match: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.off("message", listener);
        reject(new Error(`canary: no answer within ${WAIT_MS} ms`));
      }, WAIT_MS);
      const listener = (data: Buffer): void => {
        const decoded = JSON.parse(data.toString("utf8")) as unknown;
        for (const m of Array.isArray(decoded) ? decoded : [decoded]) {
          if (match(m as Record<string, unknown>)) {
            clearTimeout(timer);
            this.socket.off("message", listener);
            resolve(m as Record<string, unknown>);
            return;
          }
        }
      };
      this.socket.on("message", listener);
    });
  }
}
