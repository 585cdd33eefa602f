/**
 * The arena's server configuration: handlers, session hooks, topic rules and authentication, ready
 * for `createServer()` — or for `createTestKit()`, which is how the example's tests run it.
 */
import type { PlayerInfo, Server, ServerConfig } from "../generated/server.js";
import { createAuth, type ArenaAuth } from "./auth.js";
import { mayUseChannel } from "./channels.js";
import { fightingHandlers } from "./combat.js";
import { sessionHooks } from "./session-hooks.js";
import { shopHandlers } from "./shop.js";
import { socialHandlers } from "./social.js";
import { createWorld, type World, type WorldOptions } from "./world.js";

export interface ArenaOptions extends WorldOptions {
  /** The HMAC secret of login tokens (at least 32 characters). */
  readonly secret: string;
  /** The shop's simulated work per purchase, in ms. @default 25 */
  readonly shopWorkMs?: number;
}

export interface Arena {
  readonly auth: ArenaAuth;
  readonly world: World;
  /** Pass to `createServer()` (spread), then `bind()` the server it returns. */
  readonly config: Pick<ServerConfig, "handlers" | "sessions" | "authenticate" | "authorizeTopic">;
  /** Hooks and announcements send events through this server. */
  bind(server: Server): void;
}

export function createArena(options: ArenaOptions): Arena {
  const world = createWorld(options);
  const auth = createAuth(options.secret);
  return {
    auth,
    world,
    config: {
      handlers: {
        combat: {
          ...fightingHandlers(world),
          ...socialHandlers(world),
          ...shopHandlers(world, options.shopWorkMs),
        },
      },
      sessions: sessionHooks(world),
      async authenticate(token) {
        const player = await auth.authenticate(token);
        world.wallets.of(player.playerId);
        return player;
      },
      authorizeTopic: (player: PlayerInfo, topic: string) => mayUseChannel(player, topic),
    },
    bind: (server) => {
      world.bind(server);
    },
  };
}
