/**
 * types.ts: every schema type, the params/result/payload types of each method and event, the
 * `Methods`/`Events` maps, `SCHEMA_HASH` and the `errors` factories. Node-free (gidl/protocol only).
 */
import type { EnumType, ErrorDeclaration, Field, TypeDeclaration, UnionType } from "../../idl/model.js";
import { createGeneratedFile, type OutputFile } from "../framework/generated-file.js";
import { layoutCallWithObject, printWidth } from "../framework/layout.js";
import { propertyKey } from "../framework/identifiers.js";
import { jsdocLines } from "../framework/jsdoc.js";
import {
  enumValuesName,
  errorDetailsTypeName,
  eventTypeName,
  paramsTypeName,
  resultTypeName,
  typeName,
} from "../framework/naming.js";
import type { TargetContext } from "../context.js";
import { tsResultType, tsType } from "./type-expression.js";

export interface InterfaceView {
  readonly isInterface: true;
  readonly jsdoc: readonly string[];
  readonly name: string;
  readonly fields: readonly FieldView[];
}

export interface FieldView {
  readonly jsdoc: readonly string[];
  readonly key: string;
  readonly optional: boolean;
  readonly type: string;
}

interface AliasView {
  readonly jsdoc: readonly string[];
  readonly name: string;
  /** The type expression, already laid out (it may span lines). */
  readonly type: string;
  readonly values?: { readonly name: string; readonly members: readonly string[] };
}

export function generateTypes(context: TargetContext): OutputFile {
  const { model } = context;
  const file = createGeneratedFile("types.ts", context.header);
  file.importValue("GameError", "gidl/protocol");
  const view = {
    hash: model.hash,
    types: model.types.map(typeView),
    errorDetails: model.errors.filter((error) => error.fields.length > 0).map(errorDetailsView),
    errors: model.errors.map(errorView),
    services: model.services.map((service) => ({
      methods: service.methods.map((method) => ({
        params: interfaceView(
          paramsTypeName(method),
          method.params,
          {
            doc: `The parameters of \`${method.fullName}\`.`,
          },
          `${method.kind} ${method.fullName}`,
        ),
        result:
          method.kind === "rpc"
            ? {
                name: resultTypeName(method),
                type: tsResultType(method.result),
                jsdoc: jsdocLines(
                  { doc: `What \`${method.fullName}\` returns.` },
                  `${method.kind} ${method.fullName}`,
                ),
              }
            : null,
      })),
      events: service.events.map((event) =>
        interfaceView(eventTypeName(event), event.fields, event, `event ${event.fullName}`),
      ),
    })),
    methodMap: model.services.flatMap((service) =>
      service.methods.map((method) => ({
        key: JSON.stringify(method.fullName),
        params: paramsTypeName(method),
        result: method.kind === "rpc" ? resultTypeName(method) : "void",
      })),
    ),
    eventMap: model.services.flatMap((service) =>
      service.events.map((event) => ({ key: JSON.stringify(event.fullName), payload: eventTypeName(event) })),
    ),
  };
  file.print(context.templates.render("types.ts.hbs", view));
  return file.toOutputFile();
}

export function interfaceView(
  name: string,
  fields: readonly Field[],
  documented: { readonly doc?: string; readonly deprecated?: string },
  generatedFrom: string,
): InterfaceView {
  return {
    isInterface: true,
    jsdoc: jsdocLines(documented, generatedFrom),
    name,
    fields: fields.map(fieldView),
  };
}

export function fieldView(field: Field): FieldView {
  return {
    jsdoc: jsdocLines(field),
    key: propertyKey(field.name),
    optional: field.optional,
    type: tsType(field.type),
  };
}

function typeView(type: TypeDeclaration): InterfaceView | AliasView {
  const name = typeName(type.name);
  const generatedFrom = `${type.kind} ${type.name}`;
  switch (type.kind) {
    case "struct":
      return interfaceView(name, type.fields, type, generatedFrom);
    case "alias":
      return { jsdoc: jsdocLines(type, generatedFrom), name, type: tsType(type.type) };
    case "enum":
      return enumView(type, name, generatedFrom);
    case "union":
      return unionView(type, name, generatedFrom);
  }
}

function enumView(type: EnumType, name: string, generatedFrom: string): AliasView {
  const literals = type.members.map((member) => JSON.stringify(member.name));
  const alternatives = type.members.map((member, index) => ({
    jsdoc: jsdocLines(member),
    code: literals[index] ?? "",
  }));
  return {
    jsdoc: jsdocLines(type, generatedFrom),
    name,
    type: unionLayout(name, alternatives),
    values: { name: enumValuesName(name), members: literals },
  };
}

function unionView(type: UnionType, name: string, generatedFrom: string): AliasView {
  // docs/language.md "Unions": a variant is its struct's fields plus `kind: "tag"`.
  const alternatives = type.variants.map((variant) => ({
    jsdoc: jsdocLines(variant),
    code: `({ kind: ${JSON.stringify(variant.tag)} } & ${typeName(variant.struct)})`,
  }));
  return { jsdoc: jsdocLines(type, generatedFrom), name, type: unionLayout(name, alternatives) };
}

/** `A | B` on one line when it fits and nothing is documented; otherwise one alternative per line, as prettier lays it out. */
function unionLayout(
  name: string,
  alternatives: readonly { jsdoc: readonly string[]; code: string }[],
): string {
  const oneLine = alternatives.map((alternative) => alternative.code).join(" | ");
  const documented = alternatives.some((alternative) => alternative.jsdoc.length > 0);
  if (!documented && `export type ${name} = ${oneLine};`.length <= printWidth) return oneLine;
  return alternatives
    .map((alternative) => {
      const doc = alternative.jsdoc.length > 0 ? `\n  /** ${alternative.jsdoc.join(" ")} */` : "";
      return `${doc}\n  | ${alternative.code}`;
    })
    .join("");
}

function errorDetailsView(error: ErrorDeclaration): InterfaceView {
  return interfaceView(
    errorDetailsTypeName(error.code),
    error.fields,
    { doc: `The \`details\` of error \`${error.code}\`.` },
    `error ${error.code}`,
  );
}

function errorView(error: ErrorDeclaration) {
  const hasDetails = error.fields.length > 0;
  return {
    jsdoc: jsdocLines(error, `error ${error.code}`),
    code: error.code,
    hasDetails,
    detailsType: hasDetails ? errorDetailsTypeName(error.code) : "undefined",
    construct: layoutCallWithObject(
      "    ",
      "new GameError",
      // The doc comment's first line reads well as a message; GameError falls back to the code.
      [
        JSON.stringify(error.code),
        error.doc === undefined ? "message" : `message ?? ${JSON.stringify(error.doc.split("\n")[0])}`,
      ],
      [hasDetails ? "details" : "details: undefined", `retry: ${error.retryable}`],
      ",",
    ),
    retry: error.retryable,
  };
}
