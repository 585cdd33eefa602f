/**
 * The binary codec of a schema, made once per `BinarySchema` (docs/protocol.md "The binary
 * codec"): a server makes it when it starts, a client at its first connection, and every later
 * connection shares it. Apart from codecs.ts so that the browser client reaches it without
 * msgpack-codec.ts (and msgpackr). Node-free.
 */
import { createBinaryCodec } from "./binary/binary-codec.js";
import type { BinarySchema } from "./binary/schema.js";
import type { Codec } from "./codec.js";

const made = new WeakMap<BinarySchema, Codec>();

export function binaryCodecFor(schema: BinarySchema): Codec {
  let codec = made.get(schema);
  if (codec === undefined) {
    codec = createBinaryCodec(schema);
    made.set(schema, codec);
  }
  return codec;
}
