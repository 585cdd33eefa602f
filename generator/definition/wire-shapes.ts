/**
 * The `WireShape`s of runtime-client/protocol/definition.ts: where a value's wire form differs from
 * its TypeScript form (i64/u64 as decimal strings, bytes as base64 in JSON), so that decoders walk
 * only what needs converting. Everything else is `null`.
 */
import type { WireShape } from "../../runtime-client/protocol/definition.js";
import type { Field, Model, TypeDeclaration, TypeRef } from "../../idl/model.js";
import { findType } from "../context.js";

export interface WireShapes {
  /** The shape of a type reference; `null` when it travels as it is. */
  ofType(ref: TypeRef): WireShape | null;
  /** The shape of an object of fields (params, payloads); `null` when none needs converting. */
  ofFields(fields: readonly Field[]): WireShape | null;
  /** The named types that need converting, in model order: `ApiDefinition.shapes`. */
  named(): Record<string, WireShape>;
}

export function createWireShapes(model: Model): WireShapes {
  const needsCache = new Map<string, boolean>();

  /** Whether a named type reaches an i64, u64 or bytes: a search that tolerates recursive types. */
  function namedNeedsConverting(name: string): boolean {
    const cached = needsCache.get(name);
    if (cached !== undefined) return cached;
    const seen = new Set<string>();
    const reaches = (ref: TypeRef): boolean => {
      switch (ref.kind) {
        case "primitive":
          return isConverted(ref.name);
        case "list":
          return reaches(ref.element);
        case "map":
          return reaches(ref.value);
        case "named":
          if (seen.has(ref.name)) return false;
          seen.add(ref.name);
          return referencedTypes(findType(model, ref.name)).some(reaches);
      }
    };
    const result = reaches({ kind: "named", name });
    needsCache.set(name, result);
    return result;
  }

  function ofType(ref: TypeRef): WireShape | null {
    switch (ref.kind) {
      case "primitive":
        if (ref.name === "i64" || ref.name === "u64") return { kind: "i64" };
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

function isConverted(name: string): boolean {
  return name === "i64" || name === "u64" || name === "bytes";
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
