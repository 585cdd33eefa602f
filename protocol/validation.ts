/**
 * Validation problems as the wire carries them (docs/protocol.md "Built-in error codes":
 * `INVALID_ARGUMENT`'s `details.problems` lists `{path, message}`). Node-free.
 */
import type { ValidateFunction } from "./definition.js";

export interface Problem {
  /** A JSON Pointer (RFC 6901) to the offending value; `""` is the whole params object. */
  readonly path: string;
  readonly message: string;
}

type AjvError = NonNullable<ValidateFunction["errors"]>[number];

/** At most this many problems are reported: enough to fix a call, too few to amplify a bad one. */
export const MAX_PROBLEMS = 20;

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Turns ajv errors into `{path, message}` problems, pointing at the missing property itself. */
export function toProblems(errors: ValidateFunction["errors"]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    const problem = toProblem(error);
    const key = problem.path + "\u0000" + problem.message;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
    if (problems.length === MAX_PROBLEMS) break;
  }
  return problems;
}

function toProblem(error: AjvError): Problem {
  const params = error.params as Record<string, unknown>;
  const missing = params.missingProperty;
  if (error.keyword === "required" && typeof missing === "string") {
    return { path: `${error.instancePath}/${escapePointer(missing)}`, message: "is required" };
  }
  const extra = params.additionalProperty;
  if (error.keyword === "additionalProperties" && typeof extra === "string") {
    return { path: `${error.instancePath}/${escapePointer(extra)}`, message: "is not allowed" };
  }
  return { path: error.instancePath, message: error.message ?? `fails "${error.keyword}"` };
}
