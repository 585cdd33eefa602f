/**
 * Turns the model into the JSON Schemas that ajv compiles into the generated validators: of
 * params, results, event payloads and declared errors' details.
 * These describe the TypeScript form that the decoders produce (docs/protocol.md "Frames and
 * messages"), not the JSON wire form that `schema.json` describes: i64/u64 are `bigint` and
 * bytes are `Uint8Array`, checked by gidl's own keywords (keywords.ts).
 *
 * Every named type gets its own schema with its own `$id`, and every use is a `$ref` to it:
 * ajv then compiles one function per named type and the standalone module shares it between
 * every validator that needs it (docs/cli.md "The generated files": one function per named type).
 */
import type { Constraints, Field, Model, PrimitiveType, TypeDeclaration, TypeRef } from "../../idl/model.js";

/** A JSON Schema as ajv takes it; gidl's keywords start with `gidl`. */
export type Schema = { readonly [keyword: string]: unknown };

export interface IdentifiedSchema {
  readonly $id: string;
  readonly schema: Schema;
}

/** What `generateValidators` compiles: every schema, and which ones become validators, by full name. */
export interface ValidatorSchemas {
  /** Named types and union variants first (referenced), then params, results and events. */
  readonly schemas: readonly IdentifiedSchema[];
  readonly params: ReadonlyMap<string, string>;
  readonly results: ReadonlyMap<string, string>;
  readonly events: ReadonlyMap<string, string>;
  /** The details of each declared error with fields, by code (docs/server.md "Handlers"). */
  readonly errors: ReadonlyMap<string, string>;
}

/** docs/protocol.md "Limits and bad input": these keys of a `map` are INVALID_ARGUMENT. */
export const FORBIDDEN_MAP_KEYS: readonly string[] = ["__proto__", "constructor", "prototype"];

// `$id`s have no "/" or ":" so that relative `$ref`s resolve to them unchanged.
const typeId = (name: string): string => `type.${name}`;
const variantId = (union: string, tag: string): string => `variant.${union}.${tag}`;

/** Inclusive bounds of the integer types; i64/u64 as decimal text (they exceed 2^53). */
const integerBounds: Readonly<
  Record<Exclude<PrimitiveType, "bool" | "string" | "bytes" | "f32" | "f64">, readonly [string, string]>
> = {
  i8: ["-128", "127"],
  i16: ["-32768", "32767"],
  i32: ["-2147483648", "2147483647"],
  u8: ["0", "255"],
  u16: ["0", "65535"],
  u32: ["0", "4294967295"],
  i64: ["-9223372036854775808", "9223372036854775807"],
  u64: ["0", "18446744073709551615"],
};

/** The largest finite f32: a larger number would become Infinity when stored as one. */
const F32_MAX = 3.4028234663852886e38;

export function buildValidatorSchemas(model: Model): ValidatorSchemas {
  const types = new Map(model.types.map((type) => [type.name, type]));
  const builder = new SchemaBuilder(types);
  const schemas: IdentifiedSchema[] = [];

  for (const type of model.types) {
    schemas.push({ $id: typeId(type.name), schema: builder.namedType(type) });
    if (type.kind === "union") {
      for (const variant of type.variants) {
        const struct = types.get(variant.struct);
        if (struct?.kind !== "struct")
          throw new Error(`gidl internal error: union variant ${variant.struct} is not a struct`);
        schemas.push({
          $id: variantId(type.name, variant.tag),
          schema: builder.object(struct.fields, variant.tag),
        });
      }
    }
  }

  // Methods and events with the same shape (every built-in `session.start {}` → SessionInfo…)
  // share one schema, and so one function.
  const byShape = new Map<string, string>();
  const shared = (id: string, schema: Schema): string => {
    const key = JSON.stringify(schema);
    const existing = byShape.get(key);
    if (existing !== undefined) return existing;
    byShape.set(key, id);
    schemas.push({ $id: id, schema });
    return id;
  };

  const params = new Map<string, string>();
  const results = new Map<string, string>();
  const events = new Map<string, string>();
  for (const service of model.services) {
    for (const method of service.methods) {
      params.set(method.fullName, shared(`params.${method.fullName}`, builder.object(method.params)));
      if (method.kind === "rpc") {
        // An rpc that returns nothing answers `result: null` whatever its handler returned, so anything goes.
        const schema = method.result === null ? {} : builder.type(method.result, {});
        results.set(method.fullName, shared(`result.${method.fullName}`, schema));
      }
    }
    for (const event of service.events) {
      events.set(event.fullName, shared(`event.${event.fullName}`, builder.object(event.fields)));
    }
  }
  const errors = new Map<string, string>();
  for (const error of model.errors) {
    if (error.fields.length > 0)
      errors.set(error.code, shared(`error.${error.code}`, builder.object(error.fields)));
  }
  return { schemas, params, results, events, errors };
}

/** What a constraint applies to once aliases are seen through. */
type BaseKind = "integer" | "bigint" | "float" | "string" | "bytes" | "list" | "map" | "other";

class SchemaBuilder {
  constructor(private readonly types: ReadonlyMap<string, TypeDeclaration>) {}

  namedType(type: TypeDeclaration): Schema {
    switch (type.kind) {
      case "alias":
        return this.type(type.type, type.constraints);
      case "struct":
        return this.object(type.fields);
      case "enum":
        return { type: "string", enum: type.members.map((member) => member.name) };
      case "union":
        // ajv's discriminator checks only the variant that `kind` names, so no other variant's
        // schema removes properties from the object (a plain oneOf would try each in turn).
        return {
          type: "object",
          required: ["kind"],
          discriminator: { propertyName: "kind" },
          oneOf: type.variants.map((variant) => ({ $ref: variantId(type.name, variant.tag) })),
        };
    }
  }

  /** A struct, params object or event payload; undeclared properties are removed (removeAdditional). */
  object(fields: readonly Field[], kindTag?: string): Schema {
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    if (kindTag !== undefined) {
      properties["kind"] = { const: kindTag };
      required.push("kind");
    }
    for (const field of fields) {
      properties[field.name] = this.type(field.type, field.constraints);
      if (!field.optional) required.push(field.name);
    }
    return {
      type: "object",
      properties,
      ...(required.length > 0 ? { required } : {}),
      additionalProperties: false,
    };
  }

  /** The schema of one use of a type, with the use's own constraints. */
  type(ref: TypeRef, constraints: Constraints): Schema {
    switch (ref.kind) {
      case "primitive":
        return primitive(ref.name, constraints);
      case "list":
        return { type: "array", items: this.type(ref.element, {}), ...countBounds("Items", constraints) };
      case "map":
        return {
          type: "object",
          additionalProperties: this.type(ref.value, {}),
          gidlSafeKeys: true,
          ...countBounds("Properties", constraints),
        };
      case "named":
        return { $ref: typeId(ref.name), ...this.namedConstraints(ref.name, constraints) };
    }
  }

  /** A use's constraints on top of a named type's `$ref`: the alias's own apply in its schema. */
  private namedConstraints(name: string, constraints: Constraints): Schema {
    if (Object.keys(constraints).length === 0) return {};
    const base = this.baseOf(name);
    switch (base.kind) {
      case "integer":
      case "bigint":
      case "float":
      case "string":
      case "bytes":
        return primitive(base.primitive, constraints);
      case "list":
        return { type: "array", ...countBounds("Items", constraints) };
      case "map":
        return { type: "object", ...countBounds("Properties", constraints) };
      case "other":
        return {};
    }
  }

  private baseOf(name: string): { kind: BaseKind; primitive: PrimitiveType } {
    const seen = new Set<string>();
    let current: string = name;
    for (;;) {
      const type = this.types.get(current);
      if (type?.kind !== "alias" || seen.has(current)) return { kind: "other", primitive: "bool" };
      seen.add(current);
      const target = type.type;
      if (target.kind === "named") {
        current = target.name;
        continue;
      }
      if (target.kind === "list") return { kind: "list", primitive: "bool" };
      if (target.kind === "map") return { kind: "map", primitive: "bool" };
      return { kind: primitiveKind(target.name), primitive: target.name };
    }
  }
}

function primitiveKind(name: PrimitiveType): BaseKind {
  switch (name) {
    case "i64":
    case "u64":
      return "bigint";
    case "f32":
    case "f64":
      return "float";
    case "string":
      return "string";
    case "bytes":
      return "bytes";
    case "bool":
      return "other";
    default:
      return "integer";
  }
}

function primitive(name: PrimitiveType, constraints: Constraints): Schema {
  const { range, length, pattern, format } = constraints;
  switch (name) {
    case "bool":
      return { type: "boolean" };
    case "i64":
    case "u64": {
      const [min, max] = integerBounds[name];
      return { gidlBigint: { min: range?.min ?? min, max: range?.max ?? max } };
    }
    case "f32":
    case "f64": {
      // ajv's number type (strictNumbers) already refuses NaN and ±Infinity.
      const limit = name === "f32" ? F32_MAX : undefined;
      const minimum = range === undefined ? (limit === undefined ? undefined : -limit) : Number(range.min);
      const maximum = range === undefined ? limit : Number(range.max);
      return {
        type: "number",
        ...(minimum === undefined ? {} : { minimum }),
        ...(maximum === undefined ? {} : { maximum }),
      };
    }
    case "string":
      return {
        type: "string",
        // ajv counts code points (its ucs2length helper), as docs/language.md "Constraints: `@range`,
        // `@length`, `@pattern`, `@format`" asks of @length.
        ...(length === undefined ? {} : { minLength: length.min, maxLength: length.max }),
        ...(pattern === undefined ? {} : { pattern }),
        ...(format === undefined ? {} : { format }),
      };
    case "bytes":
      return { gidlBytes: length === undefined ? {} : { min: length.min, max: length.max } };
    default: {
      const [min, max] = integerBounds[name];
      return { type: "integer", minimum: Number(range?.min ?? min), maximum: Number(range?.max ?? max) };
    }
  }
}

function countBounds(noun: "Items" | "Properties", constraints: Constraints): Schema {
  const { length } = constraints;
  return length === undefined ? {} : { [`min${noun}`]: length.min, [`max${noun}`]: length.max };
}
