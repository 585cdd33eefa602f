/** The arena, in-process through the generated test kit, with players logged in by signed tokens. */
import { createArena, type Arena } from "../server/arena.js";
import { createTestKit, type TestKit } from "../generated/testkit.js";

export const SECRET = "test-secret-test-secret-test-secret";

/** Guild of each test player: ana and bo are "red", cy and dee "blue". */
export const GUILDS: Readonly<Record<string, string>> = { ana: "red", bo: "red", cy: "blue", dee: "blue" };

export interface ArenaKit extends TestKit {
  readonly arena: Arena;
}

export async function startArena(
  players: readonly string[] = ["ana", "bo"],
  options: { random?: () => number; now?: () => number; shopWorkMs?: number } = {},
): Promise<ArenaKit> {
  // No critical hits unless a test asks: damage is then exact.
  const arena = createArena({ secret: SECRET, random: () => 0.99, ...options });
  const kit = await createTestKit({
    ...arena.config,
    players,
    logger: (await import("pino")).pino({ level: "error" }),
    token: (id) => arena.auth.sign(id, GUILDS[id] ?? "grey"),
  });
  arena.bind(kit.server);
  return Object.assign(kit, { arena });
}

export const SETTINGS = { mapName: "dust", minutes: 5 };

/** `host` creates a match, the others join, and the host starts it. */
export async function startMatch(host: TestKit["clients"][number], ...others: TestKit["clients"][number][]) {
  const created = await host.session.create({ settings: SETTINGS });
  for (const other of others) await other.session.join({ sessionId: created.id });
  return host.session.start();
}
