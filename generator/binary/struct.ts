/**
 * The encoder and decoder of a struct, params object, event payload or error details: the
 * presence bitmap, then each field in declaration order (docs/protocol.md "Values"). A decoder
 * builds its object with the required fields in one literal, so that every value of a struct
 * has the same shape, and adds the optional ones that are present after it.
 */
import type { Field } from "../../idl/model.js";
import { propertyKey, safeIdentifier } from "../framework/identifiers.js";
import { printWidth } from "../framework/layout.js";
import { call, functionDeclaration, ifThen, line, objectLiteral, tryCatch, type Statement } from "./code.js";
import { FIXED_NAMES, tsCodecType, type CodecPlan, type CodecRef } from "./plan.js";
import { readValue, writeValue } from "./values.js";

export interface StructSpec {
  readonly fields: readonly Field[];
  /** Named in encoding errors: `AttackResult`, `combat.attack params`. */
  readonly what: string;
  /** The TypeScript type of a value. */
  readonly type: string;
  /** `struct Vec2`, `rpc combat.attack`. */
  readonly generatedFrom: string;
  /** A union variant's tag: the decoded object starts with `kind`. */
  readonly kind?: string;
}

/** docs/protocol.md "Values": bitmap bytes are read and written in chunks of this many (bit tests stay in 32 bits). */
const CHUNK_BITS = 24;

interface PlannedField {
  readonly field: Field;
  readonly ref: CodecRef;
  /** Which presence chunk and bit, for an optional field. */
  readonly chunk: number;
  readonly mask: number;
  readonly reachesUnion: boolean;
}

function planFields(plan: CodecPlan, fields: readonly Field[]): PlannedField[] {
  let optional = 0;
  return fields.map((field) => {
    const ref = plan.resolve(field.type);
    const index = field.optional ? optional++ : -1;
    return {
      field,
      ref,
      chunk: Math.floor(index / CHUNK_BITS),
      mask: 2 ** (index % CHUNK_BITS),
      reachesUnion: plan.reachesUnion(ref),
    };
  });
}

/** The presence chunks: how many optional fields each holds. */
function chunks(fields: readonly PlannedField[]): number[] {
  const optional = fields.filter((planned) => planned.field.optional).length;
  const sizes: number[] = [];
  for (let rest = optional; rest > 0; rest -= CHUNK_BITS) sizes.push(Math.min(rest, CHUNK_BITS));
  return sizes;
}

const bitsName = (chunk: number): string => (chunk === 0 ? "bits" : `bits${chunk + 1}`);

export function structEncoder(plan: CodecPlan, name: string, spec: StructSpec): string {
  const fields = planFields(plan, spec.fields);
  const body: Statement[] = [...encodePresence(fields)];
  for (const planned of fields) {
    const access = `value.${planned.field.name}`;
    const write = writeValue(plan, planned.ref, access);
    body.push(planned.field.optional ? ifThen(`${access} !== undefined`, write) : write);
  }
  const required = fields.filter((planned) => !planned.field.optional).map((planned) => planned.field.name);
  const handler = call("throw encodingError", ["error", "value", quote(spec.what), ...required.map(quote)]);
  const statements = body.length === 0 ? [] : [tryCatch(body, [handler])];
  return functionDeclaration(
    spec.generatedFrom,
    `encode${name}`,
    ["w: BinaryWriter", `value: ${spec.type}`],
    "void",
    statements,
  );
}

function encodePresence(fields: readonly PlannedField[]): Statement[] {
  const sizes = chunks(fields);
  const single = fields.find((planned) => planned.field.optional);
  if (sizes.length === 1 && sizes[0] === 1 && single !== undefined) {
    const text = `w.byte(value.${single.field.name} === undefined ? 0 : 1);`;
    if (`    ${text}`.length <= printWidth) return [line(text)];
  }
  const statements: Statement[] = [];
  sizes.forEach((size, chunk) => {
    statements.push(line(chunk === 0 ? "let bits = 0;" : "bits = 0;"));
    for (const planned of fields.filter((f) => f.field.optional && f.chunk === chunk)) {
      statements.push(ifThen(`value.${planned.field.name} !== undefined`, line(`bits |= ${planned.mask};`)));
    }
    statements.push(line(size <= 8 ? "w.byte(bits);" : `w.presence(bits, ${Math.ceil(size / 8)});`));
  });
  return statements;
}

/** Decodes to `returnType` (the union, for a variant's decoder); `spec.type` is the object's own type. */
export function structDecoder(
  plan: CodecPlan,
  name: string,
  spec: StructSpec,
  returnType = spec.type,
): string {
  const fields = planFields(plan, spec.fields);
  const unionFields = fields.filter((planned) => planned.reachesUnion);
  const optionalFirst = fields.some(
    (planned, index) =>
      planned.field.optional && fields.slice(index + 1).some((later) => !later.field.optional),
  );
  const body: Statement[] = chunks(fields).map((size, chunk) =>
    line(`const ${bitsName(chunk)} = r.presence(${Math.ceil(size / 8)}, ${size});`),
  );
  const kind = spec.kind === undefined ? [] : [`kind: ${JSON.stringify(spec.kind)}`];
  const present = (planned: PlannedField): string => `(${bitsName(planned.chunk)} & ${planned.mask}) !== 0`;

  if (!optionalFirst && unionFields.length <= 1) {
    // Required fields are read in the literal, in order; the optional ones follow them.
    const required = fields.filter((planned) => !planned.field.optional);
    const properties = required.map(
      (planned) => `${propertyKey(planned.field.name)}: ${readValue(plan, planned.ref)}`,
    );
    body.push(objectLiteral(`const value: ${spec.type} = `, [...kind, ...properties], ";"));
    for (const planned of fields.filter((f) => f.field.optional)) {
      const assign = line(`value.${planned.field.name} = ${readValue(plan, planned.ref)};`);
      body.push(ifThen(present(planned), assign));
    }
  } else {
    // Fields are read into locals, in order; `field` follows the reading for a problem's path.
    const local = localNames(fields);
    for (const planned of fields) {
      if (unionFields.length > 1 && planned.reachesUnion)
        body.push(line(`field = ${quote(planned.field.name)};`));
      const read = readValue(plan, planned.ref);
      const name = local(planned);
      if (!planned.field.optional) {
        body.push(line(`const ${name} = ${read};`));
        continue;
      }
      const ternary = `const ${name} = ${present(planned)} ? ${read} : undefined;`;
      if (`    ${ternary}`.length <= printWidth) body.push(line(ternary));
      else {
        body.push(line(`let ${name}: ${tsCodecType(planned.ref)} | undefined;`));
        body.push(ifThen(present(planned), line(`${name} = ${read};`)));
      }
    }
    const properties = fields
      .filter((planned) => !planned.field.optional)
      .map((planned) => {
        const key = propertyKey(planned.field.name);
        return key === local(planned) ? key : `${key}: ${local(planned)}`;
      });
    body.push(objectLiteral(`const value: ${spec.type} = `, [...kind, ...properties], ";"));
    for (const planned of fields.filter((f) => f.field.optional)) {
      body.push(
        ifThen(`${local(planned)} !== undefined`, line(`value.${planned.field.name} = ${local(planned)};`)),
      );
    }
  }
  body.push(line("r.leave();"), line("return value;"));

  const statements: Statement[] = [line("r.enter();")];
  if (unionFields.length === 0) statements.push(...body);
  else {
    const segment = unionFields.length === 1 ? quote(unionFields[0]?.field.name ?? "") : "field";
    if (unionFields.length > 1) statements.push(line('let field = "";'));
    statements.push(tryCatch(body, [line(`throw under(error, ${segment});`)]));
  }
  return functionDeclaration(
    spec.generatedFrom,
    `decode${name}`,
    ["r: BinaryReader"],
    returnType,
    statements,
  );
}

/** A local for each field: its own name unless that would hide something the decoder uses. */
function localNames(fields: readonly PlannedField[]): (planned: PlannedField) => string {
  const used = new Set<string>(["r", "value", "field", "error", ...FIXED_NAMES]);
  for (let chunk = 0; chunk < chunks(fields).length; chunk++) used.add(bitsName(chunk));
  return (planned) => {
    const name = planned.field.name;
    const hides = used.has(name) || /^(?:encode|decode)[A-Z]/.test(name) || safeIdentifier(name) !== name;
    return hides ? `${name}$` : name;
  };
}

function quote(text: string): string {
  return JSON.stringify(text);
}
