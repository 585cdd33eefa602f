/**
 * Line layout for generated TypeScript, matching what prettier (printWidth 110) would print, so
 * that generated code reads like the project's own.
 */
export const printWidth = 110;

/**
 * A call or signature: `head(a, b)tail` on one line when it fits, otherwise one parameter per line.
 * @param indent the indentation of the first line, included in the result
 */
export function layoutParameters(
  indent: string,
  head: string,
  parameters: readonly string[],
  tail: string,
): string {
  const oneLine = `${indent}${head}(${parameters.join(", ")})${tail}`;
  if (oneLine.length <= printWidth || parameters.length === 0) return oneLine;
  return `${indent}${head}(\n${parameters.map((parameter) => `${indent}  ${parameter},\n`).join("")}${indent})${tail}`;
}

/**
 * A call whose last argument is an object literal: on one line when it fits, otherwise with the
 * object's properties on their own lines (prettier "hugs" a last object argument).
 */
export function layoutCallWithObject(
  indent: string,
  head: string,
  leading: readonly string[],
  properties: readonly string[],
  tail: string,
): string {
  const oneLine = `${indent}${head}(${[...leading, `{ ${properties.join(", ")} }`].join(", ")})${tail}`;
  if (oneLine.length <= printWidth) return oneLine;
  const open = `${indent}${head}(${[...leading, "{"].join(", ")}`;
  return `${open}\n${properties.map((property) => `${indent}  ${property},\n`).join("")}${indent}})${tail}`;
}
