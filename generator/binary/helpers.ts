/**
 * The few helpers the generated functions share, printed into binary.ts itself: each is called
 * only on an error path or for a map entry, never in place of a type's own code.
 */

export interface HelperUse {
  readonly unions: boolean;
  readonly maps: boolean;
}

const encoding = `/**
 * Why a struct could not be written: a missing required field by name, or a value of the wrong
 * kind (what reading it threw) as a BinaryEncodeError.
 */
function encodingError(error: unknown, value: unknown, what: string, ...required: string[]): unknown {
  if (typeof value !== "object" || value === null) {
    return new BinaryEncodeError(\`\${what}: \${String(value)} is not an object\`);
  }
  for (const name of required) {
    if ((value as Record<string, unknown>)[name] === undefined) {
      return new BinaryEncodeError(\`\${what}: the required field \${name} is missing\`);
    }
  }
  return error instanceof TypeError ? new BinaryEncodeError(\`\${what}: \${error.message}\`) : error;
}

/** An enum value that is none of its members. */
function notAMember(enumName: string, value: unknown): BinaryEncodeError {
  return new BinaryEncodeError(\`\${enumName}: \${String(value)} is not one of its members\`);
}

/**
 * docs/protocol.md "Bad frames": an enum index past the members decodes as a text that no member
 * has (members are identifiers), which the validator refuses as JSON's unknown member.
 */
function outsideMembers(index: number): never {
  return String(index) as never;
}`;

const unions = `/** A union value whose \`kind\` is none of its variants. */
function notAVariant(union: string, value: { readonly kind?: unknown }): BinaryEncodeError {
  return new BinaryEncodeError(\`\${union}: \${String(value.kind)} is not one of its variants\`);
}

/**
 * docs/protocol.md "Bad frames": a variant index past the variants is the problem the validator
 * reports for an unknown \`kind\`, at the union's path (\`under\` adds the path on the way out).
 */
function unknownVariant(): BinaryValueError {
  return new BinaryValueError("", 'value of tag "kind" must be in oneOf');
}

/** A problem found in a field, list item or map entry, placed under it. */
function under(error: unknown, segment: string | number): unknown {
  return error instanceof BinaryValueError ? error.under(segment) : error;
}`;

const maps = `/**
 * docs/protocol.md "Values": a repeated key keeps the last value, and \`__proto__\` stays an own
 * key, as JSON.parse makes it.
 */
function setEntry<T>(map: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") {
    Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    map[key] = value;
  }
}`;

const codec = `/** One value's encoder and decoder, checked to agree on the value's type. */
function codec<T>(encode: (w: BinaryWriter, value: T) => void, decode: (r: BinaryReader) => T): ValueCodec {
  return { encode, decode };
}`;

const noFields = `/** The params, payload or details of a member without fields: nothing on the wire. */
const noFields: ValueCodec = { encode() {}, decode: () => ({}) };`;

export function helpersCode(use: HelperUse): string[] {
  return [codec, noFields, encoding, ...(use.unions ? [unions] : []), ...(use.maps ? [maps] : [])];
}
