/**
 * Which subprotocols a client offers and which codec a connection then speaks (docs/protocol.md
 * "Connecting", "Negotiation"; docs/client.md "Options"). JSON and binary are at hand; the
 * MessagePack codec, and msgpackr with it, is loaded the first time a connection needs it, so a
 * bundler splits it into a chunk that a client on JSON or binary never fetches. Browser-safe.
 */
import type { BinarySchema } from "../protocol/binary/schema.js";
import { binaryCodecFor } from "../protocol/binary-codecs.js";
import type { Codec } from "../protocol/codec.js";
import { jsonCodec } from "../protocol/json-codec.js";
import { SUBPROTOCOLS, type CodecName } from "../protocol/messages.js";

let msgpack: Codec | undefined;
let loading: Promise<Codec> | undefined;

/**
 * The subprotocols to offer, in order. Binary falls back on MessagePack before JSON, so that a
 * client of an older schema the server still accepts keeps a compact codec (docs/protocol.md
 * "Negotiation"). `binary` is defined when `preferred` is "binary" (resolveOptions checks it).
 */
export function offeredSubprotocols(preferred: CodecName, binary: BinarySchema | undefined): string[] {
  if (preferred === "json") return [SUBPROTOCOLS.json, SUBPROTOCOLS.msgpack];
  if (preferred === "msgpack" || binary === undefined) return [SUBPROTOCOLS.msgpack, SUBPROTOCOLS.json];
  return [binaryCodecFor(binary).subprotocol, SUBPROTOCOLS.msgpack, SUBPROTOCOLS.json];
}

/** Loads the MessagePack codec once for all connections; a failed load is tried again next time. */
export function loadMsgpackCodec(): Promise<Codec> {
  loading ??= import("../protocol/msgpack-codec.js").then(
    (module) => (msgpack = module.msgpackCodec),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/**
 * The codec of the negotiated subprotocol (`""`: none was chosen, which means JSON): the codec, a
 * promise of it while MessagePack loads, or `undefined` for one this client cannot speak.
 */
export function negotiatedCodec(
  subprotocol: string,
  binary: BinarySchema | undefined,
): Codec | Promise<Codec> | undefined {
  if (subprotocol === "" || subprotocol === SUBPROTOCOLS.json) return jsonCodec;
  if (subprotocol === SUBPROTOCOLS.msgpack) return msgpack ?? loadMsgpackCodec();
  if (binary === undefined) return undefined;
  const codec = binaryCodecFor(binary);
  return subprotocol === codec.subprotocol ? codec : undefined;
}
