/**
 * A member's connection changing on a process that does not own the member's game session
 * (docs/scaling.md "Sessions": a player who resumed on another node). It travels on the event
 * fan-out to the owner, which tells the members as it does for its own connections:
 * `session.playerDisconnected`, `playerReconnected`, or `playerLeft` with reason `left`/`timeout`.
 */
import type { PlayerInfo } from "../types.js";

export type PresenceKind = "disconnected" | "reconnected" | "left" | "timeout";

export class PresenceChange {
  constructor(
    readonly kind: PresenceKind,
    readonly player: PlayerInfo,
  ) {}
}

export function isPresenceKind(value: unknown): value is PresenceKind {
  return value === "disconnected" || value === "reconnected" || value === "left" || value === "timeout";
}
