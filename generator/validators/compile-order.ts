/**
 * The order in which ajv compiles the validator schemas, so that no compile recurses deeply.
 *
 * ajv compiles a `$ref`'s target, when it is not compiled yet, from inside the compile of the
 * schema that refers to it, and so on down the chain: a schema whose types refer to each other
 * hundreds deep (every large schema) overflows the stack. Compiling leaves first (a depth-first
 * post-order of the references) means every target is already compiled — except along a cycle,
 * where the reference that closes it (a back edge of the search) points at a schema still being
 * searched. Those references become `gidlLateRef` (keywords.ts), which names the target's
 * function without compiling it. The search itself keeps its own stack, so depth costs nothing.
 */
import type { IdentifiedSchema, Schema } from "./schemas.js";

/** How deep writing the standalone module may recurse (a few frames of ajv's per level). */
const WRITE_DEPTH = 32;

export interface CompileOrder {
  /** Every schema reachable from the roots, each after the schemas it refers to (but cycles). */
  readonly order: readonly string[];
  /**
   * The schemas to hand ajv's standaloneCode as exports besides the validators, in `order`, so
   * that it never recurses deeper than WRITE_DEPTH to write a function's dependencies: those at
   * the top of a longer chain of direct references. (Not all of them: standaloneCode joins its
   * exports' code quadratically.)
   */
  readonly anchors: ReadonlySet<string>;
  /** The schemas in `order`, with each reference that closes a cycle turned into `gidlLateRef`. */
  readonly schemas: readonly IdentifiedSchema[];
}

export function compileOrder(schemas: readonly IdentifiedSchema[], roots: Iterable<string>): CompileOrder {
  const byId = new Map(schemas.map((entry) => [entry.$id, entry.schema]));
  const references = new Map<string, readonly string[]>();
  const referencesOf = (id: string): readonly string[] => {
    let found = references.get(id);
    if (found === undefined) {
      const schema = byId.get(id);
      if (schema === undefined) throw new Error(`gidl internal error: no validator schema ${id}`);
      found = [...new Set(collectReferences(schema, []))];
      references.set(id, found);
    }
    return found;
  };

  const order: string[] = [];
  const done = new Set<string>();
  const searching = new Set<string>();
  const late = new Map<string, Set<string>>();
  // The longest chain of direct references below each finished schema, anchors cutting it.
  const height = new Map<string, number>();
  const anchors = new Set<string>();
  for (const root of roots) {
    if (done.has(root)) continue;
    // Each frame: a schema and how many of its references have been followed.
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    searching.add(root);
    for (let frame = stack.at(-1); frame !== undefined; frame = stack.at(-1)) {
      const targets = referencesOf(frame.id);
      const target = targets[frame.next];
      if (target === undefined) {
        stack.pop();
        searching.delete(frame.id);
        done.add(frame.id);
        order.push(frame.id);
        const closing = late.get(frame.id);
        let below = 0;
        for (const direct of targets) {
          if (closing?.has(direct) !== true) below = Math.max(below, height.get(direct) ?? 0);
        }
        if (below + 1 >= WRITE_DEPTH) anchors.add(frame.id);
        height.set(frame.id, anchors.has(frame.id) ? 0 : below + 1);
        continue;
      }
      frame.next++;
      if (done.has(target)) continue;
      if (searching.has(target)) {
        const closing = late.get(frame.id) ?? new Set<string>();
        closing.add(target);
        late.set(frame.id, closing);
        continue;
      }
      searching.add(target);
      stack.push({ id: target, next: 0 });
    }
  }

  return {
    order,
    anchors,
    schemas: order.map(($id) => {
      const schema = byId.get($id) ?? {};
      const closing = late.get($id);
      return { $id, schema: closing === undefined ? schema : withLateRefs(schema, closing) };
    }),
  };
}

/** The `$ref`s of a schema, in the order they appear; a named type's schema is never nested deeply. */
function collectReferences(value: unknown, into: string[]): string[] {
  if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, into);
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === "$ref" && typeof item === "string") into.push(item);
      else collectReferences(item, into);
    }
  }
  return into;
}

/** `schema` with each `$ref` to one of `targets` renamed `gidlLateRef`, keeping the keyword's place. */
function withLateRefs(schema: Schema, targets: ReadonlySet<string>): Schema {
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value !== "object" || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) =>
        key === "$ref" && typeof item === "string" && targets.has(item)
          ? ["gidlLateRef", item]
          : [key, rewrite(item)],
      ),
    );
  };
  return rewrite(schema) as Schema;
}
