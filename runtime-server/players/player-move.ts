/**
 * Messages between server processes about a player session that changes process (docs/scaling.md
 * "Players"). They travel on the event fan-out, in order with the events, so that each event is
 * buffered by exactly one process: the old one up to `moved`, the new one from `moved` on.
 */
export class PlayerMove {
  constructor(
    /**
     * `moved`: `nodeId` now serves the player session (a resume there); `takeover`: the player
     * started a fresh player session on `nodeId`, so this one ends; `released`: the old process
     * has buffered every event it received before `moved`.
     */
    readonly kind: "moved" | "takeover" | "released",
    readonly playerSessionId: string,
    readonly nodeId: string,
  ) {}
}
