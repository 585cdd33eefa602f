/**
 * The value constraints `@range`, `@length`, `@pattern`, `@format`: each fits only some types
 * (after aliases), and its values are checked against the type (constraint-checks.ts).
 */
import type { TypeRef } from "../../model.js";
import type { CheckContext } from "../context.js";
import { didYouMean } from "../suggest.js";
import { formatTypeRef, underlying } from "../type-refs.js";
import { describeElement, type Element, type ElementKind } from "../walk.js";
import { asNumber, asString, integerIn, MAX_SAFE } from "./arguments.js";
import {
  checkPattern,
  checkRange,
  constraintFits,
  FORMATS,
  isFormat,
  type ConstraintName,
} from "./constraint-checks.js";
import { accept, defineAttribute, reject, type Misfit } from "./descriptor.js";

const VALUES: readonly ElementKind[] = ["field", "parameter", "alias"];

/** The declared type of a field, parameter or alias, and what it is after aliases. */
function valueType(
  checker: CheckContext,
  target: Element,
): { readonly declared: TypeRef; readonly type: TypeRef | undefined } | undefined {
  const declared = target.type === undefined ? undefined : checker.resolved.get(target.type);
  return declared === undefined ? undefined : { declared, type: underlying(checker, declared) };
}

function misfitOf(name: ConstraintName) {
  return (checker: CheckContext, target: Element): Misfit | undefined => {
    // An unresolved type was reported; its constraints cannot be judged.
    const value = valueType(checker, target);
    if (value?.type === undefined || constraintFits(name, value.type)) return undefined;
    const { declared, type } = value;
    return {
      target: `${describeElement(target.kind)} of type ${typeText(declared, type)}`,
      hint:
        name !== "range" && (type.kind === "list" || type.kind === "map")
          ? "to constrain the items, declare an alias with the attribute and use it as the item type"
          : undefined,
    };
  };
}

/** "u8", or "PlayerId (u8)" when the declared type is an alias. */
function typeText(declared: TypeRef, type: TypeRef): string {
  const under = formatTypeRef(type);
  return declared.kind === "named" && declared !== type ? `${declared.name} (${under})` : under;
}

export const rangeAttribute = defineAttribute({
  targets: VALUES,
  misfit: misfitOf("range"),
  arguments: {
    count: [2, 2],
    expected: "two numbers: @range(min, max)",
    read({ positional }) {
      const min = asNumber(positional[0]);
      const max = asNumber(positional[1]);
      return min === undefined || max === undefined ? reject() : accept({ min, max });
    },
  },
  apply(context, target, { min, max }) {
    const type = valueType(context.checker, target)?.type;
    if (type?.kind !== "primitive") return;
    const result = checkRange(type.name, min, max);
    if (result.ok) {
      context.set.constraints.range = { min: result.min, max: result.max };
      return;
    }
    switch (result.problem) {
      case "not-integer":
        context.report(context.attribute, "attribute-arguments", {
          name: "range",
          expected: `whole numbers for ${type.name}`,
        });
        return;
      case "outside":
        context.report(context.attribute, "range-outside-type", {
          min: min.kind === "IntegerLiteral" ? min.value : min.text,
          max: max.kind === "IntegerLiteral" ? max.value : max.text,
          type: type.name,
          typeMin: result.typeMin,
          typeMax: result.typeMax,
        });
        return;
      case "min-greater":
        context.report(context.attribute, "min-greater-than-max", {
          name: "range",
          min: result.min,
          max: result.max,
        });
        return;
    }
  },
});

export const lengthAttribute = defineAttribute({
  targets: VALUES,
  misfit: misfitOf("length"),
  arguments: {
    count: [1, 2],
    expected: "one or two non-negative integers: @length(max) or @length(min, max)",
    read({ positional }) {
      const [first, second] = positional.map((value) => integerIn(value, 0n, MAX_SAFE));
      if (first === undefined || (positional.length === 2 && second === undefined)) return reject();
      return accept(second === undefined ? { min: 0, max: first } : { min: first, max: second });
    },
  },
  apply(context, _target, { min, max }) {
    if (min > max) {
      context.report(context.attribute, "min-greater-than-max", { name: "length", min, max });
      return;
    }
    context.set.constraints.length = { min, max };
  },
});

export const patternAttribute = defineAttribute({
  targets: VALUES,
  misfit: misfitOf("pattern"),
  arguments: {
    count: [1, 1],
    expected: 'one string: @pattern("^[a-z]+$")',
    read({ positional }) {
      const pattern = asString(positional[0]);
      return pattern === undefined ? reject() : accept(pattern);
    },
  },
  apply(context, _target, pattern) {
    const result = checkPattern(pattern.value, context.state.patternBudget);
    if (!result.ok && result.problem === "invalid") {
      context.report(pattern, "invalid-pattern", { reason: result.reason });
    } else if (!result.ok) {
      context.report(pattern, "redos-pattern", { complexity: result.complexity });
    } else {
      context.set.constraints.pattern = pattern.value;
    }
  },
});

export const formatAttribute = defineAttribute({
  targets: VALUES,
  misfit: misfitOf("format"),
  arguments: {
    count: [1, 1],
    expected: `one string, one of ${FORMATS.join(", ")}: @format("email")`,
    read({ positional }) {
      const format = asString(positional[0]);
      return format === undefined ? reject() : accept(format);
    },
  },
  apply(context, _target, format) {
    if (!isFormat(format.value)) {
      context.report(format, "unknown-format", { name: format.value }, didYouMean(format.value, FORMATS));
      return;
    }
    context.set.constraints.format = format.value;
  },
});
