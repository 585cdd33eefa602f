/**
 * Reading an attribute's arguments by shape: how many positional ones, which named ones, and
 * of what literal kind. A reader returns `undefined` for anything else; the caller reports
 * `attribute-arguments` with the attribute's expected form.
 */
import type {
  AttributeArgumentNode,
  AttributeNode,
  IdentifierNode,
  IntegerLiteralNode,
  StringLiteralNode,
  DecimalLiteralNode,
  RateLiteralNode,
} from "../../syntax/ast.js";

export interface ArgumentShape {
  readonly positional: readonly AttributeArgumentNode["value"][];
  readonly named: ReadonlyMap<string, AttributeArgumentNode["value"]>;
}

/**
 * Splits the arguments; `undefined` when a named argument repeats, a positional one follows a
 * named one, or a name is not among `allowedNames`.
 */
export function shapeOf(
  attribute: AttributeNode,
  allowedNames: readonly string[] = [],
): ArgumentShape | undefined {
  const positional: AttributeArgumentNode["value"][] = [];
  const named = new Map<string, AttributeArgumentNode["value"]>();
  for (const argument of attribute.args ?? []) {
    if (argument.name === undefined) {
      if (named.size > 0) return undefined;
      positional.push(argument.value);
      continue;
    }
    const name = argument.name.text;
    if (named.has(name) || !allowedNames.includes(name)) return undefined;
    named.set(name, argument.value);
  }
  return { positional, named };
}

type Value = AttributeArgumentNode["value"] | undefined;

/** The largest integer argument a JS number holds exactly. */
export const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function asString(value: Value): StringLiteralNode | undefined {
  return value?.kind === "StringLiteral" ? value : undefined;
}

export function asInteger(value: Value): IntegerLiteralNode | undefined {
  return value?.kind === "IntegerLiteral" ? value : undefined;
}

export function asNumber(value: Value): IntegerLiteralNode | DecimalLiteralNode | undefined {
  return value?.kind === "IntegerLiteral" || value?.kind === "DecimalLiteral" ? value : undefined;
}

export function asRate(value: Value): RateLiteralNode | undefined {
  return value?.kind === "RateLiteral" ? value : undefined;
}

export function asIdentifier(value: Value): IdentifierNode | undefined {
  return value?.kind === "Identifier" ? value : undefined;
}

/** An integer argument within [min, max], as a JS number (the bounds keep it exact). */
export function integerIn(value: Value, min: bigint, max: bigint): number | undefined {
  const literal = asInteger(value);
  if (literal === undefined || literal.value < min || literal.value > max) return undefined;
  return Number(literal.value);
}
