/**
 * Enums and unions: a varint index in declaration order (docs/protocol.md "Values"). An index the
 * decoder does not know becomes what the validator refuses as JSON's unknown member or `kind`
 * (docs/protocol.md "Bad frames").
 */
import type { EnumType, UnionType } from "../../idl/model.js";
import { enumValuesName, typeName } from "../framework/naming.js";
import { block, functionDeclaration, line, type Statement } from "./code.js";
import type { CodecPlan } from "./plan.js";
import { structDecoder } from "./struct.js";

export function enumFunctions(plan: CodecPlan, declaration: EnumType): string[] {
  const name = plan.functionName({ kind: "enum", declaration });
  const type = `types.${typeName(declaration.name)}`;
  const values = `types.${enumValuesName(typeName(declaration.name))}`;
  const from = `enum ${declaration.name}`;
  return [
    functionDeclaration(from, `encode${name}`, ["w: BinaryWriter", `value: ${type}`], "void", [
      line(`const index = ${values}.indexOf(value);`),
      line(`if (index < 0) throw notAMember(${JSON.stringify(declaration.name)}, value);`),
      line("w.uint(index);"),
    ]),
    functionDeclaration(from, `decode${name}`, ["r: BinaryReader"], type, [
      line("const index = r.uint();"),
      line(`return ${values}[index] ?? outsideMembers(index);`),
    ]),
  ];
}

export function unionFunctions(plan: CodecPlan, declaration: UnionType): string[] {
  const name = plan.functionName({ kind: "union", declaration });
  const type = `types.${typeName(declaration.name)}`;
  const from = `union ${declaration.name}`;
  const variants = declaration.variants.map((variant, index) => {
    const struct = plan.variantStruct(variant.struct);
    return {
      variant,
      index,
      struct,
      encoder: plan.functionName({ kind: "struct", declaration: struct }),
      decoder: plan.variantFunctionName(declaration, variant.tag),
    };
  });
  const indexWriter = (index: number): string => (index < 0x80 ? `w.byte(${index});` : `w.uint(${index});`);

  const encodeCases: Statement[] = variants.map(({ variant, index, encoder }) =>
    caseBlock(`case ${JSON.stringify(variant.tag)}:`, [
      line(indexWriter(index)),
      line(`encode${encoder}(w, value);`),
      line("break;"),
    ]),
  );
  encodeCases.push(
    caseBlock("default:", [line(`throw notAVariant(${JSON.stringify(declaration.name)}, value);`)]),
  );
  const decodeCases: Statement[] = variants.map(({ index, decoder }) =>
    caseBlock(`case ${index}:`, [line(`value = decode${decoder}(r);`), line("break;")]),
  );
  decodeCases.push(caseBlock("default:", [line("throw unknownVariant();")]));

  return [
    functionDeclaration(from, `encode${name}`, ["w: BinaryWriter", `value: ${type}`], "void", [
      block("switch (value.kind)", encodeCases),
    ]),
    functionDeclaration(from, `decode${name}`, ["r: BinaryReader"], type, [
      line("r.enter();"),
      line(`let value: ${type};`),
      block("switch (r.uint())", decodeCases),
      line("r.leave();"),
      line("return value;"),
    ]),
    ...variants.map(({ variant, struct, decoder }) =>
      struct.fields.length === 0
        ? emptyVariantDecoder(decoder, variant.tag, type, `${from}, variant ${variant.tag}`)
        : structDecoder(
            plan,
            decoder,
            {
              fields: struct.fields,
              what: `${declaration.name} ${variant.tag}`,
              type: `{ kind: ${JSON.stringify(variant.tag)} } & types.${typeName(struct.name)}`,
              generatedFrom: `${from}, variant ${variant.tag}`,
              kind: variant.tag,
            },
            type,
          ),
    ),
  ];
}

/**
 * A variant whose struct has no fields: types.ts types that struct as `Record<string, never>`,
 * which no `kind` can join, so the object is given the union's type.
 */
function emptyVariantDecoder(name: string, tag: string, type: string, generatedFrom: string): string {
  return functionDeclaration(generatedFrom, `decode${name}`, ["r: BinaryReader"], type, [
    line("r.enter();"),
    line("r.leave();"),
    line(`return { kind: ${JSON.stringify(tag)} } as ${type};`),
  ]);
}

/** `case x:` and its statements, one level in. */
function caseBlock(label: string, statements: readonly Statement[]): Statement {
  return (indent) =>
    [`${indent}${label}`, ...statements.map((statement) => statement(`${indent}  `))].join("\n");
}
