/**
 * What the checker knows of one attribute, in one place: where it may stand, what arguments it
 * takes, whether it may repeat, what it conflicts with, and what it means (`apply`). The pass
 * (check-attributes.ts) does everything the descriptor states, the same way for every attribute.
 */
import type { AttributeNode, TextRange } from "../../syntax/ast.js";
import type { DiagnosticArgs, DiagnosticId } from "../../diagnostics/messages.js";
import type { AttributeSet, CheckContext } from "../context.js";
import type { Element, ElementKind } from "../walk.js";
import type { ArgumentShape } from "./arguments.js";
import type { PatternBudget } from "./constraint-checks.js";

/** Every attribute of the language (docs/language.md "Attributes"); the table needs a descriptor for each. */
export type AttributeName =
  | "range"
  | "length"
  | "pattern"
  | "format"
  | "deprecated"
  | "public"
  | "session"
  | "host"
  | "role"
  | "rate"
  | "timeout"
  | "queue"
  | "unreliable"
  | "retryable"
  | "maxPlayers"
  | "joinInProgress";

export interface AttributeDescriptor<Args = unknown> {
  /** The kinds of element it may stand on; elsewhere it is `misplaced-attribute`. */
  readonly targets: readonly ElementKind[];
  /** A finer placement rule than `targets` (a constraint and the target's type), checked before the arguments. */
  readonly misfit?: (checker: CheckContext, target: Element) => Misfit | undefined;
  /** Whether one element may carry it more than once; else the repeat is `duplicate-attribute`. */
  readonly repeatable?: boolean;
  /**
   * Attributes it cannot stand with on one element (named on one side of each pair only); the
   * later of the two is `conflicting-attributes`.
   */
  readonly conflictsWith?: readonly AttributeName[];
  readonly arguments: ArgumentSpec<Args>;
  /**
   * Records what the attribute says about `target`, and reports what only the target's type or
   * the other elements can tell. A method, so that the table holds descriptors of any `Args`;
   * `defineAttribute` ties `Args` to what `arguments.read` returns.
   */
  apply(context: ApplyContext, target: Element, args: Args): void;
}

/** Every attribute's descriptor, keyed by name: a name without one, or one without `apply`, does not compile. */
export type AttributeTable = { readonly [Name in AttributeName]: AttributeDescriptor };

export interface ArgumentSpec<Args> {
  /** How many positional arguments it takes, at least and at most. */
  readonly count: readonly [min: number, max: number];
  /** The named arguments it accepts after the positional ones; none when absent. */
  readonly named?: readonly string[];
  /** The `{expected}` of `attribute-arguments`: how its arguments are written. */
  readonly expected: string;
  /** Their values, once their number and names are right; `reject()` for a wrong kind or value. */
  read(args: ArgumentShape): Read<Args>;
}

export type Read<Args> =
  | { readonly ok: true; readonly args: Args }
  /** `at`: where to report `attribute-arguments`; the whole attribute when absent. */
  | { readonly ok: false; readonly at?: TextRange };

export function accept<Args>(args: Args): Read<Args> {
  return { ok: true, args };
}

export function reject(at?: TextRange): Read<never> {
  return { ok: false, at };
}

/** How `misplaced-attribute` names a target that the attribute's `misfit` refuses. */
export interface Misfit {
  /** The `{target}` of the message, e.g. "a field of type string". */
  readonly target: string;
  readonly hint?: string;
}

/** What one queue name was first declared with: every `@queue` of that name must agree. */
export interface QueueUse {
  readonly concurrency: number;
  readonly depth: number;
  readonly where: string;
}

/** What the pass carries from one element to the next. */
export interface PassState {
  readonly queues: Map<string, QueueUse>;
  readonly patternBudget: PatternBudget;
}

export interface ApplyContext {
  readonly checker: CheckContext;
  readonly attribute: AttributeNode;
  /** What the element's attributes say; `apply` records its attribute's meaning here. */
  readonly set: AttributeSet;
  readonly state: PassState;
  /** Reports in the target's file. */
  report<Id extends DiagnosticId>(range: TextRange, id: Id, args: DiagnosticArgs<Id>, hint?: string): void;
}

/** Infers `Args` from `arguments.read`, so that `apply` receives exactly what it read. */
export function defineAttribute<Args>(descriptor: AttributeDescriptor<Args>): AttributeDescriptor<Args> {
  return descriptor;
}

export const METHODS: readonly ElementKind[] = ["rpc", "send"];

/** For attributes that take no arguments. */
export const noArguments: ArgumentSpec<undefined> = {
  count: [0, 0],
  expected: "no arguments",
  read: () => accept(undefined),
};
