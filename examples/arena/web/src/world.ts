/**
 * The page's picture of the match, fed by events: who is in it, where each player was last seen
 * (`combat.positions`), health (`combat.damaged`), and the damage numbers floating over the map.
 * No DOM here: render.ts draws it, hud.ts lists it.
 */
import type { SessionInfo, Vec2 } from "../../generated/types.js";

export const MAX_HEALTH = 100;
/** How long a damage number floats, in ms. */
export const FLOAT_MS = 1200;

export interface Player {
  readonly id: string;
  connected: boolean;
  health: number;
  /** Where the server last said the player is; `undefined` until a `positions` event names it. */
  pos: Vec2 | undefined;
  /** Where it is drawn: eases toward `pos` so that movement looks continuous. */
  drawn: Vec2 | undefined;
  /** When it last took damage (performance.now()), for the hit flash. */
  hitAt: number;
  /** Kills suffered (the damaged event does not name the killer). */
  deaths: number;
}

export interface Floater {
  readonly playerId: string;
  readonly text: string;
  readonly kind: "damage" | "kill" | "miss";
  readonly at: number;
  readonly pos: Vec2;
  /** A sideways nudge in pixels, so that hits in quick succession do not print over each other. */
  readonly dx: number;
}

export class World {
  readonly players = new Map<string, Player>();
  floaters: Floater[] = [];
  sessionId: string | undefined;
  status = "—";
  host: string | undefined;
  /** Bumped on every change the HUD shows (roster, health), so that it redraws only then. */
  version = 0;
  /** Position updates applied: the map is alive when this grows. */
  moves = 0;

  constructor(readonly self: string) {}

  load(info: SessionInfo): void {
    this.sessionId = info.id;
    this.status = info.status;
    this.host = info.host;
    const present = new Set(info.players.map((p) => p.id));
    for (const id of this.players.keys()) if (!present.has(id)) this.players.delete(id);
    for (const { id, connected } of info.players) this.player(id).connected = connected;
    this.version++;
  }

  player(id: string): Player {
    let player = this.players.get(id);
    if (player === undefined) {
      player = {
        id,
        connected: true,
        health: MAX_HEALTH,
        pos: undefined,
        drawn: undefined,
        hitAt: -Infinity,
        deaths: 0,
      };
      this.players.set(id, player);
      this.version++;
    }
    return player;
  }

  remove(id: string): void {
    if (this.players.delete(id)) this.version++;
  }

  setConnected(id: string, connected: boolean): void {
    this.player(id).connected = connected;
    this.version++;
  }

  /** `combat.positions`: the players near a mover. Members only: a kicked player is not drawn. */
  positions(players: Readonly<Record<string, Vec2>>): void {
    for (const [id, pos] of Object.entries(players)) {
      const player = this.players.get(id);
      if (player === undefined) continue;
      if (player.pos === undefined) this.version++;
      player.pos = pos;
      this.moves++;
      player.drawn ??= { ...pos };
    }
  }

  /** `combat.damaged`; `newHealth` 0 is a kill, and the server has already respawned the victim. */
  damaged(playerId: string, damage: number, newHealth: number, now: number): void {
    const player = this.player(playerId);
    player.hitAt = now;
    this.float(playerId, `-${damage}`, "damage", now);
    if (newHealth === 0) this.float(playerId, "KO", "kill", now);
    if (newHealth === 0) {
      player.deaths++;
      player.health = MAX_HEALTH;
    } else player.health = newHealth;
    this.version++;
  }

  /** A floating word over a player (an attack of ours that did not reach). */
  note(playerId: string, text: string, now: number): void {
    this.float(playerId, text, "miss", now);
  }

  private float(playerId: string, text: string, kind: Floater["kind"], now: number): void {
    const player = this.players.get(playerId);
    const at = player?.drawn ?? player?.pos;
    if (at === undefined) return;
    const dx = kind === "kill" ? 0 : Math.round((Math.random() - 0.5) * 28);
    this.floaters.push({ playerId, text, kind, at: now, pos: { ...at }, dx });
  }

  /** Eases drawn positions toward the server's and forgets old floaters. */
  step(now: number, dtMs: number): void {
    const k = 1 - Math.exp(-dtMs / 80);
    for (const player of this.players.values()) {
      if (player.pos === undefined || player.drawn === undefined) continue;
      player.drawn.x += (player.pos.x - player.drawn.x) * k;
      player.drawn.y += (player.pos.y - player.drawn.y) * k;
    }
    if (this.floaters.length > 0) this.floaters = this.floaters.filter((f) => now - f.at < FLOAT_MS);
  }

  /** Players the map can draw: members with a known position. */
  positioned(): Player[] {
    return [...this.players.values()].filter((p) => p.pos !== undefined);
  }
}
