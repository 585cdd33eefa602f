/**
 * The checks a call passes before its handler may run (docs/protocol.md "Built-in error codes",
 * "Limits and bad input"): who may call it, then whether its params are acceptable. Answers given
 * here are never remembered by the deduplication window.
 */
import type { ApiDefinition } from "../../protocol/definition.js";
import { GameError, InvalidValue, fromWire, toProblems, type CodecName } from "../../protocol/index.js";
import type { PlayerSession } from "../players/player-session.js";
import type { GameSession } from "../sessions/game-session.js";
import type { SessionManager } from "../sessions/session-manager.js";
import type { MethodEntry } from "./method-table.js";

const FORBIDDEN_KEYS = ["__proto__", "constructor", "prototype"];

/**
 * `@public`, `@role`, `@session`, `@session(running)` and `@host`; the caller's game session when
 * the call may go ahead (undefined outside one), else the refusal. Answered in the same tick when
 * the session directory is in this process, else as a promise (callers await only a promise).
 */
export function authorize(
  sessions: SessionManager,
  session: PlayerSession,
  entry: MethodEntry,
): GameSession | undefined | GameError | Promise<GameSession | undefined | GameError> {
  const policy = entry.definition.policy;
  if (session.anonymous && !policy.public) {
    return new GameError("UNAUTHENTICATED", `${entry.name} needs an authenticated player`);
  }
  for (const role of policy.roles) {
    if (!session.player.roles.includes(role))
      return new GameError("PERMISSION_DENIED", `${entry.name} needs the role "${role}"`);
  }
  if (session.anonymous) return checkSession(session, entry, undefined);
  const game = sessions.sessionOfNow(session.player.id);
  if (game !== false) return checkSession(session, entry, game);
  return sessions.sessionOf(session.player.id).then((found) => checkSession(session, entry, found));
}

/** The `@session` / `@host` part of `authorize`, once the caller's game session is known. */
function checkSession(
  session: PlayerSession,
  entry: MethodEntry,
  game: GameSession | undefined,
): GameSession | undefined | GameError {
  const policy = entry.definition.policy;
  if (policy.session === "none" && !policy.host) return game;
  if (game === undefined) return new GameError("PERMISSION_DENIED", `${entry.name} needs a game session`);
  if (policy.host && game.host !== session.player.id) {
    return new GameError("PERMISSION_DENIED", `${entry.name} is for the session's host`);
  }
  if (policy.session === "running" && game.status !== "running") {
    return new GameError("INVALID_STATE", `${entry.name} needs a running session; it is ${game.status}`);
  }
  return game;
}

/**
 * Wire form → TypeScript form → the generated validator (which removes undeclared fields). The
 * binary codec decodes to the TypeScript form itself, or to an `InvalidValue` for a value that is
 * not of its type, refused here as the validator would (docs/protocol.md "Bad frames").
 */
export function decodeParams(
  definition: ApiDefinition,
  codec: CodecName,
  entry: MethodEntry,
  wire: Readonly<Record<string, unknown>>,
): Record<string, unknown> | GameError {
  if (wire instanceof InvalidValue) {
    return new GameError("INVALID_ARGUMENT", "Invalid params", { details: { problems: wire.problems } });
  }
  const params = (
    codec === "binary" ? wire : fromWire(wire, entry.definition.params, definition.shapes, codec)
  ) as Record<string, unknown>;
  const validate = entry.validateParams;
  if (validate !== undefined && !validate(params)) {
    return new GameError("INVALID_ARGUMENT", "Invalid params", {
      details: { problems: toProblems(validate.errors) },
    });
  }
  for (const key of FORBIDDEN_KEYS) {
    if (Object.hasOwn(params, key)) {
      return new GameError("INVALID_ARGUMENT", "Invalid params", {
        details: { problems: [{ path: `/${key}`, message: "is not allowed" }] },
      });
    }
  }
  return params;
}
