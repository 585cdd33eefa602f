/**
 * The `WireShape`s of protocol/definition.ts: where a value's wire form differs from
 * its TypeScript form (i64/u64 as decimal strings, bytes as base64 in JSON, f32 rounded to single
 * precision on receipt), so that decoders walk only what needs converting. Everything else is `null`.
 */
import type { WireShape } from "../../protocol/definition.js";
import type { Field, Model, TypeDeclaration, TypeRef } from "../../idl/model.js";

export interface WireShapes {
  /** The shape of a type reference; `null` when it travels as it is. */
  ofType(ref: TypeRef): WireShape | null;
  /** The shape of an object of fields (params, payloads); `null` when none needs converting. */
  ofFields(fields: readonly Field[]): WireShape | null;
  /** The named types that need converting, in model order: `ApiDefinition.shapes`. */
  named(): Record<string, WireShape>;
}

export function createWireShapes(model: Model): WireShapes {
  const converting = typesNeedingConversion(model);
  const namedNeedsConverting = (name: string): boolean => converting.has(name);

  function ofType(ref: TypeRef): WireShape | null {
    switch (ref.kind) {
      case "primitive":
        if (ref.name === "i64" || ref.name === "u64") return { kind: "i64" };
        if (ref.name === "f32") return { kind: "f32" };
        return ref.name === "bytes" ? { kind: "bytes" } : null;
      case "list": {
        const element = ofType(ref.element);
        return element === null ? null : { kind: "list", element };
      }
      case "map": {
        const value = ofType(ref.value);
        return value === null ? null : { kind: "map", value };
      }
      case "named":
        // Named types go through `shapes` by reference: they may be recursive.
        return namedNeedsConverting(ref.name) ? { kind: "ref", name: ref.name } : null;
    }
  }

  function ofFields(fields: readonly Field[]): WireShape | null {
    const shapes: Record<string, WireShape> = {};
    for (const field of fields) {
      const shape = ofType(field.type);
      if (shape !== null) shapes[field.name] = shape;
    }
    return Object.keys(shapes).length === 0 ? null : { kind: "object", fields: shapes };
  }

  function ofDeclaration(declaration: TypeDeclaration): WireShape | null {
    switch (declaration.kind) {
      case "alias":
        return ofType(declaration.type);
      case "struct":
        return ofFields(declaration.fields);
      case "enum":
        return null;
      case "union": {
        const variants: Record<string, WireShape> = {};
        for (const variant of declaration.variants) {
          const shape = ofType({ kind: "named", name: variant.struct });
          if (shape !== null) variants[variant.tag] = shape;
        }
        return Object.keys(variants).length === 0 ? null : { kind: "union", variants };
      }
    }
  }

  return {
    ofType,
    ofFields,
    named() {
      const shapes: Record<string, WireShape> = {};
      for (const declaration of model.types) {
        if (!namedNeedsConverting(declaration.name)) continue;
        const shape = ofDeclaration(declaration);
        if (shape !== null) shapes[declaration.name] = shape;
      }
      return shapes;
    },
  };
}

/**
 * The named types that reach an i64, u64, f32 or bytes: those that hold one directly, then whatever
 * refers to those, walking the references backwards once (recursive types included).
 */
function typesNeedingConversion(model: Model): Set<string> {
  const referrers = new Map<string, string[]>();
  const found = new Set<string>();
  const pending: string[] = [];
  for (const declaration of model.types) {
    for (const ref of referencedTypes(declaration)) {
      const named: string[] = [];
      if (holdsConverted(ref, named) && !found.has(declaration.name)) {
        found.add(declaration.name);
        pending.push(declaration.name);
      }
      for (const name of named) {
        const list = referrers.get(name);
        if (list === undefined) referrers.set(name, [declaration.name]);
        else list.push(declaration.name);
      }
    }
  }
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    for (const referrer of referrers.get(name) ?? []) {
      if (found.has(referrer)) continue;
      found.add(referrer);
      pending.push(referrer);
    }
  }
  return found;
}

/** Whether `ref` holds an i64, u64, f32 or bytes itself (not through a named type); collects the names it refers to. */
function holdsConverted(ref: TypeRef, named: string[]): boolean {
  switch (ref.kind) {
    case "primitive":
      return isConverted(ref.name);
    case "list":
      return holdsConverted(ref.element, named);
    case "map":
      return holdsConverted(ref.value, named);
    case "named":
      named.push(ref.name);
      return false;
  }
}

function isConverted(name: string): boolean {
  return name === "i64" || name === "u64" || name === "f32" || name === "bytes";
}

function referencedTypes(declaration: TypeDeclaration): TypeRef[] {
  switch (declaration.kind) {
    case "alias":
      return [declaration.type];
    case "struct":
      return declaration.fields.map((field) => field.type);
    case "enum":
      return [];
    case "union":
      return declaration.variants.map((variant): TypeRef => ({ kind: "named", name: variant.struct }));
  }
}
