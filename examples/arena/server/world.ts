/** What the handlers and hooks share: the matches, the wallets, the clock, the dice, and the server. */
import type { Server } from "../generated/server.js";
import { Match } from "./match.js";
import { Wallets } from "./wallets.js";

export interface World {
  readonly matches: Map<string, Match>;
  readonly wallets: Wallets;
  readonly now: () => number;
  /** In [0, 1): decides critical hits. Tests pass a fixed one. */
  readonly random: () => number;
  /** The running server, for events sent from outside a handler (hooks, announcements). */
  server(): Server;
}

export interface WorldOptions {
  readonly now?: () => number;
  readonly random?: () => number;
}

export function createWorld(options: WorldOptions = {}): World & { bind(server: Server): void } {
  let bound: Server | undefined;
  return {
    matches: new Map(),
    wallets: new Wallets(),
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    server() {
      if (bound === undefined) throw new Error("the arena world is not bound to a server yet");
      return bound;
    },
    bind(server) {
      bound = server;
    },
  };
}
