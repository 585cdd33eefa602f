/**
 * The generated TypeScript of the arena example, compiled by the real `tsc --strict` together with
 * code that uses it as docs/server.md and docs/client.md show: what must compile compiles, and what
 * must not (the `@ts-expect-error` lines) does not. gidl/server, gidl/client, gidl/protocol and
 * gidl/testkit map to the runtime sources.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/index.js";
import { arenaModel } from "./fixtures.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const workDir = path.join(root, "test-artifacts", `generated-code-${process.pid}`);

const usage = `
import { createClient, isGameError } from "./client.js";
import { createServer, errors, type CombatHandlers, type Context } from "./server.js";
import { WeaponValues, type Pickup, type Weapon } from "./types.js";

/** A helper takes the plain Context: every handler's ctx fits it. */
const playerOf = (ctx: Context): string => ctx.player.id;

export const combat: CombatHandlers = {
  async attack({ targetId, weapon }, ctx) {
    if (weapon === "staff") throw ctx.errors.STUNNED({ stunRemainingMs: 500 }, "Cannot attack while stunned");
    if (!ctx.session?.players.some((p) => p.id === targetId)) throw ctx.errors.INVALID_TARGET("Not in your match");
    if (playerOf(ctx) === targetId) throw errors.INVALID_TARGET("Not yourself");
    ctx.emit.combat.damaged({ playerId: targetId, damage: 25, newHealth: 75 });
    ctx.emit.combat.positions({ x: 0, y: 0 }, 50, { players: {} });
    ctx.emit.combat.whisper([targetId], { from: ctx.player.id, text: "hit" });
    ctx.emit.combat.chat("global", { from: ctx.player.id, text: "gg" });
    ctx.emit.combat.announcement({ text: "first blood" });
    await Promise.resolve();
    return { hit: true, damage: 25, newHealth: 75 };
  },
  move({ pos }, ctx) {
    ctx.session?.setPosition(ctx.player.id, pos);
  },
  kickPlayer() {},
  serverInfo: () => ({ name: "arena", playersOnline: 1 }),
  buyItem({ itemId }, ctx) {
    if (itemId === "") throw ctx.errors.INSUFFICIENT_GOLD({ needed: 5 });
    return { gold: 1, items: [itemId] };
  },
};

class Combat implements CombatHandlers {
  attack(): { hit: boolean; damage: number; newHealth: number } {
    return { hit: false, damage: 0, newHealth: 100 };
  }
  move(): void {}
  kickPlayer(): void {}
  serverInfo(): { name: string; playersOnline: number } {
    return { name: "arena", playersOnline: 0 };
  }
  async buyItem(_params: { itemId: string }, ctx: Context): Promise<{ gold: number; items: string[] }> {
    ctx.log.info("buying");
    await Promise.resolve();
    return { gold: 0, items: [] };
  }
}

export const server = createServer({
  port: 0,
  handlers: { combat: Math.random() > 2 ? new Combat() : combat },
  sessions: { onJoin() {} },
  authorizeTopic: (_player, topic) => topic === "global",
});
server.emit.combat.announcement({ text: "Restart in 5 min" });
server.emit.combat.whisper(["p1", "p2"], { from: "gm", text: "hi" });
server.emit.combat.chat("guild:42", { from: "p1", text: "gg" });
server.emit.combat.damaged("s_42", { playerId: "p2", damage: 5, newHealth: 70 });
server.emit.combat.positions("s_42", { x: 0, y: 0 }, 50, { players: {} });

export async function play(signal: AbortSignal): Promise<number> {
  const client = createClient({ url: "ws://localhost:8080", token: "t", codec: "msgpack" });
  await client.connect();
  const session = await client.session.create({ settings: { mapName: "dust", minutes: 10 } });
  const result = await client.combat.attack({ targetId: "p2", weapon: "sword" }, { timeoutMs: 2000, signal });
  client.combat.move({ pos: { x: 1, y: 2 } });
  const info = await client.combat.serverInfo();
  await client.session.leave();
  await client.topic.subscribe({ name: "global" });
  const off = client.on("combat.damaged", (event, meta) => event.newHealth + (meta.seq ?? 0));
  off();
  client.onState((state) => state === "open");
  try {
    await client.combat.buyItem({ itemId: "sword" });
  } catch (e) {
    if (isGameError(e, "INSUFFICIENT_GOLD")) return e.details.needed;
    if (isGameError(e, "DEADLINE_EXCEEDED")) return e.retry ? 1 : 0;
  }
  const pickup: Pickup = { kind: "ammo", weapon: "bow", rounds: 3 };
  const weapons: readonly Weapon[] = WeaponValues;
  return session.players.length + info.playersOnline + (result.crit === true ? 1 : 0) + pickup.rounds + weapons.length;
}
`;

const mustNotCompile = `
import { createClient } from "./client.js";
import { createServer, errors, type CombatHandlers, type Context } from "./server.js";

export const undeclared: Pick<CombatHandlers, "attack" | "move"> = {
  attack(_params, ctx) {
    // @ts-expect-error an error the method does not declare (buyItem's) is not in its ctx.errors
    throw ctx.errors.INSUFFICIENT_GOLD({ needed: 5 });
  },
  move(_params, ctx) {
    // @ts-expect-error a send declares no errors
    throw ctx.errors.STUNNED({ stunRemainingMs: 1 });
  },
};

export function helper(ctx: Context): never {
  // @ts-expect-error the plain Context, for helpers, offers no method's errors
  throw ctx.errors.STUNNED({ stunRemainingMs: 1 });
}

// @ts-expect-error a handler object missing a method (buyItem)
export const incomplete: CombatHandlers = {
  attack: () => ({ hit: true, damage: 1, newHealth: 1 }),
  move() {},
  kickPlayer() {},
  serverInfo: () => ({ name: "arena", playersOnline: 1 }),
};

// @ts-expect-error a handler class missing a method (buyItem)
export class IncompleteCombat implements CombatHandlers {
  attack() {
    return { hit: true, damage: 1, newHealth: 1 };
  }
  move() {}
  kickPlayer() {}
  serverInfo() {
    return { name: "arena", playersOnline: 1 };
  }
}

export const wrongResult: CombatHandlers = {
  ...incomplete,
  // @ts-expect-error a handler that returns the wrong result
  buyItem: () => ({ gold: "lots", items: [] }),
};

const client = createClient({ url: "ws://localhost:8080" });
// @ts-expect-error a wrong enum value in a client call
void client.combat.attack({ targetId: "p2", weapon: "axe" });
// @ts-expect-error a missing parameter in a client call
void client.combat.attack({ targetId: "p2" });
// @ts-expect-error an event the schema does not declare
client.on("combat.exploded", () => {});

// @ts-expect-error wrong details for an error factory
export const stunned = errors.STUNNED({ stunRemaining: 5 });
// @ts-expect-error details for an error without fields
export const invalid = errors.INVALID_TARGET({ reason: "far" });

const server = createServer({ handlers: { combat: incomplete } });
// @ts-expect-error a session event needs its session id outside a handler
server.emit.combat.damaged({ playerId: "p", damage: 1, newHealth: 1 });
// @ts-expect-error a players event needs its player ids
server.emit.combat.whisper({ from: "gm", text: "hi" });
`;

describe("the generated TypeScript of the arena example", () => {
  afterAll(() => {
    if (process.env.KEEP !== "1") rmSync(workDir, { recursive: true, force: true });
  });

  it("compiles under tsc --strict with code that uses it, and refuses misuse", () => {
    mkdirSync(workDir, { recursive: true });
    for (const file of generate(arenaModel(), { lang: "ts", schemaFile: "arena.gidl" }).files) {
      writeFileSync(path.join(workDir, file.path), file.content);
    }
    writeFileSync(path.join(workDir, "usage.ts"), usage);
    writeFileSync(path.join(workDir, "must-not-compile.ts"), mustNotCompile);
    writeFileSync(
      path.join(workDir, "tsconfig.json"),
      JSON.stringify({
        extends: path.join(root, "tsconfig.base.json"),
        compilerOptions: {
          noEmit: true,
          strict: true,
          paths: {
            "gidl/server": [path.join(root, "runtime-server/index.ts")],
            "gidl/client": [path.join(root, "runtime-client/index.ts")],
            // binary.ts and the runtimes must share one BinaryReader (its private fields make it nominal).
            "gidl/protocol": [path.join(root, "protocol/index.ts")],
            "gidl/testkit": [path.join(root, "testkit/index.ts")],
          },
        },
        include: ["*.ts"],
      }),
    );
    const tsc = path.join(root, "node_modules/typescript/bin/tsc");
    let output: string;
    try {
      output = execFileSync(process.execPath, [tsc, "-p", workDir, "--strict", "--pretty", "false"], {
        encoding: "utf8",
      });
    } catch (error) {
      output = String((error as { stdout?: unknown }).stdout ?? error);
    }
    // Errors in the runtimes' own sources are theirs to fix; only the generated and test files count here.
    const ours = output.split("\n").filter((line) => line.startsWith(path.relative(process.cwd(), workDir)));
    expect(ours).toEqual([]);
  });
});
