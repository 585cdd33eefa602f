/**
 * A raw `ws` connection offering only the binary token of binary.gidl, for sending the vectors'
 * frames byte for byte; what arrives is decoded with the real codec. No gidl runtime code.
 */
import { WebSocket } from "ws";
import type { Codec } from "../../protocol/index.js";

export type Message = Record<string, unknown> & { type: string };

/** Bounds every wait, so that a broken server fails a test instead of hanging it. */
const WAIT_MS = 5000;

export class BinarySocket {
  readonly received: Message[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private wake: (() => void) | undefined;

  private constructor(
    readonly socket: WebSocket,
    private readonly codec: Codec,
  ) {
    this.closed = new Promise((resolve) => {
      socket.on("close", (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.wake?.();
      });
    });
    socket.on("message", (data: Buffer, isBinary) => {
      const decoded = isBinary ? codec.decode(new Uint8Array(data)) : { type: "text frame" };
      for (const message of Array.isArray(decoded) ? decoded : [decoded])
        this.received.push(message as Message);
      this.wake?.();
    });
  }

  static open(url: string, codec: Codec): Promise<BinarySocket> {
    const socket = new WebSocket(url, [codec.subprotocol]);
    const client = new BinarySocket(socket, codec);
    return new Promise((resolve, reject) => {
      socket.once("open", () => {
        if (socket.protocol === codec.subprotocol) resolve(client);
        else reject(new Error(`the server chose "${socket.protocol}", not the binary token`));
      });
      socket.once("error", reject);
    });
  }

  send(message: unknown): void {
    this.socket.send(this.codec.encode(message));
  }

  sendBytes(bytes: Uint8Array): void {
    this.socket.send(bytes, { binary: true });
  }

  /** Takes every message received up to and including the first that matches. */
  async until(match: (message: Message) => boolean): Promise<Message[]> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const at = this.received.findIndex(match);
      if (at >= 0) return this.received.splice(0, at + 1);
      if (this.socket.readyState !== WebSocket.OPEN)
        throw new Error(`closed; received ${show(this.received)}`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no matching message within ${WAIT_MS} ms; received ${show(this.received)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}

function show(messages: readonly unknown[]): string {
  return JSON.stringify(messages, (_key, value: unknown) =>
    typeof value === "bigint" ? value.toString() : value instanceof Uint8Array ? [...value] : value,
  );
}
