/**
 * What values a use of a type admits, with aliases seen through and every constraint on the way
 * gathered: the form in which `gidl diff` compares an old type with a new one. Type names are
 * not part of the wire, so a renamed type with the same shape is the same type to the diff.
 */
import type {
  Constraints,
  EnumType,
  Format,
  Model,
  PrimitiveType,
  StructType,
  TypeDeclaration,
  TypeRef,
  UnionType,
} from "../../idl/model.js";

/** Inclusive bounds; `null` means "no bound of its own" for lengths. */
export interface Bounds<T> {
  readonly min: T;
  readonly max: T;
}

export type TypeView =
  | {
      readonly kind: "number";
      readonly primitive: PrimitiveType;
      readonly integral: boolean;
      readonly range: Bounds<number>;
    }
  | { readonly kind: "bigint"; readonly primitive: PrimitiveType; readonly range: Bounds<bigint> }
  | { readonly kind: "bool" }
  | {
      readonly kind: "string";
      readonly length: Bounds<number>;
      readonly patterns: readonly string[];
      readonly formats: readonly Format[];
    }
  | { readonly kind: "bytes"; readonly length: Bounds<number> }
  | { readonly kind: "list"; readonly element: TypeRef; readonly length: Bounds<number> }
  | { readonly kind: "map"; readonly value: TypeRef; readonly length: Bounds<number> }
  | { readonly kind: "struct"; readonly type: StructType }
  | { readonly kind: "enum"; readonly type: EnumType }
  | { readonly kind: "union"; readonly type: UnionType };

const UNBOUNDED: Bounds<number> = { min: 0, max: Infinity };
const F32_MAX = 3.4028234663852886e38;

const numberRanges: Partial<Record<PrimitiveType, Bounds<number>>> = {
  i8: { min: -128, max: 127 },
  i16: { min: -32768, max: 32767 },
  i32: { min: -2147483648, max: 2147483647 },
  u8: { min: 0, max: 255 },
  u16: { min: 0, max: 65535 },
  u32: { min: 0, max: 4294967295 },
  f32: { min: -F32_MAX, max: F32_MAX },
  f64: { min: -Number.MAX_VALUE, max: Number.MAX_VALUE },
};

const bigintRanges: Partial<Record<PrimitiveType, Bounds<bigint>>> = {
  i64: { min: -(2n ** 63n), max: 2n ** 63n - 1n },
  u64: { min: 0n, max: 2n ** 64n - 1n },
};

export class TypeViews {
  private readonly types: ReadonlyMap<string, TypeDeclaration>;

  constructor(model: Model) {
    this.types = new Map(model.types.map((type) => [type.name, type]));
  }

  declaration(name: string): TypeDeclaration | undefined {
    return this.types.get(name);
  }

  /** The view of one use of `ref` with the use's own constraints. */
  view(ref: TypeRef, constraints: Constraints): TypeView {
    const gathered: Constraints[] = [constraints];
    let current = ref;
    const seen = new Set<string>();
    while (current.kind === "named") {
      const type = this.types.get(current.name);
      if (type === undefined)
        throw new Error(`gidl internal error: unknown type ${current.name} in a compiled model`);
      if (type.kind !== "alias") return declaredView(type);
      if (seen.has(type.name)) throw new Error(`gidl internal error: alias ${type.name} refers to itself`);
      seen.add(type.name);
      gathered.push(type.constraints);
      current = type.type;
    }
    switch (current.kind) {
      case "list":
        return { kind: "list", element: current.element, length: lengthOf(gathered) };
      case "map":
        return { kind: "map", value: current.value, length: lengthOf(gathered) };
      case "primitive":
        return primitiveView(current.name, gathered);
    }
  }
}

function declaredView(type: Exclude<TypeDeclaration, { kind: "alias" }>): TypeView {
  switch (type.kind) {
    case "struct":
      return { kind: "struct", type };
    case "enum":
      return { kind: "enum", type };
    case "union":
      return { kind: "union", type };
  }
}

function primitiveView(name: PrimitiveType, gathered: readonly Constraints[]): TypeView {
  if (name === "bool") return { kind: "bool" };
  if (name === "string") {
    return {
      kind: "string",
      length: lengthOf(gathered),
      patterns: [...new Set(gathered.flatMap((c) => (c.pattern === undefined ? [] : [c.pattern])))],
      formats: [...new Set(gathered.flatMap((c) => (c.format === undefined ? [] : [c.format])))],
    };
  }
  if (name === "bytes") return { kind: "bytes", length: lengthOf(gathered) };
  const big = bigintRanges[name];
  if (big !== undefined) {
    let { min, max } = big;
    for (const { range } of gathered) {
      if (range === undefined) continue;
      min = maxOf(min, BigInt(range.min));
      max = minOf(max, BigInt(range.max));
    }
    return { kind: "bigint", primitive: name, range: { min, max } };
  }
  let { min, max } = numberRanges[name] ?? { min: -Infinity, max: Infinity };
  for (const { range } of gathered) {
    if (range === undefined) continue;
    min = Math.max(min, Number(range.min));
    max = Math.min(max, Number(range.max));
  }
  return { kind: "number", primitive: name, integral: name !== "f32" && name !== "f64", range: { min, max } };
}

/** Every `@length` on the way applies, so the bounds are their intersection. */
function lengthOf(gathered: readonly Constraints[]): Bounds<number> {
  let { min, max } = UNBOUNDED;
  for (const { length } of gathered) {
    if (length === undefined) continue;
    min = Math.max(min, length.min);
    max = Math.min(max, length.max);
  }
  return { min, max };
}

const maxOf = (a: bigint, b: bigint): bigint => (a > b ? a : b);
const minOf = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/** How a type reads in a message: as written in the schema. */
export function describeRef(ref: TypeRef): string {
  switch (ref.kind) {
    case "primitive":
      return ref.name;
    case "named":
      return ref.name;
    case "list":
      return `list<${describeRef(ref.element)}>`;
    case "map":
      return `map<string, ${describeRef(ref.value)}>`;
  }
}

/** `0..255`, `1..` (no upper bound) — how bounds read in a message. */
export function describeBounds(bounds: Bounds<number> | Bounds<bigint>): string {
  const max = bounds.max === Infinity ? "" : String(bounds.max);
  return `${String(bounds.min)}..${max}`;
}
