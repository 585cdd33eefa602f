/**
 * The value constraints (`@range`, `@length`, `@pattern`, `@format`): which types each fits, and
 * the checks of their values against the type — exact for 64-bit integers (bigint), validity and
 * ReDoS safety for patterns.
 */
import { checkSync } from "recheck";
import type { DecimalLiteralNode, IntegerLiteralNode } from "../../syntax/ast.js";
import type { Format, PrimitiveType, TypeRef } from "../../model.js";

export type ConstraintName = "range" | "length" | "pattern" | "format";

const integerBounds: Readonly<Record<string, readonly [bigint, bigint]>> = {
  i8: [-(2n ** 7n), 2n ** 7n - 1n],
  i16: [-(2n ** 15n), 2n ** 15n - 1n],
  i32: [-(2n ** 31n), 2n ** 31n - 1n],
  i64: [-(2n ** 63n), 2n ** 63n - 1n],
  u8: [0n, 2n ** 8n - 1n],
  u16: [0n, 2n ** 16n - 1n],
  u32: [0n, 2n ** 32n - 1n],
  u64: [0n, 2n ** 64n - 1n],
};

/** The largest finite float32. */
const F32_MAX = 3.4028234663852886e38;

/** Whether a constraint can apply to a value of `type` (aliases already followed). */
export function constraintFits(name: ConstraintName, type: TypeRef): boolean {
  const primitive: PrimitiveType | undefined = type.kind === "primitive" ? type.name : undefined;
  switch (name) {
    case "range":
      return (
        primitive !== undefined && (primitive in integerBounds || primitive === "f32" || primitive === "f64")
      );
    case "length":
      return primitive === "string" || primitive === "bytes" || type.kind === "list" || type.kind === "map";
    case "pattern":
    case "format":
      return primitive === "string";
  }
}

export type RangeCheck =
  | { readonly ok: true; readonly min: string; readonly max: string }
  | { readonly ok: false; readonly problem: "not-integer" }
  | { readonly ok: false; readonly problem: "outside"; readonly typeMin: string; readonly typeMax: string }
  | { readonly ok: false; readonly problem: "min-greater"; readonly min: string; readonly max: string };

type NumberLiteral = IntegerLiteralNode | DecimalLiteralNode;

/** Checks `@range(min, max)` against a numeric primitive; the bounds come back as exact decimal text. */
export function checkRange(type: PrimitiveType, min: NumberLiteral, max: NumberLiteral): RangeCheck {
  const bounds = integerBounds[type];
  if (bounds !== undefined) {
    const low = exactInteger(min);
    const high = exactInteger(max);
    if (low === undefined || high === undefined) return { ok: false, problem: "not-integer" };
    const [typeMin, typeMax] = bounds;
    if (low < typeMin || high > typeMax || low > typeMax || high < typeMin) {
      return { ok: false, problem: "outside", typeMin: String(typeMin), typeMax: String(typeMax) };
    }
    if (low > high) return { ok: false, problem: "min-greater", min: String(low), max: String(high) };
    return { ok: true, min: String(low), max: String(high) };
  }
  const limit = type === "f32" ? F32_MAX : Number.MAX_VALUE;
  const low = Number(min.value);
  const high = Number(max.value);
  if (!(Math.abs(low) <= limit && Math.abs(high) <= limit)) {
    return { ok: false, problem: "outside", typeMin: decimalText(-limit), typeMax: decimalText(limit) };
  }
  if (low > high) return { ok: false, problem: "min-greater", min: numberText(min), max: numberText(max) };
  return { ok: true, min: numberText(min), max: numberText(max) };
}

function exactInteger(literal: NumberLiteral): bigint | undefined {
  if (literal.kind === "IntegerLiteral") return literal.value;
  // `1e3` is a whole number written as a decimal; `0.5` is not.
  return Number.isInteger(literal.value) ? BigInt(literal.value) : undefined;
}

function numberText(literal: NumberLiteral): string {
  return literal.kind === "IntegerLiteral" ? String(literal.value) : decimalText(literal.value);
}

/** A finite number as plain decimal text without an exponent: 1e21 → "1000000000000000000000". */
export function decimalText(value: number): string {
  if (Number.isInteger(value)) return BigInt(value).toString();
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (match === null) return text;
  const [, sign = "", lead = "", rest = "", exponentText = "0"] = match;
  const exponent = Number(exponentText);
  const digits = lead + rest;
  // Only negative exponents reach here: integers were handled above.
  return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
}

/**
 * Patterns are compiled with the `u` flag, as ajv does by default (`unicodeRegExp`), so the
 * pattern means at compile time what it means in the generated validators.
 */
export const PATTERN_FLAGS = "u";

export type PatternCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly problem: "invalid"; readonly reason: string }
  | { readonly ok: false; readonly problem: "redos"; readonly complexity: string };

/**
 * How long ReDoS analysis may take: per pattern, and in all for one compile, so that no schema
 * — however many patterns it has — can stall the compiler. A pattern not analysed in time passes.
 */
const PATTERN_TIMEOUT_MS = 1000;
export const PATTERN_BUDGET_MS = 5000;

export interface PatternBudget {
  remainingMs: number;
}

/** Only verdicts reached without running out of time are kept. */
const patternCache = new Map<string, PatternCheck>();

/** Validity, then ReDoS safety. recheck's verdicts "safe" and "unknown" (e.g. timed out) both pass. */
export function checkPattern(source: string, budget: PatternBudget): PatternCheck {
  const cached = patternCache.get(source);
  if (cached !== undefined) return cached;
  try {
    new RegExp(source, PATTERN_FLAGS);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // V8: "Invalid regular expression: /(/u: Unterminated group" → "Unterminated group".
    const reason = /: \/.*\/\w*: (.*)$/s.exec(message)?.[1] ?? message;
    const invalid: PatternCheck = { ok: false, problem: "invalid", reason };
    patternCache.set(source, invalid);
    return invalid;
  }
  if (budget.remainingMs <= 0) return { ok: true };
  const started = Date.now();
  try {
    const timeout = Math.min(PATTERN_TIMEOUT_MS, budget.remainingMs);
    const diagnostics = checkSync(source, PATTERN_FLAGS, { timeout });
    if (diagnostics.status === "unknown") return { ok: true };
    const result: PatternCheck =
      diagnostics.status === "vulnerable"
        ? { ok: false, problem: "redos", complexity: diagnostics.complexity.summary }
        : { ok: true };
    patternCache.set(source, result);
    return result;
  } catch {
    // recheck does not know every syntax V8 accepts; the pattern is valid, so let it pass.
    return { ok: true };
  } finally {
    budget.remainingMs -= Date.now() - started;
  }
}

export const FORMATS: readonly Format[] = ["email", "uuid", "uri", "date-time", "hostname", "ipv4", "ipv6"];

export function isFormat(name: string): name is Format {
  return (FORMATS as readonly string[]).includes(name);
}
