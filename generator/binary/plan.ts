/**
 * What binary.ts needs to know about the model before it prints a line: each type as the codec
 * sees it (aliases seen through), which types can reach a union (their decoders attach a problem's
 * path), and the names of the generated functions, handed out once so that none clashes.
 */
import type { EnumType, Model, PrimitiveType, StructType, TypeRef, UnionType } from "../../idl/model.js";
import { findType } from "../context.js";
import { typeName } from "../framework/naming.js";
import { tsPrimitive } from "./primitives.js";

/**
 * A type reference with aliases seen through, except an alias of a list or map: that one is a
 * function of its own (`type Tree = list<Tree>` is recursive without any struct).
 */
export type CodecRef =
  | { readonly kind: "primitive"; readonly name: PrimitiveType }
  | { readonly kind: "list"; readonly element: CodecRef }
  | { readonly kind: "map"; readonly value: CodecRef }
  | { readonly kind: "struct"; readonly declaration: StructType }
  | { readonly kind: "enum"; readonly declaration: EnumType }
  | { readonly kind: "union"; readonly declaration: UnionType }
  /** An alias of a list or map, by name; `type` is what it stands for (resolved when printed). */
  | { readonly kind: "container"; readonly name: string; readonly type: TypeRef };

/** Names the generated file declares besides the `encodeX`/`decodeX` pairs. */
export const FIXED_NAMES = [
  "binary",
  "types",
  "noFields",
  "codec",
  "encodingError",
  "notAMember",
  "notAVariant",
  "under",
  "unknownVariant",
  "outsideMembers",
  "setEntry",
] as const;

export interface CodecPlan {
  readonly model: Model;
  /** The codec's view of a type reference. */
  resolve(ref: TypeRef): CodecRef;
  /** The struct of a union variant (a variant may name an alias of a struct). */
  variantStruct(name: string): StructType;
  /** Whether decoding a value of `ref` can meet a union (and so a `BinaryValueError` to place). */
  reachesUnion(ref: CodecRef): boolean;
  /** `X` of the `encodeX`/`decodeX` pair of a named type, container or primitive; allocated once. */
  functionName(ref: CodecRef): string;
  /** `X` of the variant decoder `decodeX` of a union's variant. */
  variantFunctionName(union: UnionType, tag: string): string;
  /** `X` of the pair of a params object, payload or error details (`CombatAttackParams`). */
  memberFunctionName(typeName: string): string;
  /** The lists, maps and primitives given a pair so far, in order of first use; grows as code is printed. */
  readonly extraFunctions: readonly CodecRef[];
}

export function createCodecPlan(model: Model): CodecPlan {
  const taken = new Set<string>(FIXED_NAMES);
  const names = new Map<string, string>();
  const extraFunctions: CodecRef[] = [];

  /** A free base name: `X` such that neither `encodeX` nor `decodeX` is declared yet. */
  function allocate(base: string): string {
    let name = base;
    for (let n = 2; taken.has(`encode${name}`) || taken.has(`decode${name}`); n++) name = `${base}${n}`;
    taken.add(`encode${name}`);
    taken.add(`decode${name}`);
    return name;
  }

  // Named types first, in model order: their names are the ones a reader looks for.
  for (const declaration of model.types) {
    if (declaration.kind !== "alias" || isContainer(declaration.type)) {
      names.set(`named:${declaration.name}`, allocate(typeName(declaration.name)));
    }
  }

  function resolve(ref: TypeRef): CodecRef {
    switch (ref.kind) {
      case "primitive":
        return ref;
      case "list":
        return { kind: "list", element: resolve(ref.element) };
      case "map":
        return { kind: "map", value: resolve(ref.value) };
      case "named":
        return resolveNamed(ref.name);
    }
  }

  function resolveNamed(name: string): CodecRef {
    const declaration = findType(model, name);
    switch (declaration.kind) {
      case "alias":
        // A container alias is referred to by name, which stops the recursion of `list<Tree>`.
        return isContainer(declaration.type)
          ? { kind: "container", name, type: declaration.type }
          : resolve(declaration.type);
      case "struct":
        return { kind: "struct", declaration };
      case "enum":
        return { kind: "enum", declaration };
      case "union":
        return { kind: "union", declaration };
    }
  }

  function variantStruct(name: string): StructType {
    const resolved = resolveNamed(name);
    if (resolved.kind !== "struct")
      throw new Error(`gidl internal error: union variant ${name} is not a struct`);
    return resolved.declaration;
  }

  const reaching = namesReachingUnions(model);

  function reachesUnion(ref: CodecRef): boolean {
    switch (ref.kind) {
      case "primitive":
      case "enum":
        return false;
      case "list":
        return reachesUnion(ref.element);
      case "map":
        return reachesUnion(ref.value);
      case "union":
        return true;
      case "struct":
        return reaching.has(ref.declaration.name);
      case "container":
        return reaching.has(ref.name);
    }
  }

  function functionName(ref: CodecRef): string {
    const key = codecKey(ref);
    const known = names.get(key);
    if (known !== undefined) return known;
    const name = allocate(baseName(ref));
    names.set(key, name);
    extraFunctions.push(ref);
    return name;
  }

  return {
    model,
    resolve,
    variantStruct,
    reachesUnion,
    functionName,
    variantFunctionName: (union, tag) => allocate(`${typeName(union.name)}${upperFirst(tag)}`),
    memberFunctionName: allocate,
    extraFunctions,
  };
}

function isContainer(ref: TypeRef): boolean {
  return ref.kind === "list" || ref.kind === "map";
}

/** What identifies a function: a named type by its name, a container by its element types. */
function codecKey(ref: CodecRef): string {
  switch (ref.kind) {
    case "primitive":
      return ref.name;
    case "list":
      return `list<${codecKey(ref.element)}>`;
    case "map":
      return `map<${codecKey(ref.value)}>`;
    case "struct":
    case "enum":
    case "union":
      return `named:${ref.declaration.name}`;
    case "container":
      return `named:${ref.name}`;
  }
}

/** `ListOfMapOfVec2`, `String`, `Weapon`. */
function baseName(ref: CodecRef): string {
  switch (ref.kind) {
    case "primitive":
      return upperFirst(ref.name);
    case "list":
      return `ListOf${baseName(ref.element)}`;
    case "map":
      return `MapOf${baseName(ref.value)}`;
    case "struct":
    case "enum":
    case "union":
      return typeName(ref.declaration.name);
    case "container":
      return typeName(ref.name);
  }
}

/** The TypeScript type of a value of `ref`, naming types.ts's types through `types.`. */
export function tsCodecType(ref: CodecRef): string {
  switch (ref.kind) {
    case "primitive":
      return tsPrimitive(ref.name);
    case "list":
      return `${tsCodecType(ref.element)}[]`;
    case "map":
      return `Record<string, ${tsCodecType(ref.value)}>`;
    case "struct":
    case "enum":
    case "union":
      return `types.${typeName(ref.declaration.name)}`;
    case "container":
      return `types.${typeName(ref.name)}`;
  }
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The named types whose values can hold a union: unions, then whatever refers to one, walking the
 * references backwards once (recursive types included).
 */
function namesReachingUnions(model: Model): Set<string> {
  const referrers = new Map<string, string[]>();
  const found = new Set<string>();
  const pending: string[] = [];
  for (const declaration of model.types) {
    if (declaration.kind === "union") {
      found.add(declaration.name);
      pending.push(declaration.name);
    }
    const refs =
      declaration.kind === "struct"
        ? declaration.fields.map((field) => field.type)
        : declaration.kind === "alias"
          ? [declaration.type]
          : [];
    for (const ref of refs) {
      for (const name of namedLeaves(ref)) {
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

function namedLeaves(ref: TypeRef): string[] {
  switch (ref.kind) {
    case "primitive":
      return [];
    case "list":
      return namedLeaves(ref.element);
    case "map":
      return namedLeaves(ref.value);
    case "named":
      return [ref.name];
  }
}
