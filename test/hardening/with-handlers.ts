/**
 * Server options with some of the arena fixture's handlers replaced (a handler that never settles,
 * one returning what no codec can carry). `startServer` spreads its options over the defaults, so
 * `handlers` replaces the fixture's; typed apart because ServerOptions does not list it.
 */
import type { Handler, ServerOptions } from "../../runtime-server/index.js";
import { createArenaHandlers } from "../runtime-server/fixtures/handlers.js";

export function withGameHandlers(
  replaced: Record<string, Handler>,
  options: Partial<ServerOptions> = {},
): Partial<ServerOptions> {
  const fixture = createArenaHandlers();
  const withHandlers = { ...options, handlers: { game: { ...fixture.handlers.game, ...replaced } } };
  return withHandlers;
}
