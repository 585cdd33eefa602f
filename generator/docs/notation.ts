/** How docs.md writes types and constraints: in the schema's own notation, so readers can match them up. */
import type { Constraints, Field, Policy, Recipients, TypeRef } from "../../idl/model.js";

export function typeNotation(ref: TypeRef): string {
  switch (ref.kind) {
    case "primitive":
      return ref.name;
    case "list":
      return `list<${typeNotation(ref.element)}>`;
    case "map":
      return `map<string, ${typeNotation(ref.value)}>`;
    case "named":
      return ref.name;
  }
}

/** `range -1000..1000`, `length 1..32`, `pattern ^[a-z]+$`, `format email`, joined by ", ". */
export function constraintNotation(constraints: Constraints): string {
  const parts: string[] = [];
  if (constraints.range !== undefined) parts.push(`range ${constraints.range.min}..${constraints.range.max}`);
  if (constraints.length !== undefined)
    parts.push(`length ${constraints.length.min}..${constraints.length.max}`);
  if (constraints.pattern !== undefined) parts.push(`pattern \`${constraints.pattern}\``);
  if (constraints.format !== undefined) parts.push(`format ${constraints.format}`);
  return parts.join(", ");
}

/** `` `targetId: PlayerId` `` (`?` for optional), as in the schema. */
export function fieldNotation(field: Field): string {
  return `\`${field.name}${field.optional ? "?" : ""}: ${typeNotation(field.type)}\``;
}

export function fieldsNotation(fields: readonly Field[]): string {
  return fields.length === 0 ? "none" : fields.map(fieldNotation).join(", ");
}

/** The "Auth Required" column: whether a token is needed, and what else the caller must be. */
export function authNotation(policy: Policy): string {
  if (policy.public) return "No";
  const requirements: string[] = [];
  if (policy.host) requirements.push("session host");
  if (policy.session === "running") requirements.push("in a running session");
  else if (policy.session === "member" && !policy.host) requirements.push("in a session");
  for (const role of policy.roles) requirements.push(`role \`${role}\``);
  return requirements.length === 0 ? "Yes" : `Yes: ${requirements.join(", ")}`;
}

/** Rate limit, queue and deadline, for the method's description. */
export function limitsNotation(policy: Policy, kind: "rpc" | "send"): string {
  const parts: string[] = [];
  if (policy.rate !== null) {
    const { perSecond, burst } = policy.rate;
    parts.push(`Rate limit ${perSecond}/s${burst === perSecond ? "" : ` (burst ${burst})`}.`);
  }
  if (policy.queue !== null) {
    const { name, concurrency, depth } = policy.queue;
    parts.push(`Queued in \`${name}\` (${concurrency} at once, ${depth} waiting at most).`);
  }
  // docs/language.md "Load: `@rate`, `@timeout`, `@queue`": the default deadline is 10000 ms; only
  // a different one is worth a mention.
  if (kind === "rpc" && policy.timeoutMs !== null && policy.timeoutMs !== 10000) {
    parts.push(`Times out after ${policy.timeoutMs} ms.`);
  }
  return parts.join(" ");
}

const recipientWords: Record<Recipients, string> = {
  session: "every member of a session",
  players: "the players listed",
  area: "the members of a session within a radius",
  topic: "the subscribers of a topic",
  all: "every player",
};

export function recipientsNotation(recipients: Recipients, reliable: boolean): string {
  return reliable ? recipientWords[recipients] : `${recipientWords[recipients]} (unreliable)`;
}

/** Text for one table cell: a pipe would end the cell, a newline the row. */
export function cell(text: string): string {
  return text.replaceAll("|", "\\|").replace(/\s*\n\s*/g, " ");
}
