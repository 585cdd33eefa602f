/**
 * The type names generated code derives from service members (docs/cli.md "Names":
 * `CombatAttackParams`, `CombatAttackResult`, `CombatDamagedEvent`, service + member in PascalCase;
 * a schema type of one of those names is GIDL3008). The checker and the generators must agree,
 * so both take them from here.
 */

export type MemberKind = "rpc" | "send" | "event";

/** `combat` + `attack` → "CombatAttack". */
export function memberTypePrefix(service: string, member: string): string {
  return upperFirst(service) + upperFirst(member);
}

/**
 * Every name generated for one member: `…Params` for rpcs and sends (even without parameters),
 * `…Result` for rpcs (even those returning nothing), `…Event` for events.
 */
export function generatedTypeNames(service: string, member: string, kind: MemberKind): string[] {
  const prefix = memberTypePrefix(service, member);
  switch (kind) {
    case "rpc":
      return [`${prefix}Params`, `${prefix}Result`];
    case "send":
      return [`${prefix}Params`];
    case "event":
      return [`${prefix}Event`];
  }
}

/** `STUNNED` → "StunnedErrorDetails": the type of a declared error's `details`. */
export function errorDetailsTypeName(code: string): string {
  return `${code
    .toLowerCase()
    .split("_")
    .filter((part) => part !== "")
    .map(upperFirst)
    .join("")}ErrorDetails`;
}

/** `enum Weapon` → "WeaponValues", the const list of its members. */
export function enumValuesName(enumName: string): string {
  return `${enumName}Values`;
}

/** The per-service names: handler interface, server and handler emit facades, client namespace. */
export function serviceTypeNames(service: string): string[] {
  const base = upperFirst(service);
  return [`${base}Handlers`, `${base}Emit`, `${base}ContextEmit`, `${base}Client`];
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
