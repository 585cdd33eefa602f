/**
 * One match's game state, kept in the session's `state` (the runtime never reads it): each
 * fighter's health, stun and position, kills and deaths, and who the host banned.
 */
import type { SessionHandle } from "../generated/server.js";
import type { Vec2 } from "../generated/types.js";
import { MAP_HALF, MAX_HEALTH, SPAWN_RADIUS } from "./rules.js";

export interface Fighter {
  readonly id: string;
  health: number;
  /** Epoch ms until which the fighter cannot attack. */
  stunnedUntil: number;
  pos: Vec2;
  kills: number;
  deaths: number;
}

export class Match {
  readonly fighters = new Map<string, Fighter>();
  readonly banned = new Set<string>();
  /** Fighters whose position the runtime does not know yet (see `place`). */
  private readonly unplaced = new Set<Fighter>();
  private spawns = 0;

  private constructor(private readonly session: SessionHandle) {}

  /** The match of a session, created on first use. */
  static of(session: SessionHandle): Match {
    const existing = session.state.match;
    const match = existing instanceof Match ? existing : new Match(session);
    session.state.match = match;
    match.place();
    return match;
  }

  get id(): string {
    return this.session.id;
  }

  enter(playerId: string): Fighter {
    const fighter: Fighter = {
      id: playerId,
      health: MAX_HEALTH,
      stunnedUntil: 0,
      pos: { x: 0, y: 0 },
      kills: 0,
      deaths: 0,
    };
    this.fighters.set(playerId, fighter);
    this.respawn(fighter);
    return fighter;
  }

  leave(playerId: string): void {
    const fighter = this.fighters.get(playerId);
    if (fighter !== undefined) this.unplaced.delete(fighter);
    this.fighters.delete(playerId);
  }

  /** A fighter that may act: in the match and not banned. */
  active(playerId: string): Fighter | undefined {
    return this.banned.has(playerId) ? undefined : this.fighters.get(playerId);
  }

  moveTo(fighter: Fighter, pos: Vec2): void {
    fighter.pos = { x: clamp(pos.x), y: clamp(pos.y) };
    this.unplaced.add(fighter);
    this.place();
  }

  /**
   * Tells the runtime where fighters are, for `to area` events. A fighter enters in `onJoin`, which
   * runs before the runtime adds the member (so that the hook can refuse): it is placed on the
   * next use of the match instead.
   */
  private place(): void {
    if (this.unplaced.size === 0) return;
    const members = new Set(this.session.players.map((player) => player.id));
    for (const fighter of this.unplaced) {
      if (!members.has(fighter.id)) continue;
      this.session.setPosition(fighter.id, fighter.pos);
      this.unplaced.delete(fighter);
    }
  }

  /** Full health at the next spawn point on the circle. */
  respawn(fighter: Fighter): void {
    const angle = (this.spawns++ * Math.PI) / 4;
    fighter.health = MAX_HEALTH;
    fighter.stunnedUntil = 0;
    this.moveTo(fighter, {
      x: Math.round(SPAWN_RADIUS * Math.cos(angle)),
      y: Math.round(SPAWN_RADIUS * Math.sin(angle)),
    });
  }

  /** The active fighters within `radius` of `origin`, by id. */
  around(origin: Vec2, radius: number): Record<string, Vec2> {
    const seen: Record<string, Vec2> = {};
    for (const fighter of this.fighters.values()) {
      if (!this.banned.has(fighter.id) && distance(origin, fighter.pos) <= radius)
        seen[fighter.id] = fighter.pos;
    }
    return seen;
  }

  connectedCount(): number {
    return this.session.players.filter((player) => player.connected).length;
  }

  /** The fighter with the most kills, if anyone scored. */
  leader(): Fighter | undefined {
    let best: Fighter | undefined;
    for (const fighter of this.fighters.values()) if (fighter.kills > (best?.kills ?? 0)) best = fighter;
    return best;
  }
}

export function distance(a: Vec2, b: Vec2): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

function clamp(value: number): number {
  return Math.max(-MAP_HALF, Math.min(MAP_HALF, value));
}
