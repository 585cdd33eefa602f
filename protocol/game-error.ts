/**
 * The one error class of both runtimes, with a code, and one function turning anything thrown into
 * it (docs/contributing.md "Errors"). Node-free.
 */
import { errorCodeInfo } from "./error-codes.js";
import type { WireError } from "./messages.js";

export interface GameErrorOptions<Details> {
  readonly details?: Details;
  /** Defaults to the built-in or client-side code's flag, else false. */
  readonly retry?: boolean;
  readonly cause?: unknown;
}

/** A failed call: a declared error of the schema, a built-in code, or a client-side code. */
export class GameError<Code extends string = string, Details = unknown> extends Error {
  override readonly name = "GameError";
  readonly code: Code;
  readonly details: Details;
  readonly retry: boolean;

  constructor(code: Code, message?: string, options: GameErrorOptions<Details> = {}) {
    super(message ?? code, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details as Details;
    this.retry = options.retry ?? errorCodeInfo(code)?.retry ?? false;
  }

  /** The wire form: `{ code, message, details?, retry }`. */
  toWire(): WireError {
    return this.details === undefined
      ? { code: this.code, message: this.message, retry: this.retry }
      : { code: this.code, message: this.message, details: this.details, retry: this.retry };
  }
}

/**
 * Whether `e` is a GameError (with that code, when given). Checks `name` as well as `instanceof`:
 * two copies of the package may be loaded, each with its own class.
 */
export function isGameError(e: unknown, code?: string): e is GameError {
  const isOne =
    e instanceof GameError ||
    (typeof e === "object" &&
      e !== null &&
      (e as { name?: unknown }).name === "GameError" &&
      typeof (e as { code?: unknown }).code === "string");
  return isOne && (code === undefined || (e as GameError).code === code);
}

/**
 * Turns anything thrown into a GameError. Other errors become `INTERNAL` with a generic message:
 * nothing of the original leaves the server (docs/server.md "Handlers"); it is kept as `cause`.
 */
export function toGameError(e: unknown): GameError {
  if (isGameError(e)) return e;
  return new GameError("INTERNAL", "internal error", { cause: e });
}

/** A GameError from a received wire error object (already checked by `checkServerMessage`). */
export function gameErrorFromWire(error: WireError): GameError {
  return new GameError(error.code, error.message, { details: error.details, retry: error.retry });
}
