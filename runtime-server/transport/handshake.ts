/**
 * Checks before a WebSocket upgrade is accepted (docs/protocol.md "Connecting", "Limits and bad input"):
 * origin, connection count, subprotocol. Refusals are plain HTTP answers on the raw socket, as ws does.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { STATUS_CODES } from "node:http";
import { CODECS, type Codec, type CodecName } from "../../protocol/index.js";

export type HandshakeResult =
  { readonly ok: true } | { readonly ok: false; readonly status: number; readonly message: string };

export interface HandshakeOptions {
  readonly allowedOrigins: readonly string[] | undefined;
  readonly codecs: readonly CodecName[];
  readonly maxConnections: number;
}

/** The client's offered subprotocols, in its order of preference. */
export function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers["sec-websocket-protocol"];
  if (header === undefined) return [];
  return header
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

/** docs/protocol.md "Connecting": the first of the client's list that the server supports; none offered → JSON. */
export function pickCodec(offered: Iterable<string>, codecs: readonly CodecName[]): Codec | undefined {
  let any = false;
  for (const protocol of offered) {
    any = true;
    for (const name of codecs) if (CODECS[name].subprotocol === protocol) return CODECS[name];
  }
  return any || !codecs.includes("json") ? undefined : CODECS.json;
}

export function checkHandshake(
  options: HandshakeOptions,
  req: IncomingMessage,
  connections: number,
): HandshakeResult {
  const origin = req.headers.origin;
  // Connections without an Origin header are not browsers, and are not affected.
  if (
    origin !== undefined &&
    options.allowedOrigins !== undefined &&
    !options.allowedOrigins.includes(origin)
  ) {
    return { ok: false, status: 403, message: "Origin not allowed" };
  }
  if (connections >= options.maxConnections)
    return { ok: false, status: 503, message: "Too many connections" };
  if (pickCodec(offeredProtocols(req), options.codecs) === undefined) {
    return { ok: false, status: 400, message: "None of the offered subprotocols is supported" };
  }
  return { ok: true };
}

export function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\n` +
      "Connection: close\r\nContent-Type: text/plain\r\n" +
      `Content-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
  );
}
