/**
 * The error object of `response` and `error` messages (docs/protocol.md "Messages": error object).
 * A declared error's details travel as the message's value; the built-in details (`problems`,
 * `retryAfterMs`, `url`) travel in the object itself. Node-free.
 */
import type { WireError } from "../messages.js";
import type { Problem } from "../validation.js";
import { Flag } from "./envelope.js";
import type { BinaryReader } from "./reader.js";
import type { BinaryWriter } from "./writer.js";

interface BuiltInDetails {
  readonly problems?: readonly Problem[];
  readonly retryAfterMs?: number;
  readonly url?: string;
}

/** Writes the object; `declared` errors leave their details to the message's value. */
export function writeErrorObject(writer: BinaryWriter, error: WireError, declared: boolean): void {
  const start = writer.beginLength();
  const details = declared ? undefined : (error.details as BuiltInDetails | null | undefined);
  const problems = details?.problems;
  const retryAfterMs = details?.retryAfterMs;
  const url = details?.url;
  let flags = error.retry ? Flag.errorRetry : 0;
  if (Array.isArray(problems)) flags |= Flag.errorProblems;
  if (typeof retryAfterMs === "number") flags |= Flag.errorRetryAfter;
  if (typeof url === "string") flags |= Flag.errorUrl;
  writer.byte(flags);
  writer.string(error.code);
  writer.string(error.message);
  if (flags & Flag.errorProblems) {
    const list = problems as readonly Problem[];
    writer.uint(list.length);
    for (const problem of list) {
      writer.string(problem.path);
      writer.string(problem.message);
    }
  }
  // Whole milliseconds on the wire; waiting a fraction longer is always safe.
  if (flags & Flag.errorRetryAfter) writer.uint(Math.ceil(retryAfterMs as number));
  if (flags & Flag.errorUrl) writer.string(url as string);
  writer.endLength(start);
}

/** A decoded error object; a declared error's `details` are set by the caller from the value. */
export interface DecodedError {
  code: string;
  message: string;
  details?: unknown;
  retry: boolean;
}

/** Reads the object, skipping the bytes past the fields this decoder knows. */
export function readErrorObject(reader: BinaryReader): DecodedError {
  const length = reader.count();
  const end = reader.offset + length;
  const outer = reader.end;
  const part = reader.part;
  reader.end = end;
  reader.part = "the error object";
  const flags = reader.uint();
  const error: DecodedError = {
    code: reader.string(),
    message: reader.string(),
    retry: (flags & Flag.errorRetry) !== 0,
  };
  let details: { problems?: Problem[]; retryAfterMs?: number; url?: string } | undefined;
  if (flags & Flag.errorProblems) {
    const problems: Problem[] = [];
    for (let count = reader.count(); count > 0; count--) {
      problems.push({ path: reader.string(), message: reader.string() });
    }
    details = { problems };
  }
  if (flags & Flag.errorRetryAfter) (details ??= {}).retryAfterMs = reader.uint();
  if (flags & Flag.errorUrl) (details ??= {}).url = reader.string();
  if (details !== undefined) error.details = details;
  reader.offset = end;
  reader.end = outer;
  reader.part = part;
  return error;
}
