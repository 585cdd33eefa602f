/**
 * Which ends of a connection are worth a reconnect. Reconnecting after a refusal that will repeat
 * (bad credentials, another schema, a protocol violation) would only hammer the server, and after
 * a takeover (4004) would take the player back from its newer connection, which would take it back…
 * Browser-safe.
 */
import type { CloseInfo } from "./connection.js";
import { CLOSE_CODES } from "../protocol/error-codes.js";
import { GameError, gameErrorFromWire } from "../protocol/game-error.js";

/** Codes of an `error` message received before `welcome` that refuse the client for good. */
const FATAL_HELLO_ERRORS = new Set(["UNAUTHENTICATED", "SCHEMA_MISMATCH", "BAD_MESSAGE"]);

/** The error that ends the client, or `undefined` when it should reconnect. */
export function fatalError(info: CloseInfo): GameError | undefined {
  if (info.error !== undefined && FATAL_HELLO_ERRORS.has(info.error.code))
    return gameErrorFromWire(info.error);
  switch (info.code) {
    case CLOSE_CODES.PROTOCOL_VIOLATION:
      return new GameError(
        "BAD_MESSAGE",
        `the server closed the connection: protocol violation (4000) ${info.reason}`.trim(),
      );
    case CLOSE_CODES.UNAUTHENTICATED:
      return new GameError("UNAUTHENTICATED", "the server refused the credentials (4001)");
    case CLOSE_CODES.SCHEMA_MISMATCH:
      return new GameError("SCHEMA_MISMATCH", "the server does not accept this client's schema (4003)");
    case CLOSE_CODES.TAKEN_OVER:
      return new GameError("CLIENT_CLOSED", "another connection of the same player took over (4004)");
    default:
      return undefined;
  }
}
