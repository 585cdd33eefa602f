/**
 * Compares an old and a new type by the direction its data flows (docs/compatibility.md).
 * Data clients send ("in": params) is written by old clients and checked by the new server, so
 * the new type must admit every value the old one did. Data the server sends ("out": results,
 * events, error details) is written by the new server and read by old clients, so the old type
 * must admit every value the new one may produce. Both cases are one rule: the receiver must
 * admit everything the sender may send.
 */
import type { Field, TypeRef } from "../../idl/model.js";
import type { Change } from "./change.js";
import { describeBounds, describeRef, type Bounds, type TypeView, type TypeViews } from "./views.js";

export type Direction = "in" | "out";

/** What the parts of a message call a member of a fields list. */
export type FieldNoun = "param" | "field";

export class TypeComparer {
  readonly changes: Change[] = [];
  /** Named struct/enum/union pairs already compared (or being compared: recursion), per direction. */
  private readonly visited = new Set<string>();

  constructor(
    private readonly oldTypes: TypeViews,
    private readonly newTypes: TypeViews,
  ) {}

  /**
   * Params, struct fields, event payloads, error details: matched by name. A message names the
   * change, never the direction, so that a type used both ways reports each change once
   * (docs/compatibility.md "Which way the data flows"); the direction only decides whether it breaks.
   */
  compareFields(
    oldFields: readonly Field[],
    newFields: readonly Field[],
    direction: Direction,
    where: string,
    noun: FieldNoun,
  ): void {
    const oldByName = new Map(oldFields.map((field) => [field.name, field]));
    const newByName = new Map(newFields.map((field) => [field.name, field]));
    const presence = (field: Field) => (field.optional ? "optional" : "required");

    for (const [name, oldField] of oldByName) {
      const location = `${where} ${noun} ${name}`;
      const newField = newByName.get(name);
      if (newField === undefined) {
        // The new server ignores what old clients still send; old clients miss what it no longer sends.
        const breaks = direction === "out" && !oldField.optional;
        this.report(breaks, location, `${presence(oldField)} ${noun} removed`);
      } else if (oldField.optional !== newField.optional) {
        // Only the breaking way is reported, as for constraints: the receiver's rule got stricter.
        const stricter = direction === "in" ? !newField.optional : !oldField.optional;
        if (stricter) this.breaking(location, `${presence(oldField)} ${noun} made ${presence(newField)}`);
      }
    }
    for (const [name, newField] of newByName) {
      if (oldByName.has(name)) continue;
      // Old clients do not send it, and ignore it when the new server does.
      const breaks = direction === "in" && !newField.optional;
      this.report(breaks, `${where} ${noun} ${name}`, `new ${presence(newField)} ${noun}`);
    }
    for (const [name, oldField] of oldByName) {
      const newField = newByName.get(name);
      if (newField === undefined) continue;
      this.compare(
        oldField.type,
        oldField.constraints,
        newField.type,
        newField.constraints,
        direction,
        `${where} ${noun} ${name}`,
      );
    }
  }

  /** One use of a type: `where` names the use ("combat.attack param targetId"). */
  compare(
    oldRef: TypeRef,
    oldConstraints: Field["constraints"],
    newRef: TypeRef,
    newConstraints: Field["constraints"],
    direction: Direction,
    where: string,
  ): void {
    const oldView = this.oldTypes.view(oldRef, oldConstraints);
    const newView = this.newTypes.view(newRef, newConstraints);
    const [sender, receiver] = direction === "in" ? [oldView, newView] : [newView, oldView];
    const typeChanged = () => {
      this.breaking(where, `type changed from ${describeRef(oldRef)} to ${describeRef(newRef)}`);
    };

    switch (receiver.kind) {
      case "bool":
        if (sender.kind !== "bool") typeChanged();
        return;
      case "number": {
        if (sender.kind !== "number" || (receiver.integral && !sender.integral)) {
          typeChanged();
          return;
        }
        this.compareRanges(covers(receiver.range, sender.range), typeChanged, where, oldView, newView);
        return;
      }
      case "bigint": {
        if (sender.kind !== "bigint") {
          typeChanged();
          return;
        }
        this.compareRanges(covers(receiver.range, sender.range), typeChanged, where, oldView, newView);
        return;
      }
      case "string": {
        if (sender.kind !== "string") {
          typeChanged();
          return;
        }
        if (!covers(receiver.length, sender.length))
          this.breaking(where, rangeMessage("@length", oldView, newView));
        if (oldView.kind === "string" && newView.kind === "string") {
          this.compareRules("@pattern", oldView.patterns, newView.patterns, direction, where);
          this.compareRules("@format", oldView.formats, newView.formats, direction, where);
        }
        return;
      }
      case "bytes":
        if (sender.kind !== "bytes") {
          typeChanged();
          return;
        }
        if (!covers(receiver.length, sender.length))
          this.breaking(where, rangeMessage("@length", oldView, newView));
        return;
      case "list":
        if (sender.kind !== "list") {
          typeChanged();
          return;
        }
        if (!covers(receiver.length, sender.length))
          this.breaking(where, rangeMessage("@length", oldView, newView));
        this.compareInner(oldView, newView, direction, `${where} element`);
        return;
      case "map":
        if (sender.kind !== "map") {
          typeChanged();
          return;
        }
        if (!covers(receiver.length, sender.length))
          this.breaking(where, rangeMessage("@length", oldView, newView));
        this.compareInner(oldView, newView, direction, `${where} value`);
        return;
      case "struct":
      case "enum":
      case "union":
        if (sender.kind !== receiver.kind) {
          typeChanged();
          return;
        }
        this.compareDeclared(oldView, newView, direction);
        return;
    }
  }

  /** A number whose type changed but whose values all still fit (u8 → u16 in params) is compatible. */
  private compareRanges(
    fits: boolean,
    typeChanged: () => void,
    where: string,
    oldView: TypeView,
    newView: TypeView,
  ): void {
    const oldType = primitiveOf(oldView);
    const newType = primitiveOf(newView);
    if (oldType === newType) {
      if (!fits) this.breaking(where, rangeMessage("@range", oldView, newView));
    } else if (fits) {
      this.compatible(where, `type changed from ${oldType} to ${newType}`);
    } else {
      typeChanged();
    }
  }

  private compareInner(oldView: TypeView, newView: TypeView, direction: Direction, where: string): void {
    if (oldView.kind === "list" && newView.kind === "list") {
      this.compare(oldView.element, {}, newView.element, {}, direction, where);
    } else if (oldView.kind === "map" && newView.kind === "map") {
      this.compare(oldView.value, {}, newView.value, {}, direction, where);
    }
  }

  /** Structs, enums and unions are compared once per pair and direction, where they are declared. */
  private compareDeclared(oldView: TypeView, newView: TypeView, direction: Direction): void {
    if (oldView.kind !== newView.kind) return;
    const oldName = "type" in oldView ? oldView.type.name : "";
    const newName = "type" in newView ? newView.type.name : "";
    const key = `${direction} ${oldName} ${newName}`;
    if (this.visited.has(key)) return;
    this.visited.add(key);
    const where = oldName === newName ? `type ${newName}` : `type ${newName} (was ${oldName})`;

    if (oldView.kind === "struct" && newView.kind === "struct") {
      this.compareFields(oldView.type.fields, newView.type.fields, direction, where, "field");
    } else if (oldView.kind === "enum" && newView.kind === "enum") {
      const oldMembers = oldView.type.members.map((member) => member.name);
      const newMembers = newView.type.members.map((member) => member.name);
      this.compareTags(oldMembers, newMembers, direction, where, "enum member");
    } else if (oldView.kind === "union" && newView.kind === "union") {
      const oldVariants = new Map(oldView.type.variants.map((variant) => [variant.tag, variant.struct]));
      const newVariants = new Map(newView.type.variants.map((variant) => [variant.tag, variant.struct]));
      this.compareTags([...oldVariants.keys()], [...newVariants.keys()], direction, where, "union variant");
      for (const [tag, oldStruct] of oldVariants) {
        const newStruct = newVariants.get(tag);
        if (newStruct === undefined) continue;
        const named = (name: string): TypeRef => ({ kind: "named", name });
        this.compare(named(oldStruct), {}, named(newStruct), {}, direction, `${where} variant ${tag}`);
      }
    }
  }

  /**
   * `@pattern` and `@format`: the receiver checks each of its rules, so a rule the sender did not
   * follow breaks. Compatible changes are not reported, as for `@range` and `@length`.
   */
  private compareRules(
    attribute: "@pattern" | "@format",
    oldRules: readonly string[],
    newRules: readonly string[],
    direction: Direction,
    where: string,
  ): void {
    const added = newRules.filter((rule) => !oldRules.includes(rule));
    const removed = oldRules.filter((rule) => !newRules.includes(rule));
    if (!(direction === "in" ? added.length > 0 : removed.length > 0)) return;
    // A format is one word and is named; a pattern can be long and is not.
    const quoted = (rules: readonly string[]) => rules.map((rule) => `"${rule}"`).join(", ");
    const named = attribute === "@format";
    if (added.length > 0 && removed.length > 0) {
      const detail = named ? ` from ${quoted(removed)} to ${quoted(added)}` : "";
      this.breaking(where, `${attribute} changed${detail}`);
    } else {
      const [rules, verb] = added.length > 0 ? [added, "added"] : [removed, "removed"];
      this.breaking(where, `${attribute}${named ? `(${quoted(rules)})` : ""} ${verb}`);
    }
  }

  /** Enum members and union variants: the receiver must know every one the sender may use. */
  private compareTags(
    oldTags: readonly string[],
    newTags: readonly string[],
    direction: Direction,
    where: string,
    noun: string,
  ): void {
    for (const tag of oldTags) {
      if (newTags.includes(tag)) continue;
      if (direction === "in") this.breaking(where, `${noun} ${tag} removed`);
      else this.compatible(where, `${noun} ${tag} removed`);
    }
    for (const tag of newTags) {
      if (oldTags.includes(tag)) continue;
      if (direction === "out") this.breaking(where, `new ${noun} ${tag}`);
      else this.compatible(where, `new ${noun} ${tag}`);
    }
  }

  report(breaks: boolean, location: string, message: string): void {
    this.changes.push({ breaking: breaks, location, message });
  }

  breaking(location: string, message: string): void {
    this.changes.push({ breaking: true, location, message });
  }

  compatible(location: string, message: string): void {
    this.changes.push({ breaking: false, location, message });
  }
}

function covers(outer: Bounds<number> | Bounds<bigint>, inner: Bounds<number> | Bounds<bigint>): boolean {
  return outer.min <= inner.min && outer.max >= inner.max;
}

function rangeMessage(attribute: "@range" | "@length", oldView: TypeView, newView: TypeView): string {
  const [oldBounds, newBounds] = [boundsOf(oldView), boundsOf(newView)];
  const verb = covers(oldBounds, newBounds)
    ? "narrowed"
    : covers(newBounds, oldBounds)
      ? "widened"
      : "changed";
  return `${attribute} ${verb} from ${describeBounds(boundsOf(oldView))} to ${describeBounds(boundsOf(newView))}`;
}

function boundsOf(view: TypeView): Bounds<number> | Bounds<bigint> {
  switch (view.kind) {
    case "number":
    case "bigint":
      return view.range;
    case "string":
    case "bytes":
    case "list":
    case "map":
      return view.length;
    default:
      return { min: 0, max: Infinity };
  }
}

function primitiveOf(view: TypeView): string {
  return view.kind === "number" || view.kind === "bigint" ? view.primitive : view.kind;
}
