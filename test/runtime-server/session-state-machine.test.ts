import { describe, expect, it } from "vitest";
import { nextStatus, type SessionAction } from "../../runtime-server/sessions/session-state.js";
import type { SessionStatus } from "../../runtime-server/index.js";

/**
 * docs/protocol.md "Game sessions": `session.start`/`pause`/`resume` move `waiting → running ⇄
 * paused`, from another status INVALID_STATE; `session.end` ends any status but `ended`.
 */
const TABLE: readonly [SessionStatus, SessionAction, SessionStatus | "refused"][] = [
  ["waiting", "start", "running"],
  ["waiting", "pause", "refused"],
  ["waiting", "resume", "refused"],
  ["waiting", "end", "ended"],
  ["running", "start", "refused"],
  ["running", "pause", "paused"],
  ["running", "resume", "refused"],
  ["running", "end", "ended"],
  ["paused", "start", "refused"],
  ["paused", "pause", "refused"],
  ["paused", "resume", "running"],
  ["paused", "end", "ended"],
  ["ended", "start", "refused"],
  ["ended", "pause", "refused"],
  ["ended", "resume", "refused"],
  ["ended", "end", "refused"],
];

describe("the game-session state machine", () => {
  it.each(TABLE)("from %s, %s leads to %s", (status, action, expected) => {
    expect(nextStatus(status, action) ?? "refused").toBe(expected);
  });

  it("has a row for every status and action", () => {
    const statuses: SessionStatus[] = ["waiting", "running", "paused", "ended"];
    const actions: SessionAction[] = ["start", "pause", "resume", "end"];
    const pairs = statuses.flatMap((s) => actions.map((a) => `${s} ${a}`));
    expect(TABLE.map(([s, a]) => `${s} ${a}`).sort()).toEqual(pairs.sort());
  });
});
