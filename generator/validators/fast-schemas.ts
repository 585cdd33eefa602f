/**
 * The validator schemas (schemas.ts, plain JSON Schema apart from gidl's type keywords) rewritten
 * for the generated code: each `$ref` becomes `gidlRef` (keywords.ts), the same call without a
 * context object per call. What each validator accepts, removes and reports stays the same.
 */
import type { Schema } from "./schemas.js";

export function withFastKeywords(schema: Schema): Schema {
  return rewrite(schema, false) as Schema;
}

/**
 * `inOneOf`: the value is a branch of a `oneOf`, whose `$ref` stays as it is: ajv's
 * `discriminator` reads each branch's `$ref` to find the tag's value.
 */
function rewrite(value: unknown, inOneOf: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => rewrite(item, inOneOf));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (key === "$ref" && typeof item === "string") return [inOneOf ? key : "gidlRef", item];
      return [key, rewrite(item, key === "oneOf")];
    }),
  );
}
