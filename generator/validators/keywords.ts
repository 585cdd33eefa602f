/**
 * gidl's own ajv keywords, for what JSON Schema cannot say about the TypeScript form of a value
 * (docs/protocol.md "Frames and messages": bigint for `i64`/`u64`, Uint8Array for `bytes`). Each
 * one generates code (`code`), never a `validate`/`compile` function: standalone code can carry
 * generated code but not a function that lives in the generator's process.
 */
import type { CodeKeywordDefinition, KeywordCxt } from "ajv";
import { _, str, type Code, type Name } from "ajv";
import { getValidate } from "ajv/dist/vocabularies/core/ref.js";
import { _Code, strConcat } from "ajv/dist/compile/codegen/code.js";
import { useFunc } from "ajv/dist/compile/util.js";
import { createRequire } from "node:module";

// require() rather than default imports: these are CommonJS, and Node.js and vitest disagree
// about what a default import of one gives.
const require = createRequire(import.meta.url);
const { default: names } = require("ajv/dist/compile/names") as {
  default: typeof import("ajv/dist/compile/names.js").default;
};
const { default: ucs2length } = require("ajv/dist/runtime/ucs2length") as {
  default: typeof import("ajv/dist/runtime/ucs2length.js").default;
};

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
 * docs/protocol.md "Limits and bad input": a map key `__proto__`, `constructor` or `prototype` is
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
 * `maxLength` and `minLength` of a string, in code points (docs/language.md "Constraints: `@range`,
 * `@length`, `@pattern`, `@format`") as ajv's own keywords count them, which these replace in the
 * generator's ajv (`lengthKeywords`): ajv's count every string twice, and these count only when the
 * UTF-16 length does not decide — a string has at most as many code points as UTF-16 units and at
 * least half as many — so almost never. The errors are ajv's: same keyword, params and message.
 */
const maxLengthKeyword = lengthKeyword(
  "maxLength",
  "more",
  (data, max, count) => _`${data}.length > ${max} && ${count}(${data}) > ${max}`,
);

const minLengthKeyword = lengthKeyword("minLength", "fewer", (data, min, count) =>
  min <= 0
    ? undefined
    : _`${data}.length < ${min} || (${data}.length < ${2 * min} && ${count}(${data}) < ${min})`,
);

/** A length keyword failing where `failure` says (`count`: ajv's code-point counter); none: never. */
function lengthKeyword(
  keyword: "maxLength" | "minLength",
  comparison: "more" | "fewer",
  failure: (data: Name, limit: number, count: Name) => Code | undefined,
): CodeKeywordDefinition {
  return {
    keyword,
    type: "string",
    schemaType: "number",
    code(cxt: KeywordCxt) {
      const condition = failure(cxt.data, cxt.schema as number, useFunc(cxt.gen, ucs2length));
      if (condition !== undefined) cxt.fail(condition);
    },
    error: {
      message: ({ schema }) => str`must NOT have ${comparison} than ${schema as number} characters`,
      params: ({ schema }) => _`{limit: ${schema as number}}`,
    },
  };
}

/** Replacements for ajv's own keywords of the same names (see above). */
export const lengthKeywords: readonly CodeKeywordDefinition[] = [maxLengthKeyword, minLengthKeyword];

/**
 * A `$ref` to a named type's validator (fast-schemas.ts turns `$ref`s into it), called with the
 * value alone. ajv's `$ref` passes every call an object of the instance path (a string built per
 * call), parent and root, which only an error needs: here the path is added to the errors of a
 * call that fails, and a call that passes allocates nothing.
 */
const refKeyword: CodeKeywordDefinition = {
  keyword: "gidlRef",
  schemaType: "string",
  code(cxt: KeywordCxt) {
    const id = cxt.schema as string;
    // Compiles the target now if it is not yet (compile-order.ts makes that rare), as `$ref` does.
    if (cxt.it.self.getSchema(id) === undefined)
      throw new Error(`gidl internal error: no validator schema ${id}`);
    const target = cxt.it.self.schemas[id];
    if (target === undefined) throw new Error(`gidl internal error: no validator schema ${id}`);
    callShared(cxt, getValidate(cxt, target));
  },
};

/**
 * A `$ref` that closes a cycle of references (compile-order.ts): the target is compiled after this
 * schema, so instead of compiling it here, as `$ref` would, the code calls it through a constant
 * that names its function once everything is compiled (`const validate30 = validate12;` — function
 * declarations are hoisted, so the constant may come first; "validate" is one of the few prefixes
 * ajv allows). Because the constant has its code, ajv's standalone code writes it without
 * following it into the target, so writing the module does not recurse either.
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
    callShared(cxt, cxt.gen.scopeValue("validate", reference));
  },
};

/**
 * Calls a named type's validator on the keyword's data; on failure, prefixes the path of the
 * value at hand to its errors (their objects are new on every failing call) and collects them as
 * ajv's `$ref` does.
 */
function callShared(cxt: KeywordCxt, validate: Code): void {
  const { gen, it } = cxt;
  const errors = _`${validate}.errors`;
  cxt.result(
    _`${validate}(${cxt.data})`,
    () => undefined,
    () => {
      const path = strConcat(names.instancePath, it.errorPath);
      gen.forOf("error", errors, (error) =>
        gen.assign(_`${error}.instancePath`, _`${path} + ${error}.instancePath`),
      );
      gen.assign(
        names.vErrors,
        _`${names.vErrors} === null ? ${errors} : ${names.vErrors}.concat(${errors})`,
      );
      gen.assign(names.errors, _`${names.vErrors}.length`);
    },
  );
}

export const gidlKeywords: readonly CodeKeywordDefinition[] = [
  bigintKeyword,
  bytesKeyword,
  safeKeysKeyword,
  refKeyword,
  lateRefKeyword,
];
/** Bigint literals for the generated code; BigInt() refuses anything but integer text, so nothing else gets in. */
function bigintBounds(schema: unknown): { min: _Code; max: _Code } {
  const { min, max } = schema as { min: string; max: string };
  return { min: new _Code(`${BigInt(min).toString()}n`), max: new _Code(`${BigInt(max).toString()}n`) };
}
