/**
 * Following SESSION_ELSEWHERE (docs/scaling.md): the server that refused a call names, in
 * `details.url`, the server that holds the session. Only a WebSocket URL is followed, and only a
 * few times in a row, so that a confused or hostile server cannot send the client anywhere else or
 * round in circles. Browser-safe.
 */
import type { GameError } from "../protocol/game-error.js";

/** Redirects followed in a row (without an answer from a server that held the call) before giving up. */
export const MAX_REDIRECTS = 3;

/** Whether `url` is an absolute `ws:` or `wss:` URL. */
export function isWebSocketUrl(url: unknown): url is string {
  if (typeof url !== "string") return false;
  try {
    const { protocol } = new URL(url);
    return protocol === "ws:" || protocol === "wss:";
  } catch {
    return false;
  }
}

/** Where a SESSION_ELSEWHERE error sends the client, or `undefined` when it is not one to follow. */
export function redirectTarget(error: GameError): string | undefined {
  if (error.code !== "SESSION_ELSEWHERE") return undefined;
  const details: unknown = error.details;
  if (typeof details !== "object" || details === null || !("url" in details)) return undefined;
  return isWebSocketUrl(details.url) ? details.url : undefined;
}
