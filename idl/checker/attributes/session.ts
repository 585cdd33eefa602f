/** The session's limits: `@maxPlayers`, `@joinInProgress`. */
import { integerIn } from "./arguments.js";
import { accept, defineAttribute, noArguments, reject } from "./descriptor.js";

const MAX_U32 = 2n ** 32n - 1n;

export const maxPlayersAttribute = defineAttribute({
  targets: ["session"],
  arguments: {
    count: [1, 1],
    expected: `a whole number from 1 to ${MAX_U32}: @maxPlayers(8)`,
    read({ positional }) {
      const count = integerIn(positional[0], 1n, MAX_U32);
      return count === undefined ? reject() : accept(count);
    },
  },
  apply({ set }, _target, count) {
    set.maxPlayers = count;
  },
});

export const joinInProgressAttribute = defineAttribute({
  targets: ["session"],
  arguments: noArguments,
  apply({ set }) {
    set.joinInProgress = true;
  },
});
