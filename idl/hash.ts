/**
 * The schema hash (docs/language.md "The schema hash"; idl/README.md "The schema hash (`hash.ts`)"):
 * SHA-256, lowercase hex, of a canonical form that covers the wire contract and nothing else. Two
 * schemas that a client and a server can talk across have the same hash, whatever their layout,
 * comments, docs, order of declarations and of service members, file split and server policy.
 *
 * The canonical form is the text `gidl-schema-hash/1\n` followed by compact JSON with object
 * keys sorted, of:
 *   { package, version, session: <settings struct name> | null,
 *     types:    sorted by name   — alias {kind,name,type,constraints}, struct {kind,name,fields},
 *                                  enum {kind,name,members: [names, in order]},
 *                                  union {kind,name,variants: [{tag,struct}, in order]},
 *     errors:   sorted by code   — {code, fields, retryable},
 *     services: sorted by name   — {name, methods: sorted by name {kind,name,params,result,throws: sorted},
 *                                         events:  sorted by name {name,recipients,reliable,fields}} }
 * where a field is {name, type, optional, constraints} and fields/params keep their order.
 * Built-in types and services are included: they are part of the wire contract too.
 * node:crypto is the one Node dependency here; the compiler runs on Node only.
 */
import { createHash } from "node:crypto";
import type { Constraints, Field, Model, TypeDeclaration } from "./model.js";

/** Bump when the canonical form changes, so that old and new hashes never collide by accident. */
const CANONICAL_FORM_VERSION = "gidl-schema-hash/1";

export type HashInput = Omit<Model, "hash">;

export function schemaHash(model: HashInput): string {
  return createHash("sha256").update(canonicalForm(model), "utf8").digest("hex");
}

export function canonicalForm(model: HashInput): string {
  const form = {
    package: model.package,
    version: model.version,
    session: model.session?.settings ?? null,
    types: byKey(model.types.map(canonicalType), "name"),
    errors: byKey(
      model.errors.map((error) => ({
        code: error.code,
        fields: error.fields.map(canonicalField),
        retryable: error.retryable,
      })),
      "code",
    ),
    services: byKey(
      model.services.map((service) => ({
        name: service.name,
        methods: byKey(
          service.methods.map((method) => ({
            kind: method.kind,
            name: method.name,
            params: method.params.map(canonicalField),
            result: method.result,
            throws: [...new Set(method.throws)].sort(),
          })),
          "name",
        ),
        events: byKey(
          service.events.map((event) => ({
            name: event.name,
            recipients: event.recipients,
            reliable: event.reliable,
            fields: event.fields.map(canonicalField),
          })),
          "name",
        ),
      })),
      "name",
    ),
  };
  return `${CANONICAL_FORM_VERSION}\n${stableStringify(form)}`;
}

/** A canonical declaration: open-ended, but always named. */
interface Named {
  readonly name: string;
  readonly [key: string]: unknown;
}

function canonicalType(type: TypeDeclaration): Named {
  switch (type.kind) {
    case "alias":
      return {
        kind: type.kind,
        name: type.name,
        type: type.type,
        constraints: canonicalConstraints(type.constraints),
      };
    case "struct":
      return { kind: type.kind, name: type.name, fields: type.fields.map(canonicalField) };
    case "enum":
      return { kind: type.kind, name: type.name, members: type.members.map((member) => member.name) };
    case "union":
      return {
        kind: type.kind,
        name: type.name,
        variants: type.variants.map((variant) => ({ tag: variant.tag, struct: variant.struct })),
      };
  }
}

function canonicalField(field: Field): object {
  return {
    name: field.name,
    type: field.type,
    optional: field.optional,
    constraints: canonicalConstraints(field.constraints),
  };
}

/** Only the known keys, so that nothing but constraints can slip into the hash. */
function canonicalConstraints(constraints: Constraints): object {
  return {
    ...(constraints.range === undefined
      ? {}
      : { range: { min: constraints.range.min, max: constraints.range.max } }),
    ...(constraints.length === undefined
      ? {}
      : { length: { min: constraints.length.min, max: constraints.length.max } }),
    ...(constraints.pattern === undefined ? {} : { pattern: constraints.pattern }),
    ...(constraints.format === undefined ? {} : { format: constraints.format }),
  };
}

function byKey<T extends Record<K, string>, K extends string>(items: T[], key: K): T[] {
  return items.sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0));
}

/** JSON with object keys in code-unit order and no whitespace: one text per value. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
