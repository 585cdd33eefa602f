/**
 * binary.ts: the encoders and decoders of the binary codec (docs/protocol.md "The binary codec"),
 * one straight-line pair per named type, list or map and per params object, event payload and
 * error details, and the `binary: BinarySchema` that hands them to the runtimes through
 * definition.ts. Node-free (gidl/protocol only).
 */
import type { Field } from "../../idl/model.js";
import type { TargetContext } from "../context.js";
import { apiTitle } from "../context.js";
import { createGeneratedFile, type OutputFile } from "../framework/generated-file.js";
import { renderJsdoc, jsdocLines } from "../framework/jsdoc.js";
import { errorDetailsTypeName, eventTypeName, paramsTypeName, typeName } from "../framework/naming.js";
import { enumFunctions, unionFunctions } from "./choices.js";
import { extraFunctions } from "./containers.js";
import { helpersCode } from "./helpers.js";
import { createCodecPlan, type CodecPlan } from "./plan.js";
import { reachableDeclarations } from "./reachable.js";
import { codecOf, schemaLiteral, type Code, type SchemaEntries } from "./schema.js";
import { structDecoder, structEncoder, type StructSpec } from "./struct.js";

export function generateBinary(context: TargetContext): OutputFile {
  const { model } = context;
  const plan = createCodecPlan(model);

  const typeFunctions: string[] = [];
  for (const declaration of model.types) {
    switch (declaration.kind) {
      case "struct": {
        const name = plan.functionName({ kind: "struct", declaration });
        typeFunctions.push(
          ...structPair(plan, name, {
            fields: declaration.fields,
            what: declaration.name,
            type: `types.${typeName(declaration.name)}`,
            generatedFrom: `struct ${declaration.name}`,
          }),
        );
        break;
      }
      case "enum":
        typeFunctions.push(...enumFunctions(plan, declaration));
        break;
      case "union":
        typeFunctions.push(...unionFunctions(plan, declaration));
        break;
      case "alias": {
        // An alias of a built-in or named type is that type; one of a list or map has its own pair.
        const ref = plan.resolve({ kind: "named", name: declaration.name });
        if (ref.kind === "container") typeFunctions.push(...extraFunctions(plan, ref));
        break;
      }
    }
  }

  const memberFunctions: string[] = [];
  const member = (typeNameOfMember: string, spec: Omit<StructSpec, "type">): Code => {
    if (spec.fields.length === 0) return "noFields";
    const name = plan.memberFunctionName(typeNameOfMember);
    memberFunctions.push(...structPair(plan, name, { ...spec, type: `types.${typeNameOfMember}` }));
    return codecOf(name);
  };
  const entries = {
    methods: new Map<string, { params: Code; result: Code }>(),
    events: new Map<string, Code>(),
    errors: new Map<string, Code>(),
  } satisfies SchemaEntries;
  for (const service of model.services) {
    for (const method of service.methods) {
      const params = member(
        paramsTypeName(method),
        fieldsSpec(method.params, method.fullName, "params", method.kind),
      );
      const result =
        method.result === null ? "null" : codecOf(plan.functionName(plan.resolve(method.result)));
      entries.methods.set(method.fullName, { params, result });
    }
    for (const event of service.events) {
      entries.events.set(
        event.fullName,
        member(eventTypeName(event), fieldsSpec(event.fields, event.fullName, "payload", "event")),
      );
    }
  }
  for (const error of model.errors) {
    entries.errors.set(
      error.code,
      member(errorDetailsTypeName(error.code), {
        fields: error.fields,
        what: `${error.code} details`,
        generatedFrom: `error ${error.code}`,
      }),
    );
  }

  // Lists, maps and built-in results met so far; printing one may meet more.
  const containerFunctions: string[] = [];
  for (let i = 0; i < plan.extraFunctions.length; i++) {
    const ref = plan.extraFunctions[i];
    if (ref !== undefined) containerFunctions.push(...extraFunctions(plan, ref));
  }

  const file = createGeneratedFile("binary.ts", context.header);
  const unions = model.types.some((declaration) => declaration.kind === "union");
  const maps = [...typeFunctions, ...containerFunctions].some((code) => code.includes("setEntry("));
  const jsdoc = jsdocLines(
    {
      doc: [
        `How ${apiTitle(model)} travels on the binary codec (docs/protocol.md "The binary codec"): an`,
        "encoder and a decoder of each method's params and result, event's payload and declared",
        "error's details. A decoded value has its TypeScript form as far as its bytes go; the validators",
        "check the rest (a number past its type's range, an unknown enum index).",
      ].join("\n"),
    },
    `package ${model.package}`,
  );
  // Blank lines between declarations; the helpers and `noFields` come last, before the schema.
  const schema = `${renderJsdoc(jsdoc)}\n${schemaLiteral(model, entries)}`;
  const functions = [
    ...typeFunctions,
    ...containerFunctions,
    ...memberFunctions,
    ...helpersCode({ unions, maps }),
  ];
  const kept = reachableDeclarations(functions, schema);
  file.print([imports(kept.some((code) => code.includes("BinaryValueError"))), ...kept, schema].join("\n\n"));
  return file.toOutputFile();
}

/** What the self-check reads in place of binary.ts (generator/README.md "The self-check"). */
export function binaryDeclaration(): OutputFile {
  return {
    path: "binary.d.ts",
    content:
      'import type { BinarySchema } from "gidl/protocol";\n\n/** The binary codec\'s encoders and decoders. */\nexport declare const binary: BinarySchema;\n',
  };
}

function structPair(plan: CodecPlan, name: string, spec: StructSpec): string[] {
  return [structEncoder(plan, name, spec), structDecoder(plan, name, spec)];
}

function fieldsSpec(
  fields: readonly Field[],
  fullName: string,
  part: "params" | "payload",
  kind: string,
): Omit<StructSpec, "type"> {
  return { fields, what: `${fullName} ${part}`, generatedFrom: `${kind} ${fullName}` };
}

/** The imports, printed here: types.ts's types are reached through `types.`, so no schema name can clash. */
function imports(unions: boolean): string {
  const names = [
    "BinaryEncodeError",
    "type BinaryReader",
    "type BinarySchema",
    ...(unions ? ["BinaryValueError"] : []),
    "type BinaryWriter",
    "type ValueCodec",
  ];
  return [
    `import {\n${names.map((name) => `  ${name},\n`).join("")}} from "gidl/protocol";`,
    'import * as types from "./types.js";',
  ].join("\n");
}
