/**
 * Events, player moves and presence changes as plain data, for adapters that carry them between processes
 * (docs/scaling.md): the TypeScript form of `data` (bigint, bytes) survives MessagePack as is.
 */
import type { ApiDefinition } from "../../protocol/definition.js";
import { PlayerMove } from "../players/player-move.js";
import { isPresenceKind, PresenceChange } from "../sessions/presence-change.js";
import type { PlayerInfo } from "../types.js";
import { OutboundEvent } from "./outbound-event.js";

export function eventToData(event: unknown): unknown {
  if (event instanceof PlayerMove) return ["m", event.kind, event.playerSessionId, event.nodeId];
  if (event instanceof OutboundEvent) return ["e", event.name, event.data, event.reliable, event.ts];
  if (event instanceof PresenceChange) return ["p", event.kind, event.player];
  throw new TypeError("not an event");
}

export function eventFromData(definition: ApiDefinition, data: unknown): unknown {
  if (!Array.isArray(data)) return undefined;
  const [tag, a, b, c, d] = data as unknown[];
  if (tag === "m" && (a === "moved" || a === "takeover" || a === "released")) {
    return typeof b === "string" && typeof c === "string" ? new PlayerMove(a, b, c) : undefined;
  }
  if (tag === "p") {
    const player = b as Partial<PlayerInfo> | null;
    return isPresenceKind(a) && typeof player === "object" && player !== null && typeof player.id === "string"
      ? new PresenceChange(a, player as PlayerInfo)
      : undefined;
  }
  if (tag !== "e" || typeof a !== "string" || typeof c !== "boolean" || typeof d !== "number")
    return undefined;
  const declared = Object.hasOwn(definition.events, a) ? definition.events[a] : undefined;
  return new OutboundEvent(a, b ?? null, c, d, declared?.payload ?? null, definition.shapes);
}
