/**
 * Checks before a WebSocket upgrade is accepted (docs/protocol.md "Connecting", "Limits and bad input"):
 * origin, connection count, subprotocol. Refusals are plain HTTP answers on the raw socket, as ws does.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { STATUS_CODES } from "node:http";
import type { BinarySchema } from "../../protocol/binary/schema.js";
import { binaryCodecFor, CODECS } from "../../protocol/codecs.js";
import { BINARY_SUBPROTOCOL_PREFIX, type Codec } from "../../protocol/index.js";
import type { CodecChoice } from "../types.js";

export type HandshakeResult =
  { readonly ok: true } | { readonly ok: false; readonly status: number; readonly message: string };

export interface HandshakeOptions {
  readonly allowedOrigins: readonly string[] | undefined;
  /** The codecs the server supports (their order does not matter: the client's does). */
  readonly codecs: readonly Codec[];
  readonly maxConnections: number;
}

/**
 * docs/server.md "Options", `codecs`: the set the server supports, by default every codec the
 * generated definition allows (binary needs its generated schema).
 */
export function resolveCodecs(
  choice: readonly CodecChoice[] | undefined,
  binary: BinarySchema | undefined,
): Codec[] {
  const names: readonly unknown[] =
    choice ?? (binary === undefined ? ["json", "msgpack"] : ["binary", "json", "msgpack"]);
  return names.map((name) => {
    if (name === "json" || name === "msgpack") return CODECS[name];
    if (name !== "binary") {
      throw new TypeError(
        `Server option "codecs" lists ${JSON.stringify(name)}; the codecs are "binary", "json" and "msgpack"`,
      );
    }
    if (binary === undefined) {
      throw new TypeError(
        'Server option "codecs" lists "binary", but the definition has no binary schema: regenerate the server code',
      );
    }
    return binaryCodecFor(binary);
  });
}

/**
 * Whether a connection counts in gidl_codec_fallbacks_total: its client offered a binary token
 * first and got another codec (docs/protocol.md "Negotiation").
 */
export function isBinaryFallback(offered: readonly string[], chosen: Codec): boolean {
  return chosen.name !== "binary" && offered[0]?.startsWith(BINARY_SUBPROTOCOL_PREFIX) === true;
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

/**
 * docs/protocol.md "Connecting": the first of the client's list that the server supports; none
 * offered → JSON. The binary codec's subprotocol carries the server's own hash, so a binary token
 * of another schema matches nothing and the next offer is tried (docs/protocol.md "Negotiation").
 */
export function pickCodec(offered: Iterable<string>, codecs: readonly Codec[]): Codec | undefined {
  let any = false;
  for (const protocol of offered) {
    any = true;
    for (const codec of codecs) if (codec.subprotocol === protocol) return codec;
  }
  return any ? undefined : codecs.find((codec) => codec.name === "json");
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
