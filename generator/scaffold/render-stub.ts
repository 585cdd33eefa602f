/**
 * The text of one handler stub: a method with the generated parameter and result types whose body
 * throws, so that a forgotten stub fails loudly at run time instead of answering with nothing.
 */
import type { Method } from "../../idl/model.js";
import type { TextStyle } from "./text-style.js";

/** How the stub refers to the generated types (a plain name, an alias, or `ns.Name`). */
export interface StubTypes {
  readonly params: string;
  /** `undefined` for a send: it returns nothing. */
  readonly result: string | undefined;
  /** The generated `Context` type, without type arguments: the stub adds the method's `throws`. */
  readonly context: string;
}

export interface StubLayout {
  readonly style: TextStyle;
  /** The indentation of the method's first line. */
  readonly indent: string;
  /** A class method, or a method of an object literal (followed by a comma). */
  readonly form: "class" | "object";
}

/** Longer signatures are broken one parameter per line, as prettier would at its usual widths. */
const maxLineWidth = 100;

/** The stub's lines, without line endings. */
export function renderStub(method: Method, types: StubTypes, layout: StubLayout): string[] {
  const { style, indent } = layout;
  const inner = indent + style.indentUnit;
  // Underscores: unused until the stub is filled in, which noUnusedParameters and eslint accept.
  const params = [`_params: ${types.params}`, `_ctx: ${contextType(method, types.context, style)}`];
  const returns = types.result === undefined ? "void" : `${types.result} | Promise<${types.result}>`;
  const oneLine = `${indent}${method.name}(${params.join(", ")}): ${returns} {`;
  const signature =
    oneLine.length <= maxLineWidth
      ? [oneLine]
      : [
          `${indent}${method.name}(`,
          ...params.map((param) => `${inner}${param},`),
          `${indent}): ${returns} {`,
        ];
  const semicolon = style.semicolons ? ";" : "";
  const message = `${method.fullName} is not implemented yet`;
  return [
    ...signature,
    `${inner}throw new Error(${style.quote}${message}${style.quote})${semicolon}`,
    `${indent}}${layout.form === "object" ? "," : ""}`,
  ];
}

/**
 * The handler's context as server.ts types it: `Context<"STUNNED" | "INVALID_TARGET">` for a
 * method that declares errors, whose `ctx.errors` then offers exactly those, and the plain
 * `Context` otherwise (docs/server.md "Handlers"). The codes keep the file's quotes.
 */
function contextType(method: Method, context: string, style: TextStyle): string {
  if (method.throws.length === 0) return context;
  const codes = method.throws.map((code) => `${style.quote}${code}${style.quote}`);
  return `${context}<${codes.join(" | ")}>`;
}
