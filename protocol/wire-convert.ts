/**
 * Converts values between their wire form and their TypeScript form, guided by the WireShape the
 * generator wrote (docs/protocol.md "Frames and messages").
 *
 * | IDL        | TypeScript   | JSON wire       | MessagePack wire                              |
 * | i64, u64   | `bigint`     | decimal string  | integer (a `number` up to 2^53, see msgpack-codec) |
 * | bytes      | `Uint8Array` | base64 string   | bin                                           |
 * | f32        | `number`     | number, rounded to single precision on receipt | the same            |
 *
 * A value whose shape is `null` is returned as it is, with no walk. A value that does not have the
 * expected wire form is left unconverted, so the validator (which checks the TypeScript form)
 * reports it. The binary codec's generated decoders give the TypeScript form already: for it both
 * directions return the value as it is. Browser-safe: no Buffer. Node-free.
 */
import { decodeBase64, encodeBase64 } from "./base64.js";
import type { WireShape } from "./definition.js";
import type { CodecName } from "./messages.js";

export type WireForm = CodecName;
export type Shapes = Readonly<Record<string, WireShape>>;

/** Deeper values are left as they are: the walk must not exhaust the stack on hostile input. */
const MAX_DEPTH = 512;

/** docs/protocol.md "Frames and messages": i64/u64 travel in JSON as canonical decimal strings only. */
const DECIMAL = /^-?(?:0|[1-9][0-9]*)$/;

type Mutable = Record<string, unknown>;

function isRecord(value: unknown): value is Mutable {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

function resolve(shape: WireShape, shapes: Shapes): WireShape | undefined {
  let current: WireShape | undefined = shape;
  // A chain of refs is bounded by the number of named shapes.
  for (let hops = 0; current?.kind === "ref" && hops <= 64; hops++) {
    current = Object.hasOwn(shapes, current.name) ? shapes[current.name] : undefined;
  }
  return current?.kind === "ref" ? undefined : current;
}

function variantShape(
  shape: { readonly variants: Readonly<Record<string, WireShape>> },
  value: Mutable,
): WireShape | undefined {
  const tag = value.kind;
  return typeof tag === "string" && Object.hasOwn(shape.variants, tag) ? shape.variants[tag] : undefined;
}

/**
 * Wire form → TypeScript form. Containers are converted in place (they are fresh from the decoder);
 * the converted value is returned.
 */
export function fromWire(value: unknown, shape: WireShape | null, shapes: Shapes, form: WireForm): unknown {
  return shape === null || form === "binary" ? value : decode(value, shape, shapes, form, 0);
}

function decode(value: unknown, declared: WireShape, shapes: Shapes, form: WireForm, depth: number): unknown {
  const shape = resolve(declared, shapes);
  if (shape === undefined || depth > MAX_DEPTH) return value;
  switch (shape.kind) {
    case "f32":
      // docs/language.md "Built-in types": an f32 holds what binary32 holds, on every codec.
      return typeof value === "number" ? Math.fround(value) : value;
    case "i64":
      if (form === "json") return typeof value === "string" && DECIMAL.test(value) ? BigInt(value) : value;
      // msgpackr gives a bigint past 2^53; a number past it came as a float and lost its digits
      // (1.79e308 would become a 1024-bit bigint), so it stays a number and the validator refuses it.
      return typeof value === "number" && Number.isSafeInteger(value) ? BigInt(value) : value;
    case "bytes":
      if (form === "json") return typeof value === "string" ? (decodeBase64(value) ?? value) : value;
      // msgpackr gives Node Buffers in Node; the TypeScript form is a plain Uint8Array (same memory).
      return value instanceof Uint8Array && value.constructor !== Uint8Array
        ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
        : value;
    case "object":
      if (isRecord(value)) {
        for (const name in shape.fields) {
          const field = shape.fields[name];
          if (field !== undefined && Object.hasOwn(value, name)) {
            value[name] = decode(value[name], field, shapes, form, depth + 1);
          }
        }
      }
      return value;
    case "list":
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++)
          value[i] = decode(value[i], shape.element, shapes, form, depth + 1);
      }
      return value;
    case "map":
      if (isRecord(value)) {
        for (const key of Object.keys(value))
          value[key] = decode(value[key], shape.value, shapes, form, depth + 1);
      }
      return value;
    case "union": {
      const variant = isRecord(value) ? variantShape(shape, value) : undefined;
      return variant === undefined ? value : decode(value, variant, shapes, form, depth + 1);
    }
  }
}

/**
 * TypeScript form → wire form. Never changes `value`: containers on a converted path are copied.
 * MessagePack carries `bigint` and `Uint8Array` natively, and the binary codec's encoders take the
 * TypeScript form, so for them the value is returned as it is. An f32 goes as it is: the receiver
 * rounds it.
 */
export function toWire(value: unknown, shape: WireShape | null, shapes: Shapes, form: WireForm): unknown {
  if (shape === null || form !== "json" || !changesOnJson(shape, shapes)) return value;
  return encodeJson(value, shape, shapes, 0);
}

/** Per `shapes`, whether each shape met so far reaches an i64 or bytes (an f32 alone goes as it is). */
const jsonChanges = new WeakMap<Shapes, WeakMap<WireShape, boolean>>();

/** Whether a value of `shape` has a JSON form of its own: a shape of f32s only is sent without a copy. */
function changesOnJson(shape: WireShape, shapes: Shapes): boolean {
  let known = jsonChanges.get(shapes);
  if (known === undefined) {
    known = new WeakMap();
    jsonChanges.set(shapes, known);
  }
  let changes = known.get(shape);
  if (changes === undefined) {
    changes = reachesJsonForm(shape, shapes, new Set());
    known.set(shape, changes);
  }
  return changes;
}

function reachesJsonForm(shape: WireShape, shapes: Shapes, seen: Set<string>): boolean {
  switch (shape.kind) {
    case "f32":
      return false;
    case "i64":
    case "bytes":
      return true;
    case "object":
      return Object.values(shape.fields).some((field) => reachesJsonForm(field, shapes, seen));
    case "list":
      return reachesJsonForm(shape.element, shapes, seen);
    case "map":
      return reachesJsonForm(shape.value, shapes, seen);
    case "union":
      return Object.values(shape.variants).some((variant) => reachesJsonForm(variant, shapes, seen));
    case "ref": {
      if (seen.has(shape.name)) return false;
      seen.add(shape.name);
      const named = Object.hasOwn(shapes, shape.name) ? shapes[shape.name] : undefined;
      return named !== undefined && reachesJsonForm(named, shapes, seen);
    }
  }
}

function encodeJson(value: unknown, declared: WireShape, shapes: Shapes, depth: number): unknown {
  const shape = resolve(declared, shapes);
  if (shape === undefined || depth > MAX_DEPTH) return value;
  switch (shape.kind) {
    case "f32":
      return value;
    case "i64":
      return typeof value === "bigint" ? value.toString() : value;
    case "bytes":
      return value instanceof Uint8Array ? encodeBase64(value) : value;
    case "object": {
      if (!isRecord(value)) return value;
      const copy: Mutable = { ...value };
      for (const name in shape.fields) {
        const field = shape.fields[name];
        if (field !== undefined && Object.hasOwn(copy, name))
          copy[name] = encodeJson(copy[name], field, shapes, depth + 1);
      }
      return copy;
    }
    case "list":
      return Array.isArray(value)
        ? value.map((item: unknown) => encodeJson(item, shape.element, shapes, depth + 1))
        : value;
    case "map": {
      if (!isRecord(value)) return value;
      const copy: Mutable = {};
      for (const key of Object.keys(value)) {
        // defineProperty: a `__proto__` key stays an own data property, as JSON.parse made it.
        Object.defineProperty(copy, key, {
          value: encodeJson(value[key], shape.value, shapes, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return copy;
    }
    case "union": {
      const variant = isRecord(value) ? variantShape(shape, value) : undefined;
      return variant === undefined ? value : encodeJson(value, variant, shapes, depth + 1);
    }
  }
}
