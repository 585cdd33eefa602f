/**
 * The `validators.ts` target: ajv standalone code compiled at generation time, so that the
 * generated module runs no ajv compile and no `eval` (docs/cli.md "The generated files"). It
 * checks the TypeScript form of params, results, event payloads and declared errors' details, and
 * removes undeclared fields. The module opens with a comment on reading a validator's errors.
 */
import { Ajv, Name, type Options } from "ajv";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { createRequire } from "node:module";
import type { Format, Model } from "../../idl/model.js";
import type { OutputFile } from "../framework/generated-file.js";
import { FORMATS_NAME, formatsSource, runtimeRequires } from "./inline-helpers.js";
import { compileOrder } from "./compile-order.js";
import { withFastKeywords } from "./fast-schemas.js";
import { gidlKeywords, lengthKeywords } from "./keywords.js";
import { buildValidatorSchemas } from "./schemas.js";

export interface ValidatorsOptions {
  /**
   * The do-not-edit header (comment lines) that every generated file starts with; the generator
   * framework supplies it. @default a one-line header naming gidl and the schema hash
   */
  readonly header?: string;
}

/** The formats of `@format` (docs/language.md "Constraints: `@range`, `@length`, `@pattern`, `@format`"). */
const formats: readonly Format[] = ["email", "uuid", "uri", "date-time", "hostname", "ipv4", "ipv6"];

/**
 * ajv's settings for the generated code.
 * - `allErrors: false`: the first problem is enough to refuse a call, costs least, and keeps a
 *   hostile payload from building a long list of errors (ajv's own security advice).
 * - `removeAdditional: true` drops properties where a schema says `additionalProperties: false`
 *   (structs, params, payloads) and leaves maps alone ("all" would empty them).
 * - `inlineRefs: false` keeps one function per named type, shared by every use.
 * - `unicodeRegExp` (default) compiles `@pattern` with the `u` flag, and `strict` refuses any
 *   schema gidl did not mean to write.
 */
const ajvOptions: Options = {
  code: { source: true, esm: true, lines: true, formats: new Name(FORMATS_NAME) },
  allErrors: false,
  removeAdditional: true,
  inlineRefs: false,
  discriminator: true,
  strict: true,
  // A union's `required: ["kind"]` names a property its variants declare, not the union itself.
  strictRequired: false,
  validateFormats: true,
};

// require() for the same reason as in inline-helpers.ts: a default import of CommonJS differs under vitest.
const { default: standaloneCode } = createRequire(import.meta.url)("ajv/dist/standalone") as {
  default: typeof import("ajv/dist/standalone/index.js").default;
};

/** The export name standaloneCode gives functions that are not validators themselves (named types…). */
const INTERNAL_EXPORT = "gidlInternal";

const VALIDATORS_IMPORT = 'import type { ApiValidators } from "gidl/protocol";';

/**
 * What `validators.ts` declares, as a `.d.ts` to type-check the other files against: the module
 * itself is `@ts-nocheck`, so its declaration is all the compiler would learn from it.
 */
export function validatorsDeclaration(): OutputFile {
  return {
    path: "validators.d.ts",
    content: `${VALIDATORS_IMPORT}\n\n/** Validators of params, results and event payloads by full name, and of error details by code. */\nexport declare const validators: ApiValidators;\n`,
  };
}

/** The complete `validators.ts` module for `model`. */
export function generateValidators(model: Model, options: ValidatorsOptions = {}): string {
  const { schemas, params, results, events, errors } = buildValidatorSchemas(model);

  // Export names must be identifiers; the full names go into the `validators` object below.
  const exportNames = new Map<string, string>();
  const exportOf = (id: string): string => {
    let name = exportNames.get(id);
    if (name === undefined) {
      name = `validator${exportNames.size}`;
      exportNames.set(id, name);
    }
    return name;
  };
  const table = Object.entries({ params, results, events, errors }).map(
    ([group, ids]) => [group, [...ids].map(([fullName, id]) => [fullName, exportOf(id)] as const)] as const,
  );

  const { order, anchors, schemas: ordered } = compileOrder(schemas, exportNames.keys());
  const ajv = new Ajv({ ...ajvOptions, keywords: [...gidlKeywords] });
  for (const { keyword } of lengthKeywords) ajv.removeKeyword(keyword as string);
  for (const definition of lengthKeywords) ajv.addKeyword(definition);
  for (const format of formats) ajv.addFormat(format, fullFormats[format]);
  for (const { $id, schema } of ordered) ajv.addSchema({ ...withFastKeywords(schema), $id }, $id);
  for (const id of order) ajv.getSchema(id);

  // standaloneCode writes each export's dependencies first, recursively: the validators and the
  // anchors, leaves first, keep that shallow. The anchors' exports are dropped by inlineRuntime.
  const exports = Object.fromEntries(
    order
      .filter((id) => exportNames.has(id) || anchors.has(id))
      .map((id, index) => [exportNames.get(id) ?? `${INTERNAL_EXPORT}${index}`, id]),
  );
  const code = inlineRuntime(standaloneCode(ajv, exports));
  return [
    options.header ?? `// @generated by gidl. Schema hash: ${model.hash}. DO NOT EDIT.`,
    ...openingComment(model),
    "/* eslint-disable */",
    "// @ts-nocheck: ajv standalone code, checked by the tests of gidl's generator rather than here.",
    // The blank line detaches the comments above from the import, so that `--lang js` keeps them
    // where the compiler drops the type-only import.
    "",
    VALIDATORS_IMPORT,
    "",
    ...(code.includes(FORMATS_NAME) ? [formatsSource, ""] : []),
    code,
    "",
    "/** Validators of params, results and event payloads by full name, and of error details by code. */",
    "export const validators: ApiValidators = {",
    ...table.map(
      ([group, entries]) =>
        `  ${group}: {\n${entries.map(([fullName, name]) => `    ${JSON.stringify(fullName)}: ${name},\n`).join("")}  },`,
    ),
    "};",
    "",
  ].join("\n");
}

/**
 * What a reader of validators.ts needs before the ajv code: what the file is, where to look a
 * validator up, and how to read what one reports. The lookups shown are the schema's own.
 */
function openingComment(model: Model): string[] {
  // A method of the game's own services rather than a built-in one, when there is one.
  const services = [...model.services].sort((a, b) => Number(a.builtin) - Number(b.builtin));
  const method = services.flatMap((service) => service.methods)[0];
  const error = model.errors.find((declared) => declared.fields.length > 0);
  const lookups = [
    ...(method === undefined ? [] : [`\`validators.params[${JSON.stringify(method.fullName)}]\``]),
    ...(error === undefined ? [] : [`\`validators.errors[${JSON.stringify(error.code)}]\``]),
  ];
  return [
    "/*",
    " * The validators of this API: one per params object, rpc result and event payload, by full name,",
    " * and one per declared error with fields, by code, in `validators` at the end of this file.",
    ...(lookups.length === 0 ? [] : [` * For example ${lookups.join(" and ")}.`]),
    " * The runtimes call them on decoded values. This is ajv standalone code, compiled when the file",
    " * was generated: nothing is compiled or `eval`ed at run time. A validator returns whether the value",
    " * is valid, and removes in place the fields the schema does not declare.",
    " *",
    " * Reading an error: after `false`, the validator's `errors` holds the first problem found, e.g.",
    ' *   { instancePath: "/name", keyword: "maxLength", params: { limit: 32 },',
    ' *     message: "must NOT have more than 32 characters", schemaPath: "#/maxLength" }',
    ' * `instancePath` is a JSON Pointer to the offending value inside the one checked (`""`: itself),',
    " * `keyword` the rule it broke and `params` that rule's arguments; for `required` the path is the",
    " * object's and `params.missingProperty` names what is missing. `schemaPath` points into the schema",
    " * of the function that found the problem, whose `sourceURL` line names it: `type.<Name>`,",
    " * `params.<method>`, `result.<method>`, `event.<event>` or `error.<CODE>`. A caller whose params",
    " * fail gets `INVALID_ARGUMENT`, its `details.problems` (`{ path, message }`) made from these; a",
    " * handler's result or error details that fail answer `INTERNAL`, and the server logs them.",
    " */",
  ];
}

/**
 * ajv's standalone code `require`s its run-time helpers even in ESM mode; generated code may
 * import nothing, so each known helper is inlined. An unknown one is a gidl bug, not the user's.
 * The per-validator `export`s become plain constants: the module exports only `validators`.
 */
function inlineRuntime(code: string): string {
  let result = code
    .replace(/^"use strict";\n?/, "")
    .replace(new RegExp(`^export const ${INTERNAL_EXPORT}\\d+ = validate\\d+;\n`, "gm"), "")
    .replace(/^export const (validator\d+) = /gm, "const $1 = ");
  for (const [required, inline] of runtimeRequires) result = result.split(required).join(inline);
  // `= require("…")` only: a user's @pattern may well contain "require(", but in a JSON string.
  const leftover = /= require\("[^"]*"\)/.exec(result);
  if (leftover !== null) throw new Error(`gidl internal error: ajv standalone code needs ${leftover[0]}`);
  return result;
}
