/**
 * Every attribute of IDL.md's table: where it may stand, what arguments it takes, repeats and
 * conflicts, and — for constraints — whether it fits the type (after aliases) and its values.
 * The result of each element is recorded in `context.attributes` for the model builder.
 */
import type { AttributeNode, TextRange } from "../syntax/ast.js";
import type { SourceFile } from "../syntax/source-file.js";
import type { TypeRef } from "../model.js";
import { emptyAttributeSet, locationOf, type AttributeSet, type CheckContext } from "./context.js";
import {
  asIdentifier,
  asNumber,
  asRate,
  asString,
  integerIn,
  shapeOf,
  type ArgumentShape,
} from "./attribute-args.js";
import {
  checkPattern,
  checkRange,
  constraintFits,
  isFormat,
  FORMATS,
  PATTERN_BUDGET_MS,
  type ConstraintName,
  type PatternBudget,
} from "./constraints.js";
import { didYouMean } from "./suggest.js";
import { formatTypeRef, underlying } from "./type-refs.js";
import { describeElement, forEachElement, type Element, type ElementKind } from "./walk.js";

const METHODS: readonly ElementKind[] = ["rpc", "send"];
const VALUES: readonly ElementKind[] = ["field", "parameter", "alias"];
const DEPRECATABLE: readonly ElementKind[] = [
  "alias",
  "enum",
  "struct",
  "union",
  "error",
  "session",
  "service",
  "rpc",
  "send",
  "event",
  "field",
  "parameter",
  "enum member",
  "union variant",
];

interface AttributeSpec {
  readonly targets: readonly ElementKind[];
  /** The `{expected}` of `attribute-arguments`. */
  readonly expected: string;
}

const MAX_U32 = 2n ** 32n - 1n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** setTimeout's limit: a longer delay fires at once. */
const MAX_TIMEOUT_MS = 2n ** 31n - 1n;

const specs: Readonly<Record<string, AttributeSpec>> = {
  range: { targets: VALUES, expected: "two numbers: @range(min, max)" },
  length: {
    targets: VALUES,
    expected: "one or two non-negative integers: @length(max) or @length(min, max)",
  },
  pattern: { targets: VALUES, expected: 'one string: @pattern("^[a-z]+$")' },
  format: { targets: VALUES, expected: `one string, one of ${FORMATS.join(", ")}: @format("email")` },
  deprecated: { targets: DEPRECATABLE, expected: 'no arguments or one string: @deprecated("reason")' },
  public: { targets: METHODS, expected: "no arguments" },
  session: { targets: METHODS, expected: "no arguments or 'running': @session or @session(running)" },
  host: { targets: METHODS, expected: "no arguments" },
  role: { targets: METHODS, expected: 'one non-empty string: @role("admin")' },
  rate: {
    targets: METHODS,
    expected: "a positive rate and an optional positive burst: @rate(10/s) or @rate(10/s, burst: 20)",
  },
  timeout: { targets: ["rpc"], expected: `milliseconds from 1 to ${MAX_TIMEOUT_MS}: @timeout(5000)` },
  queue: {
    targets: ["rpc"],
    expected: 'a name, a concurrency of at least 1 and a depth: @queue("name", concurrency: 4, depth: 1000)',
  },
  unreliable: { targets: ["event"], expected: "no arguments" },
  retryable: { targets: ["error"], expected: "no arguments" },
  maxPlayers: { targets: ["session"], expected: `a whole number from 1 to ${MAX_U32}: @maxPlayers(8)` },
  joinInProgress: { targets: ["session"], expected: "no arguments" },
};

/** What one queue name was first declared with: every `@queue` of that name must agree. */
interface QueueUse {
  readonly concurrency: number;
  readonly depth: number;
  readonly where: string;
}

/** What the pass carries from one element to the next. */
interface PassState {
  readonly queues: Map<string, QueueUse>;
  readonly patternBudget: PatternBudget;
}

export function checkAttributes(context: CheckContext): void {
  const state: PassState = { queues: new Map(), patternBudget: { remainingMs: PATTERN_BUDGET_MS } };
  forEachElement(context, (element) => {
    context.attributes.set(element.node, checkElement(context, element, state));
  });
}

function checkElement(context: CheckContext, element: Element, state: PassState): AttributeSet {
  const set = emptyAttributeSet();
  const seen = new Map<string, AttributeNode>();
  for (const attribute of element.node.attributes) {
    const name = attribute.name.text;
    const spec = specs[name];
    if (spec === undefined) {
      context.report(
        element.file,
        attribute.name,
        "unknown-attribute",
        { name },
        didYouMean(name, Object.keys(specs)),
      );
      continue;
    }
    if (!spec.targets.includes(element.kind)) {
      context.report(element.file, attribute, "misplaced-attribute", {
        name,
        target: describeElement(element.kind),
      });
      continue;
    }
    if (seen.has(name) && name !== "role") {
      context.report(element.file, attribute, "duplicate-attribute", { name });
      continue;
    }
    seen.set(name, attribute);
    const reader = new Reader(context, element.file, attribute, spec);
    apply(reader, element, set, state);
  }
  checkConflicts(context, element, seen);
  return set;
}

/** Reports `attribute-arguments` once per attribute. */
class Reader {
  private failed = false;
  constructor(
    readonly context: CheckContext,
    readonly file: SourceFile,
    readonly attribute: AttributeNode,
    private readonly spec: AttributeSpec,
  ) {}

  get name(): string {
    return this.attribute.name.text;
  }

  shape(allowedNames: readonly string[] = []): ArgumentShape | undefined {
    const shape = shapeOf(this.attribute, allowedNames);
    if (shape === undefined) this.fail();
    return shape;
  }

  fail(at: TextRange = this.attribute): undefined {
    if (!this.failed) {
      this.context.report(this.file, at, "attribute-arguments", {
        name: this.name,
        expected: this.spec.expected,
      });
    }
    this.failed = true;
    return undefined;
  }
}

function apply(reader: Reader, element: Element, set: AttributeSet, state: PassState): void {
  const name = reader.name;
  switch (name) {
    case "range":
    case "length":
    case "pattern":
    case "format":
      applyConstraint(reader, element, set, name, state.patternBudget);
      return;
    case "deprecated": {
      const shape = reader.shape();
      if (shape === undefined) return;
      if (shape.positional.length === 0) {
        set.deprecated = "";
        return;
      }
      const reason = asString(shape.positional[0]);
      if (shape.positional.length > 1 || reason === undefined) {
        reader.fail();
        return;
      }
      set.deprecated = reason.value;
      return;
    }
    case "public":
    case "host":
    case "unreliable":
    case "retryable":
    case "joinInProgress": {
      const shape = reader.shape();
      if (shape === undefined) return;
      if (shape.positional.length > 0) {
        reader.fail();
        return;
      }
      set[name] = true;
      return;
    }
    case "session": {
      const shape = reader.shape();
      if (shape === undefined) return;
      if (shape.positional.length === 0) {
        set.session = "member";
        return;
      }
      const word = asIdentifier(shape.positional[0]);
      if (shape.positional.length > 1 || word?.text !== "running") {
        reader.fail();
        return;
      }
      set.session = "running";
      return;
    }
    case "role": {
      const role = single(reader, asString);
      if (role === undefined) return;
      if (role.value === "") {
        reader.fail(role);
        return;
      }
      set.roles.push(role.value);
      return;
    }
    case "rate": {
      const shape = reader.shape(["burst"]);
      if (shape === undefined) return;
      const rate = asRate(shape.positional[0]);
      if (shape.positional.length !== 1 || rate === undefined || rate.count < 1n || rate.count > MAX_SAFE) {
        reader.fail();
        return;
      }
      const burstArgument = shape.named.get("burst");
      const burst = burstArgument === undefined ? Number(rate.count) : integerIn(burstArgument, 1n, MAX_SAFE);
      if (burst === undefined) {
        reader.fail();
        return;
      }
      const seconds = { s: 1, m: 60, h: 3600 }[rate.unit];
      set.rate = { perSecond: Number(rate.count) / seconds, burst };
      return;
    }
    case "timeout": {
      const shape = reader.shape();
      const ms =
        shape?.positional.length === 1 ? integerIn(shape.positional[0], 1n, MAX_TIMEOUT_MS) : undefined;
      if (ms === undefined) {
        reader.fail();
        return;
      }
      set.timeoutMs = ms;
      return;
    }
    case "queue":
      applyQueue(reader, set, state.queues);
      return;
    case "maxPlayers": {
      const shape = reader.shape();
      const count = shape?.positional.length === 1 ? integerIn(shape.positional[0], 1n, MAX_U32) : undefined;
      if (count === undefined) {
        reader.fail();
        return;
      }
      set.maxPlayers = count;
      return;
    }
    default:
      return;
  }
}

function single<T>(
  reader: Reader,
  as: (value: ArgumentShape["positional"][number] | undefined) => T | undefined,
): T | undefined {
  const shape = reader.shape();
  if (shape === undefined) return undefined;
  const value = shape.positional.length === 1 ? as(shape.positional[0]) : undefined;
  if (value === undefined) reader.fail();
  return value;
}

function applyQueue(reader: Reader, set: AttributeSet, queues: Map<string, QueueUse>): void {
  const shape = reader.shape(["concurrency", "depth"]);
  if (shape === undefined) return;
  const name = asString(shape.positional[0]);
  const concurrencyArgument = shape.named.get("concurrency");
  const depthArgument = shape.named.get("depth");
  const concurrency =
    concurrencyArgument === undefined ? undefined : integerIn(concurrencyArgument, 1n, MAX_SAFE);
  const depth = depthArgument === undefined ? undefined : integerIn(depthArgument, 0n, MAX_SAFE);
  if (
    shape.positional.length !== 1 ||
    name === undefined ||
    name.value === "" ||
    concurrency === undefined ||
    depth === undefined
  ) {
    reader.fail();
    return;
  }
  // PROTOCOL.md: one named queue serves every rpc that names it, so its limits must agree.
  const first = queues.get(name.value);
  if (first !== undefined && (first.concurrency !== concurrency || first.depth !== depth)) {
    reader.context.report(
      reader.file,
      reader.attribute,
      "attribute-arguments",
      {
        name: "queue",
        expected: `concurrency ${first.concurrency} and depth ${first.depth}, as queue '${name.value}' has elsewhere`,
      },
      `first declared at ${first.where}`,
    );
    return;
  }
  if (first === undefined) {
    queues.set(name.value, { concurrency, depth, where: locationOf(reader.file, reader.attribute) });
  }
  set.queue = { name: name.value, concurrency, depth };
}

function applyConstraint(
  reader: Reader,
  element: Element,
  set: AttributeSet,
  name: ConstraintName,
  budget: PatternBudget,
): void {
  const declared = element.type === undefined ? undefined : reader.context.resolved.get(element.type);
  // An unresolved type was reported; its constraints cannot be judged.
  const type = declared === undefined ? undefined : underlying(reader.context, declared);
  if (declared !== undefined && type !== undefined && !constraintFits(name, type)) {
    reader.context.report(
      reader.file,
      reader.attribute,
      "misplaced-attribute",
      { name, target: `${describeElement(element.kind)} of type ${typeText(declared, type)}` },
      name !== "range" && (type.kind === "list" || type.kind === "map")
        ? "to constrain the items, declare an alias with the attribute and use it as the item type"
        : undefined,
    );
    return;
  }
  switch (name) {
    case "range":
      applyRange(reader, set, type);
      return;
    case "length": {
      const shape = reader.shape();
      if (shape === undefined) return;
      const numbers = shape.positional.map((value) => integerIn(value, 0n, MAX_SAFE));
      const [first, second] = numbers;
      if (
        numbers.length < 1 ||
        numbers.length > 2 ||
        first === undefined ||
        (numbers.length === 2 && second === undefined)
      ) {
        reader.fail();
        return;
      }
      const [min, max] = second === undefined ? [0, first] : [first, second];
      if (min > max) {
        reader.context.report(reader.file, reader.attribute, "min-greater-than-max", { name, min, max });
        return;
      }
      set.constraints.length = { min, max };
      return;
    }
    case "pattern": {
      const pattern = single(reader, asString);
      if (pattern === undefined) return;
      const result = checkPattern(pattern.value, budget);
      if (!result.ok && result.problem === "invalid") {
        reader.context.report(reader.file, pattern, "invalid-pattern", { reason: result.reason });
      } else if (!result.ok) {
        reader.context.report(reader.file, pattern, "redos-pattern", { complexity: result.complexity });
      } else {
        set.constraints.pattern = pattern.value;
      }
      return;
    }
    case "format": {
      const format = single(reader, asString);
      if (format === undefined) return;
      if (!isFormat(format.value)) {
        reader.context.report(
          reader.file,
          format,
          "unknown-format",
          { name: format.value },
          didYouMean(format.value, FORMATS),
        );
        return;
      }
      set.constraints.format = format.value;
      return;
    }
  }
}

function applyRange(reader: Reader, set: AttributeSet, type: TypeRef | undefined): void {
  const shape = reader.shape();
  if (shape === undefined) return;
  const min = asNumber(shape.positional[0]);
  const max = asNumber(shape.positional[1]);
  if (shape.positional.length !== 2 || min === undefined || max === undefined) {
    reader.fail();
    return;
  }
  if (type?.kind !== "primitive") return;
  const result = checkRange(type.name, min, max);
  if (result.ok) {
    set.constraints.range = { min: result.min, max: result.max };
    return;
  }
  switch (result.problem) {
    case "not-integer":
      reader.context.report(reader.file, reader.attribute, "attribute-arguments", {
        name: "range",
        expected: `whole numbers for ${type.name}`,
      });
      return;
    case "outside":
      reader.context.report(reader.file, reader.attribute, "range-outside-type", {
        min: min.kind === "IntegerLiteral" ? min.value : min.text,
        max: max.kind === "IntegerLiteral" ? max.value : max.text,
        type: type.name,
        typeMin: result.typeMin,
        typeMax: result.typeMax,
      });
      return;
    case "min-greater":
      reader.context.report(reader.file, reader.attribute, "min-greater-than-max", {
        name: "range",
        min: result.min,
        max: result.max,
      });
      return;
  }
}

/** "u8", or "PlayerId (u8)" when the declared type is an alias. */
function typeText(declared: TypeRef, type: TypeRef): string {
  const under = formatTypeRef(type);
  return declared.kind === "named" && declared !== type ? `${declared.name} (${under})` : under;
}

/** IDL.md: `@public` means no authentication, which `@session`, `@host` and `@role` all need. */
function checkConflicts(
  context: CheckContext,
  element: Element,
  seen: ReadonlyMap<string, AttributeNode>,
): void {
  const publicAttribute = seen.get("public");
  if (publicAttribute === undefined) return;
  for (const other of ["session", "host", "role"]) {
    const attribute = seen.get(other);
    if (attribute === undefined) continue;
    const [first, second] =
      attribute.pos < publicAttribute.pos ? [attribute, publicAttribute] : [publicAttribute, attribute];
    context.report(element.file, second, "conflicting-attributes", {
      name: second.name.text,
      other: first.name.text,
    });
  }
}
