/**
 * The built-in types on the binary codec: the BinaryReader and BinaryWriter method of each
 * (docs/protocol.md "Values") and its TypeScript form.
 */
import type { PrimitiveType } from "../../idl/model.js";

interface PrimitiveCodec {
  readonly write: string;
  readonly read: string;
  readonly ts: string;
}

const codecs: Readonly<Record<PrimitiveType, PrimitiveCodec>> = {
  bool: { write: "bool", read: "bool", ts: "boolean" },
  u8: { write: "uint", read: "uint", ts: "number" },
  u16: { write: "uint", read: "uint", ts: "number" },
  u32: { write: "uint", read: "uint", ts: "number" },
  i8: { write: "int", read: "int", ts: "number" },
  i16: { write: "int", read: "int", ts: "number" },
  i32: { write: "int", read: "int", ts: "number" },
  // docs/protocol.md "Values": the full 64-bit range, as bigint.
  u64: { write: "uint64", read: "uint64", ts: "bigint" },
  i64: { write: "int64", read: "int64", ts: "bigint" },
  f32: { write: "f32", read: "f32", ts: "number" },
  f64: { write: "f64", read: "f64", ts: "number" },
  string: { write: "string", read: "string", ts: "string" },
  // A copy, so that a decoded value does not keep the frame's buffer alive.
  bytes: { write: "bytes", read: "bytesValue", ts: "Uint8Array" },
};

/** `w.uint`: the writer method, to call with the value. */
export function writerMethod(name: PrimitiveType): string {
  return `w.${codecs[name].write}`;
}

/** `r.uint()`. */
export function readPrimitive(name: PrimitiveType): string {
  return `r.${codecs[name].read}()`;
}

export function tsPrimitive(name: PrimitiveType): string {
  return codecs[name].ts;
}
