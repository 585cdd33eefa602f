/**
 * The exported `binary: BinarySchema` (protocol/binary/schema.ts): methods and events sorted by
 * full name, their positions being their wire indexes (docs/protocol.md "Messages"), and the
 * details of each declared error.
 */
import type { Model } from "../../idl/model.js";
import { propertyKey } from "../framework/identifiers.js";
import { layoutParameters, printWidth } from "../framework/layout.js";

/** Code to print: an expression, a call laid out by its own rule, or an object or array of them. */
export type Code = string | Call | readonly Code[] | { readonly [key: string]: Code };

/** Prints a call at `indent`, after `prefix` and before `suffix`. */
type Call = (indent: string, prefix: string, suffix: string) => string;

/** `codec(encodeX, decodeX)`: every entry then has the one type `ValueCodec`, which keeps the check of a long list cheap. */
export function codecOf(name: string): Code {
  return (indent, prefix, suffix) =>
    layoutParameters(indent, `${prefix}codec`, [`encode${name}`, `decode${name}`], suffix);
}

export interface SchemaEntries {
  /** By full name: the codec of each method's params, and of its result (`"null"` for none). */
  readonly methods: ReadonlyMap<string, { readonly params: Code; readonly result: Code }>;
  readonly events: ReadonlyMap<string, Code>;
  /** By code, in declaration order. */
  readonly errors: ReadonlyMap<string, Code>;
}

export function schemaLiteral(model: Model, entries: SchemaEntries): string {
  const methods = [...entries.methods.keys()]
    .sort(byCodePoint)
    .map((name): Code => ({ name: JSON.stringify(name), ...entries.methods.get(name) }));
  const events = [...entries.events.keys()]
    .sort(byCodePoint)
    .map((name): Code => ({ name: JSON.stringify(name), payload: entries.events.get(name) ?? "noFields" }));
  const schema: Code = {
    hash: JSON.stringify(model.hash),
    methods,
    events,
    errors: Object.fromEntries(entries.errors),
  };
  return printCode(schema, "", "export const binary: BinarySchema = ", ";");
}

/** docs/protocol.md "Messages": indexes follow the names sorted by code point, not by locale. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Prints `code` as prettier would: on one line when it fits, otherwise one entry per line. */
function printCode(code: Code, indent: string, prefix: string, suffix: string): string {
  if (typeof code === "string") return `${indent}${prefix}${code}${suffix}`;
  if (typeof code === "function") return code(indent, prefix, suffix);
  const isArray = Array.isArray(code);
  const entries = isArray
    ? (code as readonly Code[]).map((item) => ({ key: "", item }))
    : Object.entries(code).map(([key, item]) => ({ key: `${propertyKey(key)}: `, item }));
  const [open, close] = isArray ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) return `${indent}${prefix}${open}${close}${suffix}`;
  const inner = entries.map((entry) => printCode(entry.item, "", entry.key, ""));
  const oneLine = isArray ? `[${inner.join(", ")}]` : `{ ${inner.join(", ")} }`;
  const single = `${indent}${prefix}${oneLine}${suffix}`;
  if (!single.includes("\n") && single.length <= printWidth) return single;
  const lines = entries.map((entry) => printCode(entry.item, `${indent}  `, entry.key, ","));
  return `${indent}${prefix}${open}\n${lines.join("\n")}\n${indent}${close}${suffix}`;
}
