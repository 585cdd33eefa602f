/** `@deprecated`, which every named element may carry. */
import { asString } from "./arguments.js";
import { accept, defineAttribute, reject } from "./descriptor.js";

export const deprecatedAttribute = defineAttribute({
  targets: [
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
  ],
  arguments: {
    count: [0, 1],
    expected: 'no arguments or one string: @deprecated("reason")',
    read({ positional }) {
      if (positional.length === 0) return accept("");
      const reason = asString(positional[0]);
      return reason === undefined ? reject() : accept(reason.value);
    },
  },
  apply({ set }, _target, reason) {
    set.deprecated = reason;
  },
});
