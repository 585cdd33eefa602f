/**
 * One place that decides whether a schema name can be used as-is as a TypeScript identifier
 * (docs/contributing.md "Generated code": reserved words are escaped by one `safeIdentifier`). A
 * reserved name gets a `$` suffix, as in protobuf-es: `type Promise` becomes `Promise$`, and every
 * reference follows.
 */

/** ECMAScript reserved and strict-mode words, and the TypeScript keywords that name types. */
const reservedWords = words(`
  await break case catch class const continue debugger default delete do else enum export extends false
  finally for function if import in instanceof new null return super switch this throw true try typeof var
  void while with yield implements interface let package private protected public static arguments eval
  undefined NaN Infinity any bigint boolean never number object string symbol unknown type keyof infer is
  asserts declare readonly unique satisfies as namespace module abstract global out accessor
`);

/** Globals that generated code refers to: a schema type of that name would shadow them. */
const usedGlobals = words("Promise Record Uint8Array");

/**
 * Names that types.ts declares or imports beside the schema's types. The other generated files
 * import only names derived from members (`CombatAttackParams`), never a schema type directly, so
 * their own names (`Context`, `Client`…) cannot clash with one.
 */
const generatedNames = words("SCHEMA_HASH errors Methods Events ErrorDetails ErrorCode GameError");

const reserved: ReadonlySet<string> = new Set([...reservedWords, ...usedGlobals, ...generatedNames]);

/** `name` when it is safe as a top-level TypeScript identifier, otherwise `name$`. */
export function safeIdentifier(name: string): string {
  return reserved.has(name) ? `${name}$` : name;
}

/** A property key as it must be written in an object literal or type: `attack`, `"combat.attack"`. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== "");
}
