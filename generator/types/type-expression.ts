/** The TypeScript form of schema types (docs/language.md "Built-in types"). */
import type { PrimitiveType, TypeRef } from "../../idl/model.js";
import { typeName } from "../framework/naming.js";

const primitiveTypes: Record<PrimitiveType, string> = {
  bool: "boolean",
  i8: "number",
  i16: "number",
  i32: "number",
  u8: "number",
  u16: "number",
  u32: "number",
  // docs/language.md "Built-in types": 64-bit integers do not fit a double; they are bigint.
  i64: "bigint",
  u64: "bigint",
  f32: "number",
  f64: "number",
  string: "string",
  bytes: "Uint8Array",
};

export function tsType(ref: TypeRef): string {
  switch (ref.kind) {
    case "primitive":
      return primitiveTypes[ref.name];
    case "list":
      return `${tsType(ref.element)}[]`;
    case "map":
      return `Record<string, ${tsType(ref.value)}>`;
    case "named":
      return typeName(ref.name);
  }
}

/** An rpc's result type; `void` when it returns nothing. */
export function tsResultType(ref: TypeRef | null): string {
  return ref === null ? "void" : tsType(ref);
}
