/** One difference `gidl diff` found between an old and a new schema. */
export interface Change {
  /** True when clients built from the old schema can fail against a server built from the new one. */
  readonly breaking: boolean;
  /** Where, as the schema names it: "combat.attack param targetId", "type Vec2 field x", "error STUNNED". */
  readonly location: string;
  /** What changed: "type changed from string to u32". */
  readonly message: string;
}

/** `combat.attack param targetId: type changed from string to u32`. */
export function formatChange(change: Change): string {
  return `${change.location}: ${change.message}`;
}
