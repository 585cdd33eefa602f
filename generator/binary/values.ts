/**
 * One value inside a generated function: a built-in type is a reader or writer call in place, any
 * other type a call of its own function (docs/protocol.md "Values").
 */
import { call, type Statement } from "./code.js";
import type { CodecPlan, CodecRef } from "./plan.js";
import { readPrimitive, writerMethod } from "./primitives.js";

/** Writes `value` (an expression) of type `ref`. */
export function writeValue(plan: CodecPlan, ref: CodecRef, value: string): Statement {
  if (ref.kind === "primitive") return call(writerMethod(ref.name), [value]);
  return call(`encode${plan.functionName(ref)}`, ["w", value]);
}

/** An expression that reads a value of type `ref`. */
export function readValue(plan: CodecPlan, ref: CodecRef): string {
  return ref.kind === "primitive" ? readPrimitive(ref.name) : `decode${plan.functionName(ref)}(r)`;
}
