/**
 * JSDoc for generated symbols: the schema's `///` doc comment, `@deprecated` and a line tracing the
 * symbol to the schema (docs/cli.md "Headers and stable output": `@generated from rpc combat.attack`).
 */
import type { Documented } from "../../idl/model.js";

/** The lines of a JSDoc block, without the `/**` and ` *` decoration; empty when there is nothing to say. */
export function jsdocLines(item: Documented, generatedFrom?: string): string[] {
  const lines: string[] = item.doc === undefined ? [] : item.doc.split("\n").map(escapeCommentEnd);
  const tags: string[] = [];
  if (item.deprecated !== undefined) {
    tags.push(
      item.deprecated === "" ? "@deprecated" : `@deprecated ${escapeCommentEnd(oneLine(item.deprecated))}`,
    );
  }
  if (generatedFrom !== undefined) tags.push(`@generated from ${generatedFrom}`);
  if (lines.length > 0 && tags.length > 0) lines.push("");
  return [...lines, ...tags];
}

/** A JSDoc block, each line prefixed with `indent`; "" when `lines` is empty. */
export function renderJsdoc(lines: readonly string[], indent = ""): string {
  if (lines.length === 0) return "";
  const body = lines.map((line) => (line === "" ? `${indent} *` : `${indent} * ${line}`));
  return [`${indent}/**`, ...body, `${indent} */`].join("\n");
}

/** A doc comment must not end the comment it sits in. */
function escapeCommentEnd(text: string): string {
  return text.replaceAll("*/", "*\\/");
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}
