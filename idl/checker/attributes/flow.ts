/**
 * How calls, events and errors flow: `@rate`, `@timeout` and `@queue` on calls, `@unreliable` on
 * events, `@retryable` on errors.
 */
import { locationOf } from "../context.js";
import { asRate, asString, integerIn, MAX_SAFE } from "./arguments.js";
import { accept, defineAttribute, METHODS, noArguments, reject } from "./descriptor.js";

/** setTimeout's limit: a longer delay fires at once. */
const MAX_TIMEOUT_MS = 2n ** 31n - 1n;

const SECONDS_PER_UNIT = { s: 1, m: 60, h: 3600 } as const;

export const rateAttribute = defineAttribute({
  targets: METHODS,
  arguments: {
    count: [1, 1],
    named: ["burst"],
    expected: "a positive rate and an optional positive burst: @rate(10/s) or @rate(10/s, burst: 20)",
    read({ positional, named }) {
      const rate = asRate(positional[0]);
      if (rate === undefined || rate.count < 1n || rate.count > MAX_SAFE) return reject();
      const burstArgument = named.get("burst");
      const burst = burstArgument === undefined ? Number(rate.count) : integerIn(burstArgument, 1n, MAX_SAFE);
      if (burst === undefined) return reject();
      return accept({ perSecond: Number(rate.count) / SECONDS_PER_UNIT[rate.unit], burst });
    },
  },
  apply({ set }, _target, rate) {
    set.rate = rate;
  },
});

export const timeoutAttribute = defineAttribute({
  targets: ["rpc"],
  arguments: {
    count: [1, 1],
    expected: `milliseconds from 1 to ${MAX_TIMEOUT_MS}: @timeout(5000)`,
    read({ positional }) {
      const ms = integerIn(positional[0], 1n, MAX_TIMEOUT_MS);
      return ms === undefined ? reject() : accept(ms);
    },
  },
  apply({ set }, _target, ms) {
    set.timeoutMs = ms;
  },
});

export const queueAttribute = defineAttribute({
  targets: ["rpc"],
  arguments: {
    count: [1, 1],
    named: ["concurrency", "depth"],
    expected: 'a name, a concurrency of at least 1 and a depth: @queue("name", concurrency: 4, depth: 1000)',
    read({ positional, named }) {
      const name = asString(positional[0]);
      const concurrencyArgument = named.get("concurrency");
      const depthArgument = named.get("depth");
      const concurrency =
        concurrencyArgument === undefined ? undefined : integerIn(concurrencyArgument, 1n, MAX_SAFE);
      const depth = depthArgument === undefined ? undefined : integerIn(depthArgument, 0n, MAX_SAFE);
      if (name === undefined || name.value === "" || concurrency === undefined || depth === undefined) {
        return reject();
      }
      return accept({ name: name.value, concurrency, depth });
    },
  },
  apply(context, target, queue) {
    // docs/language.md "Load: `@rate`, `@timeout`, `@queue`": one named queue serves every rpc that
    // names it, so its limits must agree.
    const first = context.state.queues.get(queue.name);
    if (first !== undefined && (first.concurrency !== queue.concurrency || first.depth !== queue.depth)) {
      context.report(
        context.attribute,
        "attribute-arguments",
        {
          name: "queue",
          expected: `concurrency ${first.concurrency} and depth ${first.depth}, as queue '${queue.name}' has elsewhere`,
        },
        `first declared at ${first.where}`,
      );
      return;
    }
    if (first === undefined) {
      const where = locationOf(target.file, context.attribute);
      context.state.queues.set(queue.name, { concurrency: queue.concurrency, depth: queue.depth, where });
    }
    context.set.queue = queue;
  },
});

export const unreliableAttribute = defineAttribute({
  targets: ["event"],
  arguments: noArguments,
  apply({ set }) {
    set.unreliable = true;
  },
});

export const retryableAttribute = defineAttribute({
  targets: ["error"],
  arguments: noArguments,
  apply({ set }) {
    set.retryable = true;
  },
});
