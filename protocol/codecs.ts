/**
 * The codecs by name, for gidl/server and the testkit. The browser client does not import this
 * file: it loads the MessagePack codec only when a connection needs it (runtime-client/codec-choice.ts).
 */
import type { BinarySchema } from "./binary/schema.js";
import { binaryCodecFor } from "./binary-codecs.js";
import type { Codec } from "./codec.js";
import { jsonCodec } from "./json-codec.js";
import { msgpackCodec } from "./msgpack-codec.js";

export { binaryCodecFor } from "./binary-codecs.js";

/** The codecs that do not depend on the schema; the binary one is `binaryCodecFor(schema)`. */
export const CODECS: Readonly<Record<"json" | "msgpack", Codec>> = { json: jsonCodec, msgpack: msgpackCodec };

/**
 * The codec a negotiated subprotocol names; `undefined` for any other, a binary token of another
 * schema included (docs/protocol.md "Negotiation").
 */
export function codecForSubprotocol(subprotocol: string, binary?: BinarySchema): Codec | undefined {
  if (subprotocol === jsonCodec.subprotocol) return jsonCodec;
  if (subprotocol === msgpackCodec.subprotocol) return msgpackCodec;
  if (binary === undefined) return undefined;
  const codec = binaryCodecFor(binary);
  return subprotocol === codec.subprotocol ? codec : undefined;
}
