/**
 * Names of the symbols generated from a schema (docs/cli.md "Names": service + member, PascalCase).
 * Every target goes through these, so that types.ts declares what server.ts and client.ts import.
 */
import type { EventDeclaration, Method, Service } from "../../idl/model.js";
import {
  errorDetailsTypeName as detailsName,
  enumValuesName as valuesName,
} from "../../idl/generated-names.js";
import { safeIdentifier } from "./identifiers.js";

/** `kickPlayer` → `KickPlayer`; `STUNNED` stays as it is (see `errorTypeName`). */
export function pascalCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** `INSUFFICIENT_GOLD` → `InsufficientGold`. */
export function pascalFromScreamingSnake(code: string): string {
  return code
    .toLowerCase()
    .split("_")
    .filter((part) => part !== "")
    .map(pascalCase)
    .join("");
}

/** The TypeScript name of a schema type. */
export function typeName(schemaName: string): string {
  return safeIdentifier(schemaName);
}

/** `combat.attack` → `CombatAttackParams`. */
export function paramsTypeName(method: Pick<Method, "fullName">): string {
  return `${memberTypePrefix(method.fullName)}Params`;
}

/** `combat.attack` → `CombatAttackResult`. */
export function resultTypeName(method: Pick<Method, "fullName">): string {
  return `${memberTypePrefix(method.fullName)}Result`;
}

/** `combat.damaged` → `CombatDamagedEvent`. */
export function eventTypeName(event: Pick<EventDeclaration, "fullName">): string {
  return `${memberTypePrefix(event.fullName)}Event`;
}

/** `STUNNED` → `StunnedErrorDetails`: the type of the error's `details`. */
export function errorDetailsTypeName(code: string): string {
  return detailsName(code);
}

/** `combat` → `CombatHandlers`. */
export function handlersTypeName(service: Pick<Service, "name">): string {
  return `${pascalCase(service.name)}Handlers`;
}

/** `combat` → `CombatEmit`, the server's `emit.combat` facade. */
export function emitTypeName(service: Pick<Service, "name">): string {
  return `${pascalCase(service.name)}Emit`;
}

/** `combat` → `CombatContextEmit`, a handler's `ctx.emit.combat` facade. */
export function contextEmitTypeName(service: Pick<Service, "name">): string {
  return `${pascalCase(service.name)}ContextEmit`;
}

/** `combat` → `CombatClient`, the client's `client.combat` namespace. */
export function clientServiceTypeName(service: Pick<Service, "name">): string {
  return `${pascalCase(service.name)}Client`;
}

/** `enum Weapon` → `WeaponValues`, the list of its members. */
export function enumValuesName(enumName: string): string {
  return valuesName(enumName);
}

function memberTypePrefix(fullName: string): string {
  return fullName.split(".").map(pascalCase).join("");
}
