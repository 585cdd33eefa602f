/**
 * Type declarations and every type expression of the schema: resolution, the rules of fields,
 * enums, unions and the session declaration, alias cycles, and types that can never be finite.
 */
import type {
  EnumDeclarationNode,
  FieldNode,
  SessionDeclarationNode,
  UnionDeclarationNode,
} from "../syntax/ast.js";
import type { SourceFile } from "../syntax/source-file.js";
import type { TypeRef } from "../model.js";
import { builtinTypes } from "../builtins.js";
import type { CheckContext } from "./context.js";
import { reportDuplicate } from "./declarations.js";
import { aliasTarget, describeType, resolveType, symbolKind, underlying } from "./type-refs.js";

/** Names that break JavaScript objects as keys (prototype pollution; docs/language.md "Structs"). */
const RESERVED_FIELD_NAMES: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

export function checkTypes(context: CheckContext): void {
  for (const { file, document } of context.files) {
    for (const declaration of document.declarations) {
      switch (declaration.kind) {
        case "AliasDeclaration":
          resolveType(context, file, declaration.type);
          break;
        case "EnumDeclaration":
          checkEnum(context, file, declaration);
          break;
        case "StructDeclaration":
        case "ErrorDeclaration":
          checkFields(context, file, declaration.fields ?? [], "field");
          break;
        case "UnionDeclaration":
          for (const variant of declaration.variants) resolveType(context, file, variant.type);
          break;
        case "SessionDeclaration":
          checkFields(context, file, declaration.fields, "field");
          break;
        case "ServiceDeclaration":
          for (const member of declaration.members) {
            if (member.kind === "Event") {
              checkFields(context, file, member.fields, "field");
            } else {
              checkFields(context, file, member.params, "parameter");
              if (member.kind === "Rpc" && member.result !== undefined) {
                resolveType(context, file, member.result);
              }
            }
          }
          break;
        default:
          break;
      }
    }
  }
  // These need every name resolved first.
  for (const { file, document } of context.files) {
    for (const declaration of document.declarations) {
      if (declaration.kind === "UnionDeclaration") checkUnion(context, file, declaration);
    }
  }
  if (context.session !== undefined) {
    checkSession(context, context.session.file, context.session.node);
    // Now the built-in session types can name the real settings struct (it matters for cycles:
    // settings that require a SessionInfo would require themselves).
    const settings = sessionSettingsType(context);
    if (settings !== null) {
      for (const declaration of builtinTypes(settings)) {
        context.types.set(declaration.name, { kind: "builtin", declaration });
      }
    }
  }
  checkAliasCycles(context);
  checkInfiniteTypes(context);
}

/** Resolves each field's type and reports duplicate and reserved names within one list. */
export function checkFields(
  context: CheckContext,
  file: SourceFile,
  fields: readonly FieldNode[],
  what: "field" | "parameter",
): void {
  const seen = new Map<string, FieldNode>();
  for (const field of fields) {
    const name = field.name.text;
    if (RESERVED_FIELD_NAMES.has(name)) {
      context.report(file, field.name, "reserved-field-name", { name, what });
    }
    const first = seen.get(name);
    if (first !== undefined) reportDuplicate(context, file, field.name, what, { file, name: first.name });
    else seen.set(name, field);
    resolveType(context, file, field.type);
  }
}

function checkEnum(context: CheckContext, file: SourceFile, declaration: EnumDeclarationNode): void {
  if (declaration.members.length === 0) {
    context.report(file, declaration.name, "empty-enum", { name: declaration.name.text });
  }
  const seen = new Map<string, (typeof declaration.members)[number]>();
  for (const member of declaration.members) {
    const first = seen.get(member.name.text);
    if (first !== undefined)
      reportDuplicate(context, file, member.name, "enum member", { file, name: first.name });
    else seen.set(member.name.text, member);
  }
}

function checkUnion(context: CheckContext, file: SourceFile, declaration: UnionDeclarationNode): void {
  if (declaration.variants.length === 0) {
    context.report(file, declaration.name, "empty-union", { name: declaration.name.text });
  }
  const seen = new Map<string, (typeof declaration.variants)[number]>();
  for (const variant of declaration.variants) {
    const first = seen.get(variant.name.text);
    if (first !== undefined)
      reportDuplicate(context, file, variant.name, "union variant", { file, name: first.name });
    else seen.set(variant.name.text, variant);

    const ref = context.resolved.get(variant.type);
    if (ref === undefined) continue;
    const target = underlying(context, ref);
    if (target === undefined) continue;
    const struct = structFields(context, target);
    if (struct === undefined) {
      context.report(file, variant.type, "union-variant-not-struct", {
        name: variant.name.text,
        what: describeType(context, target),
      });
    } else if (struct.includes("kind")) {
      context.report(file, variant.type, "union-variant-has-kind", {
        name: variant.name.text,
        struct: target.kind === "named" ? target.name : "",
      });
    }
  }
}

/** The field names of a struct type, or `undefined` when the type is not a struct. */
function structFields(context: CheckContext, ref: TypeRef): string[] | undefined {
  if (ref.kind !== "named") return undefined;
  const symbol = context.types.get(ref.name);
  if (symbol === undefined) return undefined;
  if (symbol.kind === "builtin") {
    return symbol.declaration.kind === "struct" ? symbol.declaration.fields.map((f) => f.name) : undefined;
  }
  return symbol.node.kind === "StructDeclaration" ? symbol.node.fields.map((f) => f.name.text) : undefined;
}

/** docs/language.md "The session": `session Name { settings: T; }` with T a struct, and nothing else. */
function checkSession(context: CheckContext, file: SourceFile, declaration: SessionDeclarationNode): void {
  const settings = declaration.fields.find((field) => field.name.text === "settings");
  for (const field of declaration.fields) {
    if (field !== settings) context.report(file, field.name, "session-settings", {});
  }
  if (settings === undefined) {
    context.report(file, declaration.name, "session-settings", {});
    return;
  }
  if (settings.optional) context.report(file, settings.name, "session-settings", {});
  const ref = context.resolved.get(settings.type);
  const target = ref === undefined ? undefined : underlying(context, ref);
  if (target !== undefined && structFields(context, target) === undefined) {
    context.report(
      file,
      settings.type,
      "session-settings",
      {},
      `${describeType(context, target)} is not a struct`,
    );
  }
}

/** The settings struct's name, once `checkSession` found the declaration sound. */
export function sessionSettingsType(context: CheckContext): string | null {
  const session = context.session;
  if (session === undefined) return null;
  const settings = session.node.fields.find((field) => field.name.text === "settings");
  const ref = settings === undefined ? undefined : context.resolved.get(settings.type);
  const target = ref === undefined ? undefined : underlying(context, ref);
  return target?.kind === "named" ? target.name : null;
}

/** `type A = B; type B = A;` never reaches a real type. Recursion through list or map is fine. */
function checkAliasCycles(context: CheckContext): void {
  const reported = new Set<string>();
  for (const [name, symbol] of context.types) {
    if (symbol.kind !== "user" || symbol.node.kind !== "AliasDeclaration" || reported.has(name)) continue;
    const chain: string[] = [];
    let current: string | undefined = name;
    while (current !== undefined && !chain.includes(current)) {
      chain.push(current);
      const next = context.types.get(current);
      if (next === undefined || symbolKind(next) !== "alias") break;
      const target = aliasTarget(context, next);
      current = target?.kind === "named" ? target.name : undefined;
    }
    if (current !== name) continue;
    for (const member of chain) reported.add(member);
    context.report(
      symbol.file,
      symbol.node.name,
      "alias-cycle",
      { name },
      `the cycle: ${[...chain, name].join(" → ")}`,
    );
  }
}

interface Edge {
  /** "Node.next", to explain the cycle. */
  readonly label: string;
  readonly target: string;
}

/**
 * docs/language.md "Structs": a struct that requires itself can never be finite. A struct is finite
 * when all its required fields are; a union when at least one variant is. Optional fields, lists,
 * maps, primitives and enums always are. Computed as a fixpoint, then each cycle is reported once.
 */
function checkInfiniteTypes(context: CheckContext): void {
  const requirements = new Map<string, { kind: "struct" | "union"; edges: Edge[] }>();
  for (const [name, symbol] of context.types) {
    const kind = symbolKind(symbol);
    if (kind !== "struct" && kind !== "union") continue;
    requirements.set(name, { kind, edges: requiredEdges(context, name) });
  }

  const finite = new Set<string>();
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, { kind, edges }] of requirements) {
      if (finite.has(name)) continue;
      const isFinite =
        kind === "struct"
          ? edges.every((edge) => finite.has(edge.target))
          : edges.length === 0 || edges.some((edge) => finite.has(edge.target));
      if (isFinite) {
        finite.add(name);
        changed = true;
      }
    }
  }

  const reported = new Set<string>();
  for (const [name, symbol] of context.types) {
    if (symbol.kind !== "user" || !requirements.has(name) || finite.has(name) || reported.has(name)) continue;
    const path = findCycle(name, requirements, finite);
    if (path === undefined) continue;
    for (const edge of path) reported.add(edge.target);
    context.report(symbol.file, symbol.node.name, "infinite-type", {
      name,
      path: [...path.map((edge) => edge.label), name].join(" → "),
    });
  }
}

/** The struct and union types a value of `name` must contain (for a union: one of them). */
function requiredEdges(context: CheckContext, name: string): Edge[] {
  const symbol = context.types.get(name);
  if (symbol === undefined) return [];
  const refs: { label: string; ref: TypeRef | undefined }[] = [];
  if (symbol.kind === "builtin") {
    const declaration = symbol.declaration;
    if (declaration.kind === "struct") {
      for (const field of declaration.fields) {
        if (!field.optional) refs.push({ label: `${name}.${field.name}`, ref: field.type });
      }
    }
  } else if (symbol.node.kind === "StructDeclaration") {
    for (const field of symbol.node.fields) {
      if (!field.optional)
        refs.push({ label: `${name}.${field.name.text}`, ref: context.resolved.get(field.type) });
    }
  } else if (symbol.node.kind === "UnionDeclaration") {
    for (const variant of symbol.node.variants) {
      refs.push({ label: `${name}.${variant.name.text}`, ref: context.resolved.get(variant.type) });
    }
  }
  const edges: Edge[] = [];
  for (const { label, ref } of refs) {
    // An unresolved type was reported already; counting it as finite avoids a second error.
    const target = ref === undefined ? undefined : underlying(context, ref);
    if (target?.kind !== "named") continue;
    const kind = context.types.get(target.name);
    if (kind !== undefined && (symbolKind(kind) === "struct" || symbolKind(kind) === "union")) {
      edges.push({ label, target: target.name });
    }
  }
  return edges;
}

function findCycle(
  start: string,
  requirements: ReadonlyMap<string, { edges: Edge[] }>,
  finite: ReadonlySet<string>,
): Edge[] | undefined {
  const visited = new Set<string>();
  const path: Edge[] = [];
  const visit = (name: string): boolean => {
    visited.add(name);
    for (const edge of requirements.get(name)?.edges ?? []) {
      if (finite.has(edge.target)) continue;
      path.push(edge);
      if (edge.target === start) return true;
      if (!visited.has(edge.target) && visit(edge.target)) return true;
      path.pop();
    }
    return false;
  };
  return visit(start) ? path : undefined;
}
