/**
 * WebSocket by hand over node:net, for attacks below what `ws` lets a client do: frames of any
 * length, opcode and flag, fragments, half-sent frames, and upgrade requests of any shape. Server
 * frames are parsed just enough to read messages and the close code.
 */
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";

export const OP = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;

export interface FrameOptions {
  fin?: boolean;
  rsv1?: boolean;
  /** Declared payload length, when it should differ from the bytes given (a lie). */
  declaredLength?: number;
}

/** One masked client frame. */
export function frame(opcode: number, payload: Uint8Array | string, options: FrameOptions = {}): Buffer {
  const data = typeof payload === "string" ? Buffer.from(payload, "utf8") : Buffer.from(payload);
  const length = options.declaredLength ?? data.length;
  const first = ((options.fin ?? true) ? 0x80 : 0) | (options.rsv1 === true ? 0x40 : 0) | opcode;
  let header: Buffer;
  if (length < 126) header = Buffer.from([first, 0x80 | length]);
  else if (length < 0x10000) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = 0x80 | 126;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = randomBytes(4);
  const masked = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i++) masked[i] = (data[i] ?? 0) ^ (mask[i & 3] ?? 0);
  return Buffer.concat([header, mask, masked]);
}

export interface ServerFrame {
  readonly opcode: number;
  readonly payload: Buffer;
}

/** A raw connection: what the server sent (HTTP head, frames) and how it ended. */
export class RawSocket {
  head = "";
  readonly frames: ServerFrame[] = [];
  /** Resolves when the TCP connection ends, with the close code of the server's close frame if any. */
  readonly ended: Promise<{ closeCode: number | undefined; head: string }>;
  private buffer = Buffer.alloc(0);
  private upgraded = false;
  private onData: (() => void) | undefined;

  private constructor(readonly socket: Socket) {
    this.ended = new Promise((resolve) => {
      socket.on("close", () => {
        resolve({ closeCode: this.closeCode(), head: this.head });
      });
    });
    socket.on("error", () => undefined);
    socket.on("data", (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.parse();
      this.onData?.();
    });
  }

  static open(port: number): Promise<RawSocket> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => {
        resolve(new RawSocket(socket));
      });
      socket.once("error", reject);
    });
  }

  /** Connects and completes a WebSocket upgrade; rejects with the HTTP status line otherwise. */
  static async upgrade(port: number, protocol = "gidl.v1.json", extra: string[] = []): Promise<RawSocket> {
    const raw = await RawSocket.open(port);
    raw.write(upgradeRequest(protocol, extra));
    await raw.until(() => raw.head !== "" || raw.socket.destroyed);
    if (!raw.head.startsWith("HTTP/1.1 101")) throw new Error(raw.head.split("\r\n")[0] ?? "no answer");
    return raw;
  }

  write(data: Buffer | string): boolean {
    if (this.socket.destroyed) return false;
    return this.socket.write(data);
  }

  /** Sends a hello in a text frame and waits for the welcome. */
  async hello(token?: string): Promise<void> {
    const hello = {
      type: "hello",
      protocol: 1,
      schema: "a".repeat(64),
      ...(token === undefined ? {} : { token }),
    };
    this.write(frame(OP.text, JSON.stringify(hello)));
    await this.until(() => this.messages().some((m) => m.type === "welcome"));
  }

  /** JSON messages received in text frames. */
  messages(): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const f of this.frames) {
      if (f.opcode !== OP.text) continue;
      const decoded = JSON.parse(f.payload.toString("utf8")) as unknown;
      for (const m of Array.isArray(decoded) ? decoded : [decoded]) out.push(m as Record<string, unknown>);
    }
    return out;
  }

  closeCode(): number | undefined {
    const close = this.frames.find((f) => f.opcode === OP.close);
    return close === undefined || close.payload.length < 2 ? undefined : close.payload.readUInt16BE(0);
  }

  /** Waits until `condition` holds (checked on every chunk and on close); bounded by `ms`. */
  until(condition: () => boolean, ms = 5000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.onData = undefined;
        reject(new Error(`condition not met within ${ms} ms; head ${JSON.stringify(this.head)}`));
      }, ms);
      const check = (): void => {
        if (!condition()) return;
        clearTimeout(timer);
        this.onData = undefined;
        resolve();
      };
      this.onData = check;
      void this.ended.then(check);
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private parse(): void {
    if (!this.upgraded) {
      const end = this.buffer.indexOf("\r\n\r\n");
      if (end === -1) {
        this.head = this.buffer.toString("latin1");
        return;
      }
      this.head = this.buffer.subarray(0, end).toString("latin1");
      this.buffer = this.buffer.subarray(end + 4);
      if (!this.head.startsWith("HTTP/1.1 101")) {
        this.head += "\r\n\r\n" + this.buffer.toString("latin1");
        this.buffer = Buffer.alloc(0);
        return;
      }
      this.upgraded = true;
    }
    for (;;) {
      if (this.buffer.length < 2) return;
      const opcode = (this.buffer[0] ?? 0) & 0x0f;
      let length = (this.buffer[1] ?? 0) & 0x7f;
      let at = 2;
      if (length === 126) {
        if (this.buffer.length < 4) return;
        length = this.buffer.readUInt16BE(2);
        at = 4;
      } else if (length === 127) {
        if (this.buffer.length < 10) return;
        length = Number(this.buffer.readBigUInt64BE(2));
        at = 10;
      }
      if (this.buffer.length < at + length) return;
      this.frames.push({ opcode, payload: this.buffer.subarray(at, at + length) });
      this.buffer = this.buffer.subarray(at + length);
    }
  }
}

/** A WebSocket upgrade request; `extra` header lines are added as they are. */
export function upgradeRequest(protocol: string | undefined, extra: string[] = []): string {
  return [
    "GET / HTTP/1.1",
    "Host: 127.0.0.1",
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}`,
    "Sec-WebSocket-Version: 13",
    ...(protocol === undefined ? [] : [`Sec-WebSocket-Protocol: ${protocol}`]),
    ...extra,
    "",
    "",
  ].join("\r\n");
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
