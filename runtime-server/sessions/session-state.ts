/**
 * The game-session state machine (docs/protocol.md "Game sessions"): `waiting → running ⇄ paused`,
 * and any status but `ended` → `ended`. Pure: what the host's `start`, `pause`, `resume` and `end`
 * lead to from each status, or that the status refuses it (`INVALID_STATE`).
 */
import type { SessionStatus } from "../types.js";

export type SessionAction = "start" | "pause" | "resume" | "end";

const NEXT: Readonly<Record<SessionStatus, Readonly<Partial<Record<SessionAction, SessionStatus>>>>> = {
  waiting: { start: "running", end: "ended" },
  running: { pause: "paused", end: "ended" },
  paused: { resume: "running", end: "ended" },
  ended: {},
};

/** The status `action` leads to from `status`; undefined when `status` refuses it. */
export function nextStatus(status: SessionStatus, action: SessionAction): SessionStatus | undefined {
  return NEXT[status][action];
}
