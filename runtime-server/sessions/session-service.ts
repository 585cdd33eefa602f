/** The built-in `session.*` methods (docs/protocol.md "Game sessions") as handlers of the method table. */
import { GameError } from "../../protocol/index.js";
import type { AnyHandler } from "../dispatch/method-table.js";
import type { SessionManager } from "./session-manager.js";

/** Checks the built-ins make themselves, for definitions that bring no validator for them. */
function stringParam(params: Record<string, unknown>, name: string): string {
  const value = params[name];
  if (typeof value !== "string" || value.length === 0) {
    throw new GameError("INVALID_ARGUMENT", "Invalid params", {
      details: { problems: [{ path: `/${name}`, message: "must be a non-empty string" }] },
    });
  }
  return value;
}

function visibilityParam(params: Record<string, unknown>): "public" | "private" | undefined {
  const value = params.visibility;
  if (value === undefined || value === "public" || value === "private") return value;
  throw new GameError("INVALID_ARGUMENT", "Invalid params", {
    details: { problems: [{ path: "/visibility", message: 'must be "public" or "private"' }] },
  });
}

export function sessionHandlers(manager: SessionManager): Record<string, AnyHandler> {
  return {
    "session.create": (params, ctx) => manager.create(ctx.player, params.settings, visibilityParam(params)),
    "session.configure": (params, ctx) => manager.configure(ctx.player, params.settings),
    "session.join": (params, ctx) => manager.join(ctx.player, stringParam(params, "sessionId")),
    "session.leave": (_params, ctx) => manager.leave(ctx.player),
    "session.kick": (params, ctx) => manager.kick(ctx.player, stringParam(params, "playerId")),
    "session.start": (_params, ctx) => manager.transition(ctx.player, "start"),
    "session.pause": (_params, ctx) => manager.transition(ctx.player, "pause"),
    "session.resume": (_params, ctx) => manager.transition(ctx.player, "resume"),
    "session.end": (_params, ctx) => manager.end(ctx.player),
    "session.get": (_params, ctx) => manager.get(ctx.player),
    "session.list": () => manager.list(),
  };
}
