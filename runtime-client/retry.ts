/**
 * Retrying a call that failed with `retry: true`, as a new call (a new id), for callers that opted
 * in with `{ retry: true }` (docs/client.md "Calls"). Every attempt fits in the call's one deadline.
 * Browser-safe.
 */
import { backoffDelay } from "./options.js";
import { GameError, isGameError } from "../protocol/game-error.js";
import { sleep } from "./sleep.js";

export interface RetryPolicy {
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly backoff: { readonly baseMs: number; readonly maxMs: number };
  readonly random: () => number;
}

/** `attempt(remainingMs)` makes one call; retryable failures are retried after a backoff. */
export async function withRetry(
  method: string,
  policy: RetryPolicy,
  attempt: (remainingMs: number) => Promise<unknown>,
): Promise<unknown> {
  const deadline = Date.now() + policy.timeoutMs;
  for (let failures = 0; ; failures++) {
    try {
      return await attempt(Math.max(0, deadline - Date.now()));
    } catch (error) {
      // DEADLINE_EXCEEDED is the whole call's deadline; SESSION_ELSEWHERE needs another server.
      if (
        !isGameError(error) ||
        !error.retry ||
        error.code === "DEADLINE_EXCEEDED" ||
        error.code === "SESSION_ELSEWHERE"
      ) {
        throw error;
      }
      const wait = Math.max(retryAfterMs(error), backoffDelay(failures, policy.backoff, policy.random));
      // Waiting past the deadline would only turn this error into a less informative one.
      if (Date.now() + wait >= deadline) throw error;
      await sleep(wait, policy.signal);
      if (policy.signal?.aborted === true) throw new GameError("CANCELLED", `${method} was cancelled`);
    }
  }
}

/** RATE_LIMITED's `details.retryAfterMs`, when the server gave one. */
function retryAfterMs(error: GameError): number {
  const details = error.details as { retryAfterMs?: unknown } | undefined;
  const value = details?.retryAfterMs;
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}
