/** Who may call an rpc or send: `@public`, `@session`, `@host`, `@role`. */
import { asIdentifier, asString } from "./arguments.js";
import { accept, defineAttribute, METHODS, noArguments, reject } from "./descriptor.js";

export const publicAttribute = defineAttribute({
  targets: METHODS,
  // docs/language.md "Who may call: `@public`, `@session`, `@host`, `@role`": `@public` means no
  // authentication, which `@session`, `@host` and `@role` all need.
  conflictsWith: ["session", "host", "role"],
  arguments: noArguments,
  apply({ set }) {
    set.public = true;
  },
});

export const sessionAttribute = defineAttribute({
  targets: METHODS,
  arguments: {
    count: [0, 1],
    expected: "no arguments or 'running': @session or @session(running)",
    read({ positional }) {
      if (positional.length === 0) return accept("member" as const);
      return asIdentifier(positional[0])?.text === "running" ? accept("running" as const) : reject();
    },
  },
  apply({ set }, _target, membership) {
    set.session = membership;
  },
});

export const hostAttribute = defineAttribute({
  targets: METHODS,
  arguments: noArguments,
  apply({ set }) {
    set.host = true;
  },
});

export const roleAttribute = defineAttribute({
  targets: METHODS,
  repeatable: true,
  arguments: {
    count: [1, 1],
    expected: 'one non-empty string: @role("admin")',
    read({ positional }) {
      const role = asString(positional[0]);
      if (role === undefined) return reject();
      return role.value === "" ? reject(role) : accept(role.value);
    },
  },
  apply({ set }, _target, role) {
    set.roles.push(role);
  },
});
