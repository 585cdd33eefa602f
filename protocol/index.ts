/**
 * The protocol module: everything both runtimes share, importing nothing from Node.js
 * (docs/architecture.md "The rooms"). gidl/server imports from here.
 */
export * from "./messages.js";
export * from "./error-codes.js";
export * from "./game-error.js";
export * from "./codec.js";
export { jsonCodec } from "./json-codec.js";
export { msgpackCodec } from "./msgpack-codec.js";
export * from "./binary/reader.js";
export * from "./binary/writer.js";
export type * from "./binary/schema.js";
export { createBinaryCodec } from "./binary/binary-codec.js";
export { CODECS, codecForSubprotocol } from "./codecs.js";
export { fromWire, toWire, type WireForm, type Shapes } from "./wire-convert.js";
export { toProblems, MAX_PROBLEMS, type Problem } from "./validation.js";
export { encodeBase64, decodeBase64 } from "./base64.js";
export type * from "./definition.js";
