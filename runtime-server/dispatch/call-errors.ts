/**
 * Turning what a handler threw into the response's error (docs/server.md "Handlers";
 * docs/protocol.md "Built-in error codes"): only what the method's contract allows reaches the
 * caller, everything else is INTERNAL. Runs on the error path only.
 */
import {
  BUILTIN_ERROR_CODES,
  HANDLER_BUILTIN_CODES,
  isGameError,
  toProblems,
  type BuiltinErrorCode,
  type Problem,
  type WireError,
} from "../../protocol/index.js";
import { snapshot } from "../events/snapshot.js";
import type { MethodEntry, RaisableError } from "./method-table.js";

/** Why a GameError did not reach the caller: the error log line's message. */
export const REFUSALS = {
  undeclared: "handler threw an error its method does not declare",
  builtin: "handler threw a built-in code handlers may not raise",
  details: "handler threw details the schema refuses",
} as const;

/** A GameError the server answered INTERNAL instead, as its log line tells it. */
export interface Refusal {
  /** The code the handler threw. */
  readonly code: string;
  readonly message: (typeof REFUSALS)[keyof typeof REFUSALS];
  readonly problems?: readonly Problem[];
}

/** The response's error; for an INTERNAL, the refused GameError (undefined for anything else thrown). */
export type ResponseError =
  | { readonly wire: WireError; readonly internal: false }
  | { readonly wire: WireError; readonly internal: true; readonly refusal: Refusal | undefined };

/**
 * What the caller gets for `thrown` (docs/server.md "Handlers"). A handler may throw the declared
 * errors of its method's `throws` and the built-in codes of HANDLER_BUILTIN_CODES without details;
 * the built-in `session.*` and `topic.*` (the runtime's code, and the session hooks they run) may
 * throw any declared error and any built-in code but INTERNAL. Declared details must pass their
 * validator (on a copy, as it removes undeclared fields); `retry` comes from the schema or the catalog.
 */
export function toResponseError(thrown: unknown, entry: MethodEntry): ResponseError {
  if (!isGameError(thrown) || thrown.code === "INTERNAL") return internal(undefined);
  const { code } = thrown;
  // isGameError also accepts another copy's GameError by its name: only a string message passes.
  const message = typeof thrown.message === "string" ? thrown.message : code;
  if (Object.hasOwn(entry.raises, code)) {
    const { retry, validate } = entry.raises[code] as RaisableError;
    const details = validate === undefined ? thrown.details : snapshot(thrown.details);
    if (validate === undefined ? details !== undefined : !validate(details)) {
      const problems = validate === undefined ? [NO_FIELDS] : toProblems(validate.errors);
      return refused(code, "details", problems);
    }
    return passed(code, message, details, retry);
  }
  if (!Object.hasOwn(BUILTIN_ERROR_CODES, code)) return refused(code, "undeclared");
  const { retry } = BUILTIN_ERROR_CODES[code as BuiltinErrorCode];
  // The runtime's own built-in codes carry details it wrote itself (SESSION_ELSEWHERE's url…).
  if (entry.builtin) return passed(code, message, thrown.details, retry);
  if (!HANDLER_BUILTIN_CODES.has(code)) return refused(code, "builtin");
  if (thrown.details !== undefined) return refused(code, "details", [BUILTIN_DETAILS]);
  return passed(code, message, undefined, retry);
}

const NO_FIELDS: Problem = { path: "", message: "must be undefined: the error declares no fields" };
const BUILTIN_DETAILS: Problem = {
  path: "",
  message: "must be undefined: a handler's built-in code has none",
};

function passed(code: string, message: string, details: unknown, retry: boolean): ResponseError {
  const wire = details === undefined ? { code, message, retry } : { code, message, details, retry };
  return { wire, internal: false };
}

function refused(code: string, why: keyof typeof REFUSALS, problems?: readonly Problem[]): ResponseError {
  const message = REFUSALS[why];
  return internal(problems === undefined ? { code, message } : { code, message, problems });
}

function internal(refusal: Refusal | undefined): ResponseError {
  return { wire: { code: "INTERNAL", message: "Internal error", retry: false }, internal: true, refusal };
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
