/** Turning what a handler threw into the response's error (PROTOCOL.md "Built-in error codes"). */
import type { ApiDefinition } from "../../runtime-client/protocol/definition.js";
import { BUILTIN_ERROR_CODES, GameError, isGameError } from "../../runtime-client/protocol/index.js";

/**
 * Declared errors (in the schema) and built-in codes pass through; anything else becomes INTERNAL
 * with a generic message (nothing of the original leaves the server — the caller logs it).
 */
export function toResponseError(
  error: unknown,
  definition: ApiDefinition,
): { error: GameError; internal: boolean } {
  if (isGameError(error)) {
    const declared = Object.hasOwn(definition.errors, error.code) ? definition.errors[error.code] : undefined;
    if (declared !== undefined) {
      const retry = declared.retryable;
      return {
        error:
          retry === error.retry
            ? error
            : new GameError(error.code, error.message, { details: error.details, retry }),
        internal: false,
      };
    }
    if (Object.hasOwn(BUILTIN_ERROR_CODES, error.code) && error.code !== "INTERNAL")
      return { error, internal: false };
  }
  return { error: new GameError("INTERNAL", "Internal error"), internal: true };
}

/** W3C traceparent: version-traceid-parentid-flags; only a well-formed one reaches handlers and logs. */
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

export function parseTraceparent(
  value: string | undefined,
): { traceparent: string; traceId: string } | undefined {
  if (value === undefined || value.length !== 55) return undefined;
  const match = TRACEPARENT.exec(value);
  const traceId = match?.[1];
  if (traceId === undefined || /^0+$/.test(traceId)) return undefined;
  return { traceparent: value, traceId };
}
