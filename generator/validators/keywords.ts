/**
 * gidl's own ajv keywords, for what JSON Schema cannot say about the TypeScript form of a value
 * (PROTOCOL.md: "validators check that form (ajv custom keywords compiled into the standalone
 * code)"). Each one generates code (`code`), never a `validate`/`compile` function: standalone
 * code can carry generated code but not a function that lives in the generator's process.
 */
import type { CodeKeywordDefinition, KeywordCxt } from "ajv";
import { _, str, type Name } from "ajv";
import { callRef } from "ajv/dist/vocabularies/core/ref.js";
import { _Code } from "ajv/dist/compile/codegen/code.js";

/** `{ min, max }` as decimal text: an i64/u64 is a `bigint` within those bounds. */
const bigintKeyword: CodeKeywordDefinition = {
  keyword: "gidlBigint",
  schemaType: "object",
  code(cxt: KeywordCxt) {
    const { data } = cxt;
    const { min, max } = bigintBounds(cxt.schema);
    cxt.fail(_`typeof ${data} != "bigint" || ${data} < ${min} || ${data} > ${max}`);
  },
  error: {
    message: ({ schema }) => {
      const { min, max } = schema as { min: string; max: string };
      return str`must be a bigint from ${min} to ${max}`;
    },
  },
};

/** `{ min?, max? }`: bytes are a `Uint8Array` (a Node.js Buffer is one) of that many bytes. */
const bytesKeyword: CodeKeywordDefinition = {
  keyword: "gidlBytes",
  schemaType: "object",
  code(cxt: KeywordCxt) {
    const { data } = cxt;
    const { min, max } = cxt.schema as { min?: number; max?: number };
    let failure = _`!(${data} instanceof Uint8Array)`;
    if (min !== undefined && min > 0) failure = _`${failure} || ${data}.length < ${min}`;
    if (max !== undefined) failure = _`${failure} || ${data}.length > ${max}`;
    cxt.fail(failure);
  },
  error: {
    message: ({ schema }) => {
      const { min, max } = schema as { min?: number; max?: number };
      return max === undefined
        ? str`must be a Uint8Array`
        : str`must be a Uint8Array of ${min ?? 0} to ${max} bytes`;
    },
  },
};

/**
 * PROTOCOL.md "Limits and bad input": a map key `__proto__`, `constructor` or `prototype` is
 * INVALID_ARGUMENT. Three own-property checks rather than a `propertyNames` loop over every key.
 */
const safeKeysKeyword: CodeKeywordDefinition = {
  keyword: "gidlSafeKeys",
  type: "object",
  schemaType: "boolean",
  code(cxt: KeywordCxt) {
    const { data } = cxt;
    const own = (key: string) => _`Object.prototype.hasOwnProperty.call(${data}, ${key})`;
    cxt.fail(_`${own("__proto__")} || ${own("constructor")} || ${own("prototype")}`);
  },
  error: { message: "must not have a key named __proto__, constructor or prototype" },
};

/**
 * A `$ref` that closes a cycle of references (compile-order.ts): the target is compiled after this
 * schema, so instead of compiling it here, as `$ref` would, the code calls it through a constant
 * that names its function once everything is compiled (`const validate30 = validate12;` — function
 * declarations are hoisted, so the constant may come first; "validate" is one of the few prefixes
 * ajv allows). Because the constant has its code, ajv's standalone code writes it without
 * following it into the target, so writing the module does not recurse either.
 * The call itself is ajv's own (`callRef`), the same as for a `$ref`.
 */
const lateRefKeyword: CodeKeywordDefinition = {
  keyword: "gidlLateRef",
  schemaType: "string",
  code(cxt: KeywordCxt) {
    const target = cxt.it.self.schemas[cxt.schema as string];
    if (target === undefined)
      throw new Error(`gidl internal error: no validator schema ${String(cxt.schema)}`);
    const reference = {
      ref: target,
      get code(): Name {
        if (target.validateName === undefined)
          throw new Error(`gidl internal error: ${String(cxt.schema)} was never compiled`);
        return target.validateName;
      },
    };
    callRef(cxt, cxt.gen.scopeValue("validate", reference), target, false);
  },
};

export const gidlKeywords: readonly CodeKeywordDefinition[] = [
  bigintKeyword,
  bytesKeyword,
  safeKeysKeyword,
  lateRefKeyword,
];

/** Bigint literals for the generated code; BigInt() refuses anything but integer text, so nothing else gets in. */
function bigintBounds(schema: unknown): { min: _Code; max: _Code } {
  const { min, max } = schema as { min: string; max: string };
  return { min: new _Code(`${BigInt(min).toString()}n`), max: new _Code(`${BigInt(max).toString()}n`) };
}
