/**
 * Prints JSON-like data as a TypeScript literal laid out as prettier would: an object or array on
 * one line when it fits in the print width, otherwise one entry per line; keys unquoted when they
 * are identifiers.
 */
import { propertyKey } from "./identifiers.js";
import { printWidth } from "./layout.js";

export type LiteralValue =
  | string
  | number
  | boolean
  | null
  | readonly LiteralValue[]
  | { readonly [key: string]: LiteralValue | undefined };

/**
 * @param indent the indentation of the line the literal starts on
 * @param prefix the text before the literal on that line (after the indentation), e.g. `methods: `
 * @param suffix the text after it, e.g. `,` or `;`
 */
export function printLiteral(value: LiteralValue, indent = "", prefix = "", suffix = ""): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const entries = Array.isArray(value)
    ? (value as readonly LiteralValue[]).map((item) => ({ prefix: "", item }))
    : Object.entries(value)
        .filter((entry): entry is [string, LiteralValue] => entry[1] !== undefined)
        .map(([key, item]) => ({ prefix: `${propertyKey(key)}: `, item }));
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) return `${open}${close}`;

  const inner = entries.map((entry) => `${entry.prefix}${printLiteral(entry.item, "", entry.prefix)}`);
  const padded = Array.isArray(value) ? inner.join(", ") : ` ${inner.join(", ")} `;
  const oneLine = `${open}${padded}${close}`;
  if (
    !oneLine.includes("\n") &&
    indent.length + prefix.length + oneLine.length + suffix.length <= printWidth
  ) {
    return oneLine;
  }
  const childIndent = `${indent}  `;
  const lines = entries.map(
    (entry) => `${childIndent}${entry.prefix}${printLiteral(entry.item, childIndent, entry.prefix, ",")},`,
  );
  return `${open}\n${lines.join("\n")}\n${indent}${close}`;
}
