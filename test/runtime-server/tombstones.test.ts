import { describe, expect, it } from "vitest";
import { Tombstones } from "../../runtime-server/players/tombstones.js";

describe("Tombstones", () => {
  it("answers why a player session ended, and nothing for one it never saw", () => {
    const tombstones = new Tombstones();
    tombstones.remember("b-1", "expired");
    tombstones.remember("b-2", "state-lost");
    expect(tombstones.reasonOf("b-1")).toBe("expired");
    expect(tombstones.reasonOf("b-2")).toBe("state-lost");
    expect(tombstones.reasonOf("b-3")).toBeUndefined();
  });

  it("forgets the oldest once it holds more than 10,000", () => {
    const tombstones = new Tombstones();
    for (let i = 0; i <= 10_000; i++) tombstones.remember(`b-${String(i)}`, "unknown");
    expect(tombstones.reasonOf("b-0")).toBeUndefined();
    expect(tombstones.reasonOf("b-1")).toBe("unknown");
    expect(tombstones.reasonOf("b-10000")).toBe("unknown");
  });
});
