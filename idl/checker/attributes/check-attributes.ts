/**
 * Every attribute of docs/language.md "Attributes": where it may stand, what arguments it takes, repeats and
 * conflicts, and — for constraints — whether it fits the type (after aliases) and its values.
 * The result of each element is recorded in `context.attributes` for the model builder.
 *
 * The rules are the attributes' descriptors (table.ts); this pass applies them the same way to
 * every attribute, in this order: known, placement, repetition, finer placement, arguments, apply;
 * conflicts once the element's attributes are all seen.
 */
import type { AttributeNode } from "../../syntax/ast.js";
import { emptyAttributeSet, type AttributeSet, type CheckContext } from "../context.js";
import { didYouMean } from "../suggest.js";
import { describeElement, forEachElement, type Element } from "../walk.js";
import { shapeOf } from "./arguments.js";
import { PATTERN_BUDGET_MS } from "./constraint-checks.js";
import { reject, type AttributeDescriptor, type AttributeName, type PassState } from "./descriptor.js";
import { attributeTable } from "./table.js";

export function checkAttributes(checker: CheckContext): void {
  const state: PassState = { queues: new Map(), patternBudget: { remainingMs: PATTERN_BUDGET_MS } };
  forEachElement(checker, (element) => {
    checker.attributes.set(element.node, checkElement(checker, element, state));
  });
}

/** Own keys only: `@constructor` is an unknown attribute, not a property of every object. */
function isAttributeName(name: string): name is AttributeName {
  return Object.hasOwn(attributeTable, name);
}

function checkElement(checker: CheckContext, element: Element, state: PassState): AttributeSet {
  const set = emptyAttributeSet();
  const seen = new Map<AttributeName, AttributeNode>();
  for (const attribute of element.node.attributes) {
    const name = attribute.name.text;
    if (!isAttributeName(name)) {
      checker.report(
        element.file,
        attribute.name,
        "unknown-attribute",
        { name },
        didYouMean(name, Object.keys(attributeTable)),
      );
      continue;
    }
    const descriptor = attributeTable[name];
    if (!descriptor.targets.includes(element.kind)) {
      checker.report(element.file, attribute, "misplaced-attribute", {
        name,
        target: describeElement(element.kind),
      });
      continue;
    }
    if (seen.has(name) && descriptor.repeatable !== true) {
      checker.report(element.file, attribute, "duplicate-attribute", { name });
      continue;
    }
    seen.set(name, attribute);
    applyAttribute(checker, element, attribute, descriptor, set, state);
  }
  checkConflicts(checker, element, seen);
  return set;
}

function applyAttribute(
  checker: CheckContext,
  element: Element,
  attribute: AttributeNode,
  descriptor: AttributeDescriptor,
  set: AttributeSet,
  state: PassState,
): void {
  const name = attribute.name.text;
  const misfit = descriptor.misfit?.(checker, element);
  if (misfit !== undefined) {
    checker.report(
      element.file,
      attribute,
      "misplaced-attribute",
      { name, target: misfit.target },
      misfit.hint,
    );
    return;
  }
  const spec = descriptor.arguments;
  const shape = shapeOf(attribute, spec.named);
  const [fewest, most] = spec.count;
  const counted = shape !== undefined && shape.positional.length >= fewest && shape.positional.length <= most;
  const read = counted ? spec.read(shape) : reject();
  if (!read.ok) {
    checker.report(element.file, read.at ?? attribute, "attribute-arguments", {
      name,
      expected: spec.expected,
    });
    return;
  }
  descriptor.apply(
    {
      checker,
      attribute,
      set,
      state,
      report(range, id, args, hint) {
        checker.report(element.file, range, id, args, hint);
      },
    },
    element,
    read.args,
  );
}

/** The later attribute of each pair that a descriptor's `conflictsWith` names. */
function checkConflicts(
  checker: CheckContext,
  element: Element,
  seen: ReadonlyMap<AttributeName, AttributeNode>,
): void {
  for (const [name, attribute] of seen) {
    for (const other of attributeTable[name].conflictsWith ?? []) {
      const otherAttribute = seen.get(other);
      if (otherAttribute === undefined) continue;
      const [first, second] =
        otherAttribute.pos < attribute.pos ? [otherAttribute, attribute] : [attribute, otherAttribute];
      checker.report(element.file, second, "conflicting-attributes", {
        name: second.name.text,
        other: first.name.text,
      });
    }
  }
}
