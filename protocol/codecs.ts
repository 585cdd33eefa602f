/** The codecs by name. */
import type { Codec } from "./codec.js";
import { jsonCodec } from "./json-codec.js";
import type { CodecName } from "./messages.js";
import { msgpackCodec } from "./msgpack-codec.js";

export const CODECS: Readonly<Record<CodecName, Codec>> = { json: jsonCodec, msgpack: msgpackCodec };

/** The codec a negotiated subprotocol names; `undefined` for any other. */
export function codecForSubprotocol(subprotocol: string): Codec | undefined {
  if (subprotocol === jsonCodec.subprotocol) return jsonCodec;
  if (subprotocol === msgpackCodec.subprotocol) return msgpackCodec;
  return undefined;
}
