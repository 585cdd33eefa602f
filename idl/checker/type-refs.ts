/**
 * Resolving type expressions to model `TypeRef`s, and the small questions later passes ask of
 * a resolved type: what it is underneath its aliases, and how to name it in a message.
 */
import type { IdentifierNode, TypeNode } from "../syntax/ast.js";
import type { SourceFile } from "../syntax/source-file.js";
import type { PrimitiveType, TypeDeclaration, TypeRef } from "../model.js";
import type { CheckContext, TypeSymbol } from "./context.js";
import { didYouMean } from "./suggest.js";

export const PRIMITIVE_TYPES: readonly PrimitiveType[] = [
  "bool",
  "i8",
  "i16",
  "i32",
  "u8",
  "u16",
  "u32",
  "i64",
  "u64",
  "f32",
  "f64",
  "string",
  "bytes",
];

const primitiveSet: ReadonlySet<string> = new Set(PRIMITIVE_TYPES);

export function isPrimitive(name: string): name is PrimitiveType {
  return primitiveSet.has(name);
}

/** Resolves a type expression, records every resolved node, and reports what cannot resolve. */
export function resolveType(context: CheckContext, file: SourceFile, node: TypeNode): TypeRef | undefined {
  const ref = resolve(context, file, node);
  if (ref !== undefined) context.resolved.set(node, ref);
  return ref;
}

function resolve(context: CheckContext, file: SourceFile, node: TypeNode): TypeRef | undefined {
  switch (node.kind) {
    case "NamedType":
      return resolveName(context, file, node.name);
    case "ListType": {
      const element = resolveType(context, file, node.element);
      return element === undefined ? undefined : { kind: "list", element };
    }
    case "MapType": {
      const keyIsString = node.key.kind === "NamedType" && node.key.name.text === "string";
      if (!keyIsString) {
        const hint =
          node.key.kind === "NamedType" && context.types.get(node.key.name.text)?.kind === "user"
            ? "a key type cannot carry constraints: write map<string, …>"
            : undefined;
        context.report(file, node.key, "map-key-not-string", { type: formatTypeNode(node.key) }, hint);
      }
      const value = resolveType(context, file, node.value);
      return value === undefined || !keyIsString ? undefined : { kind: "map", value };
    }
  }
}

function resolveName(context: CheckContext, file: SourceFile, name: IdentifierNode): TypeRef | undefined {
  if (isPrimitive(name.text)) return { kind: "primitive", name: name.text };
  if (context.types.has(name.text)) return { kind: "named", name: name.text };
  const other = context.errors.has(name.text)
    ? "an error"
    : context.services.has(name.text)
      ? "a service"
      : context.session?.node.name.text === name.text
        ? "the session kind"
        : undefined;
  if (other !== undefined) {
    context.report(file, name, "not-a-type", { name: name.text, what: other });
    return undefined;
  }
  // A type that lost its declaration to a duplicate or reserved name was already reported.
  if (isClaimedElsewhere(context, name.text)) return undefined;
  context.report(
    file,
    name,
    "unknown-type",
    { name: name.text },
    didYouMean(name.text, [...PRIMITIVE_TYPES, ...context.types.keys()]),
  );
  return undefined;
}

function isClaimedElsewhere(context: CheckContext, name: string): boolean {
  for (const { document } of context.files) {
    for (const declaration of document.declarations) {
      if (
        (declaration.kind === "AliasDeclaration" ||
          declaration.kind === "EnumDeclaration" ||
          declaration.kind === "StructDeclaration" ||
          declaration.kind === "UnionDeclaration") &&
        declaration.name.text === name
      ) {
        return true;
      }
    }
  }
  return false;
}

/** The declaration kind behind a named type: "alias", "struct", "enum" or "union". */
export function symbolKind(symbol: TypeSymbol): TypeDeclaration["kind"] {
  if (symbol.kind === "builtin") return symbol.declaration.kind;
  switch (symbol.node.kind) {
    case "AliasDeclaration":
      return "alias";
    case "EnumDeclaration":
      return "enum";
    case "StructDeclaration":
      return "struct";
    case "UnionDeclaration":
      return "union";
  }
}

/** The type an alias stands for, one step; `undefined` when it did not resolve. */
export function aliasTarget(context: CheckContext, symbol: TypeSymbol): TypeRef | undefined {
  if (symbol.kind === "builtin")
    return symbol.declaration.kind === "alias" ? symbol.declaration.type : undefined;
  if (symbol.node.kind !== "AliasDeclaration") return undefined;
  return context.resolved.get(symbol.node.type);
}

/** Follows aliases to the type underneath; `undefined` for an unresolved type or an alias cycle. */
export function underlying(context: CheckContext, ref: TypeRef): TypeRef | undefined {
  const seen = new Set<string>();
  let current: TypeRef | undefined = ref;
  while (current?.kind === "named") {
    const symbol = context.types.get(current.name);
    if (symbol === undefined || symbolKind(symbol) !== "alias") return current;
    if (seen.has(current.name)) return undefined;
    seen.add(current.name);
    current = aliasTarget(context, symbol);
  }
  return current;
}

/** "u8", "list<string>", "struct 'Vec2'": how a message names a (resolved) type. */
export function describeType(context: CheckContext, ref: TypeRef): string {
  switch (ref.kind) {
    case "primitive":
      return ref.name;
    case "list":
      return "a list";
    case "map":
      return "a map";
    case "named": {
      const symbol = context.types.get(ref.name);
      return symbol === undefined ? `'${ref.name}'` : `${symbolKind(symbol)} '${ref.name}'`;
    }
  }
}

export function formatTypeNode(node: TypeNode): string {
  switch (node.kind) {
    case "NamedType":
      return node.name.text;
    case "ListType":
      return `list<${formatTypeNode(node.element)}>`;
    case "MapType":
      return `map<${formatTypeNode(node.key)}, ${formatTypeNode(node.value)}>`;
  }
}

export function formatTypeRef(ref: TypeRef): string {
  switch (ref.kind) {
    case "primitive":
    case "named":
      return ref.name;
    case "list":
      return `list<${formatTypeRef(ref.element)}>`;
    case "map":
      return `map<string, ${formatTypeRef(ref.value)}>`;
  }
}
