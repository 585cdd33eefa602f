/**
 * `gidl diff`: what changed between two models, and which changes break clients built from the old
 * schema when they talk to a server built from the new one (docs/compatibility.md "The table").
 * Pure: models in, changes out.
 */
import type { EventDeclaration, Method, Model, Policy } from "../../idl/model.js";
import type { Change } from "./change.js";
import { TypeComparer } from "./compare-types.js";
import { TypeViews } from "./views.js";

/** Every change found, breaking ones and compatible ones, without duplicates, in schema order. */
export function diffModels(oldModel: Model, newModel: Model): Change[] {
  const comparer = new TypeComparer(new TypeViews(oldModel), new TypeViews(newModel));

  if (oldModel.package !== newModel.package) {
    comparer.breaking("package", `changed from ${oldModel.package} to ${newModel.package}`);
  }
  if (oldModel.version !== newModel.version) {
    comparer.compatible("version", `changed from ${String(oldModel.version)} to ${String(newModel.version)}`);
  }

  const oldMethods = byName(oldModel.services.flatMap((service) => service.methods));
  const newMethods = byName(newModel.services.flatMap((service) => service.methods));
  for (const [name, oldMethod] of oldMethods) {
    const newMethod = newMethods.get(name);
    if (newMethod === undefined) comparer.breaking(name, `${oldMethod.kind} removed`);
    else compareMethods(comparer, oldMethod, newMethod);
  }
  for (const [name, method] of newMethods) {
    if (!oldMethods.has(name)) comparer.compatible(name, `new ${method.kind}`);
  }

  const oldEvents = byName(oldModel.services.flatMap((service) => service.events));
  const newEvents = byName(newModel.services.flatMap((service) => service.events));
  for (const [name, oldEvent] of oldEvents) {
    const newEvent = newEvents.get(name);
    if (newEvent === undefined) comparer.breaking(name, "event removed");
    else compareEvents(comparer, oldEvent, newEvent);
  }
  for (const name of newEvents.keys()) {
    if (!oldEvents.has(name)) comparer.compatible(name, "new event");
  }

  const newErrors = new Map(newModel.errors.map((error) => [error.code, error]));
  const oldCodes = new Set(oldModel.errors.map((error) => error.code));
  for (const oldError of oldModel.errors) {
    const location = `error ${oldError.code}`;
    const newError = newErrors.get(oldError.code);
    // The server no longer raises it; an old client's handling of it just goes unused.
    if (newError === undefined) comparer.compatible(location, "error removed");
    else comparer.compareFields(oldError.fields, newError.fields, "out", location, "field");
  }
  for (const error of newModel.errors) {
    if (!oldCodes.has(error.code)) comparer.compatible(`error ${error.code}`, "new error");
  }

  return unique(comparer.changes);
}

function compareMethods(comparer: TypeComparer, oldMethod: Method, newMethod: Method): void {
  const name = newMethod.fullName;
  if (oldMethod.kind !== newMethod.kind) {
    comparer.breaking(name, `changed from ${oldMethod.kind} to ${newMethod.kind}`);
    return;
  }
  comparer.compareFields(oldMethod.params, newMethod.params, "in", name, "param");
  if (oldMethod.result !== null && newMethod.result === null) {
    comparer.breaking(`${name} result`, "no longer returns a result");
  } else if (oldMethod.result === null && newMethod.result !== null) {
    comparer.compatible(`${name} result`, "now returns a result (old clients ignore it)");
  } else if (oldMethod.result !== null && newMethod.result !== null) {
    comparer.compare(oldMethod.result, {}, newMethod.result, {}, "out", `${name} result`);
  }
  for (const code of newMethod.throws) {
    // docs/compatibility.md "The table": clients treat error codes they do not know as failures.
    if (!oldMethod.throws.includes(code)) comparer.compatible(name, `may now throw ${code}`);
  }
  comparePolicies(comparer, name, oldMethod.policy, newMethod.policy);
}

const sessionLevels: Readonly<Record<Policy["session"], number>> = { none: 0, member: 1, running: 2 };

/**
 * Policy is not in the schema hash, but a tighter policy refuses calls old clients make, so it
 * breaks them just the same. Rates, timeouts and queues only change how calls are served.
 */
function comparePolicies(comparer: TypeComparer, name: string, oldPolicy: Policy, newPolicy: Policy): void {
  if (oldPolicy.public && !newPolicy.public)
    comparer.breaking(name, "@public removed: anonymous clients are refused");
  if (!oldPolicy.public && newPolicy.public) comparer.compatible(name, "@public added");
  if (sessionLevels[newPolicy.session] > sessionLevels[oldPolicy.session]) {
    comparer.breaking(
      name,
      `@session requirement tightened from ${oldPolicy.session} to ${newPolicy.session}`,
    );
  }
  if (newPolicy.host && !oldPolicy.host)
    comparer.breaking(name, "@host added: only the session's host may call it");
  for (const role of newPolicy.roles) {
    if (!oldPolicy.roles.includes(role)) comparer.breaking(name, `@role("${role}") added`);
  }
}

function compareEvents(comparer: TypeComparer, oldEvent: EventDeclaration, newEvent: EventDeclaration): void {
  const name = newEvent.fullName;
  if (oldEvent.recipients !== newEvent.recipients) {
    comparer.breaking(name, `recipients changed from ${oldEvent.recipients} to ${newEvent.recipients}`);
  }
  if (oldEvent.reliable && !newEvent.reliable) {
    comparer.breaking(name, "@unreliable added: the event may be dropped and is not replayed");
  } else if (!oldEvent.reliable && newEvent.reliable) {
    comparer.compatible(name, "@unreliable removed");
  }
  comparer.compareFields(oldEvent.fields, newEvent.fields, "out", name, "field");
}

function byName<T extends { readonly fullName: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.fullName, item]));
}

/**
 * One entry per location and message. Messages name the change, not the direction it was seen in,
 * so a type used both ways yields the same entry twice, and it breaks if either way breaks.
 */
function unique(changes: readonly Change[]): Change[] {
  const breaking = new Set(changes.filter((change) => change.breaking).map(keyOf));
  const seen = new Set<string>();
  return changes.filter((change) => {
    const key = keyOf(change);
    if (seen.has(key) || (!change.breaking && breaking.has(key))) return false;
    seen.add(key);
    return true;
  });
}

function keyOf(change: Change): string {
  return `${change.location}\u0000${change.message}`;
}
