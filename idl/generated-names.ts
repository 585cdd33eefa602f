/**
 * The type names generated code derives from service members (API.md: "Names:
 * `CombatAttackParams`, `CombatAttackResult`, `CombatDamagedEvent` (service + member, PascalCase);
 * a clash with a schema type is a compile error"). The checker and the generators must agree,
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

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
