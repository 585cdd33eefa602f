/**
 * schema.json: a JSON Schema (2020-12) of the JSON wire form (docs/cli.md "The generated files";
 * the form itself: docs/protocol.md "Frames and messages"): every named type under `$defs`, plus each method's params object and
 * result and each event's payload, under the names types.ts gives them (`CombatAttackParams`).
 */
import type { Constraints, Documented, Field, TypeDeclaration, TypeRef } from "../../idl/model.js";
import { apiTitle, type TargetContext } from "../context.js";
import type { OutputFile } from "../framework/generated-file.js";
import { headerText } from "../framework/header.js";
import { errorDetailsTypeName, eventTypeName, paramsTypeName, resultTypeName } from "../framework/naming.js";

type JsonSchema = { [keyword: string]: unknown };

/** The type's own range (docs/language.md "Built-in types"). */
const integerRanges: Record<string, readonly [number, number]> = {
  i8: [-128, 127],
  i16: [-32768, 32767],
  i32: [-2147483648, 2147483647],
  u8: [0, 255],
  u16: [0, 65535],
  u32: [0, 4294967295],
};

/** Keys that never reach application code (docs/protocol.md "Limits and bad input"). */
const forbiddenKeys = ["__proto__", "constructor", "prototype"];

export function generateJsonSchema(context: TargetContext): OutputFile {
  const { model } = context;
  const defs: Record<string, JsonSchema> = {};
  for (const type of model.types) defs[type.name] = declarationSchema(type);
  for (const error of model.errors) {
    if (error.fields.length > 0) defs[errorDetailsTypeName(error.code)] = objectSchema(error.fields, error);
  }
  for (const service of model.services) {
    for (const method of service.methods) {
      defs[paramsTypeName(method)] = objectSchema(method.params, {});
      // docs/protocol.md "Server → client": a call that returns nothing answers `result: null`.
      if (method.kind === "rpc") {
        defs[resultTypeName(method)] =
          method.result === null ? { type: "null" } : typeSchema(method.result, {});
      }
    }
    for (const event of service.events) defs[eventTypeName(event)] = objectSchema(event.fields, event);
  }
  const schema = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `urn:gidl:${model.package}:${model.hash}`,
    $comment: headerText(context.header),
    title: `${apiTitle(model)}: JSON wire form`,
    $defs: defs,
  };
  return { path: "schema.json", content: `${JSON.stringify(schema, null, 2)}\n` };
}

function declarationSchema(type: TypeDeclaration): JsonSchema {
  switch (type.kind) {
    case "alias":
      return typeSchema(type.type, type.constraints, type);
    case "struct":
      return objectSchema(type.fields, type);
    case "enum":
      return { ...annotations(type), type: "string", enum: type.members.map((member) => member.name) };
    case "union":
      // docs/language.md "Unions": a variant is its struct's fields plus `kind: "tag"`.
      return {
        ...annotations(type),
        oneOf: type.variants.map((variant) => ({
          ...annotations(variant),
          $ref: defRef(variant.struct),
          properties: { kind: { const: variant.tag } },
          required: ["kind"],
        })),
      };
  }
}

/**
 * An object of fields. Undeclared properties are allowed on the wire: the server removes them
 * in validation and clients ignore them, so that schemas can grow (docs/protocol.md "Frames and
 * messages").
 */
function objectSchema(fields: readonly Field[], documented: Documented): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const field of fields) properties[field.name] = typeSchema(field.type, field.constraints, field);
  const required = fields.filter((field) => !field.optional).map((field) => field.name);
  return {
    ...annotations(documented),
    type: "object",
    properties,
    ...(required.length > 0 ? { required } : {}),
  };
}

function typeSchema(ref: TypeRef, constraints: Constraints, documented: Documented = {}): JsonSchema {
  return { ...annotations(documented), ...baseSchema(ref, constraints) };
}

function baseSchema(ref: TypeRef, constraints: Constraints): JsonSchema {
  switch (ref.kind) {
    case "named":
      // 2020-12 allows keywords beside $ref: a field's own constraints add to the type's.
      return { $ref: defRef(ref.name), ...constraintKeywords(constraints) };
    case "list":
      return {
        type: "array",
        items: typeSchema(ref.element, {}),
        ...lengthKeywords(constraints, "minItems", "maxItems"),
      };
    case "map":
      return {
        type: "object",
        additionalProperties: typeSchema(ref.value, {}),
        propertyNames: { not: { enum: forbiddenKeys } },
        ...lengthKeywords(constraints, "minProperties", "maxProperties"),
      };
    case "primitive":
      return primitiveSchema(ref.name, constraints);
  }
}

function primitiveSchema(name: string, constraints: Constraints): JsonSchema {
  switch (name) {
    case "bool":
      return { type: "boolean" };
    case "i64":
    case "u64":
      // docs/protocol.md "Frames and messages": 64-bit integers travel as decimal strings in JSON.
      return {
        type: "string",
        pattern: name === "u64" ? "^(0|[1-9][0-9]{0,19})$" : "^(0|-?[1-9][0-9]{0,18})$",
      };
    case "f32":
    case "f64":
      return { type: "number", ...rangeKeywords(constraints) };
    case "string":
      return { type: "string", ...constraintKeywords(constraints) };
    case "bytes":
      // docs/protocol.md "Frames and messages": bytes travel as base64 strings; `@length` counts
      // bytes, which a string schema cannot.
      return { type: "string", contentEncoding: "base64" };
    default: {
      const [min, max] = integerRanges[name] ?? [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
      const range = rangeKeywords(constraints);
      return { type: "integer", minimum: range.minimum ?? min, maximum: range.maximum ?? max };
    }
  }
}

function constraintKeywords(constraints: Constraints): JsonSchema {
  return {
    ...rangeKeywords(constraints),
    ...lengthKeywords(constraints, "minLength", "maxLength"),
    ...(constraints.pattern === undefined ? {} : { pattern: constraints.pattern }),
    ...(constraints.format === undefined ? {} : { format: constraints.format }),
  };
}

function rangeKeywords(constraints: Constraints): { minimum?: number; maximum?: number } {
  if (constraints.range === undefined) return {};
  return { minimum: Number(constraints.range.min), maximum: Number(constraints.range.max) };
}

function lengthKeywords(constraints: Constraints, minKeyword: string, maxKeyword: string): JsonSchema {
  if (constraints.length === undefined) return {};
  const { min, max } = constraints.length;
  return { ...(min > 0 ? { [minKeyword]: min } : {}), [maxKeyword]: max };
}

function annotations(documented: Documented): JsonSchema {
  return {
    ...(documented.doc === undefined ? {} : { description: documented.doc }),
    ...(documented.deprecated === undefined ? {} : { deprecated: true }),
  };
}

function defRef(name: string): string {
  return `#/$defs/${name}`;
}
