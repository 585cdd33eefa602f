/**
 * Statements laid out as prettier lays them out (print width 110), so that binary.ts reads like
 * the project's own code: a statement is printed at the indentation it ends up at, and breaks
 * (braces, one argument per line) only where a line would be too long.
 */
import { layoutParameters, printWidth } from "../framework/layout.js";

/** One statement (or several lines of one), printed at `indent`. */
export type Statement = (indent: string) => string;

function fits(text: string): boolean {
  return !text.includes("\n") && text.length <= printWidth;
}

/** A statement that is never broken. */
export function line(text: string): Statement {
  return (indent) => `${indent}${text}`;
}

/** `head(a, b)tail`, one argument per line when it does not fit. */
export function call(head: string, args: readonly string[], tail = ";"): Statement {
  return (indent) => layoutParameters(indent, head, args, tail);
}

/** `if (condition) statement;`, in braces when that does not fit on one line. */
export function ifThen(condition: string, statement: Statement): Statement {
  return controlled(`if (${condition})`, statement);
}

/** `for (header) statement;`, in braces when that does not fit on one line. */
export function forThen(header: string, statement: Statement): Statement {
  return controlled(`for (${header})`, statement);
}

function controlled(head: string, statement: Statement): Statement {
  return (indent) => {
    const single = `${indent}${head} ${statement("")}`;
    return fits(single) ? single : `${indent}${head} {\n${statement(`${indent}  `)}\n${indent}}`;
  };
}

/** `head {`, the statements, `}` (`head {}` when there are none). */
export function block(head: string, statements: readonly Statement[], tail = ""): Statement {
  return (indent) => {
    if (statements.length === 0) return `${indent}${head} {}${tail}`;
    const body = statements.map((statement) => statement(`${indent}  `)).join("\n");
    return `${indent}${head} {\n${body}\n${indent}}${tail}`;
  };
}

/** `try {…} catch (error) {…}`. */
export function tryCatch(body: readonly Statement[], handler: readonly Statement[]): Statement {
  return (indent) => `${block("try", body)(indent)} ${block("catch (error)", handler)(indent).trimStart()}`;
}

/** `head{ a: x, b: y }tail` on one line when it fits, otherwise one property per line. */
export function objectLiteral(head: string, properties: readonly string[], tail: string): Statement {
  return (indent) => {
    if (properties.length === 0) return `${indent}${head}{}${tail}`;
    const single = `${indent}${head}{ ${properties.join(", ")} }${tail}`;
    if (fits(single)) return single;
    const lines = properties.map((property) => `${indent}  ${property},`).join("\n");
    return `${indent}${head}{\n${lines}\n${indent}}${tail}`;
  };
}

/** A function declaration with its JSDoc line; the signature breaks as prettier breaks it. */
export function functionDeclaration(
  generatedFrom: string,
  name: string,
  parameters: readonly string[],
  returnType: string,
  statements: readonly Statement[],
): string {
  // Laid out with its ` {`, which counts towards the line's width.
  const signature = layoutParameters("", `function ${name}`, parameters, `: ${returnType} {`).slice(0, -2);
  return `/** @generated from ${generatedFrom} */\n${block(signature, statements)("")}`;
}
