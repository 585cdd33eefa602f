import { describe, expect, it } from "vitest";
import { MAX_PROBLEMS, toProblems } from "../../protocol/validation.js";

describe("toProblems", () => {
  it("points at the failing value, and at a missing property itself", () => {
    expect(
      toProblems([
        { instancePath: "/pos/x", keyword: "type", message: "must be number", params: { type: "number" } },
        {
          instancePath: "/pos",
          keyword: "required",
          message: "must have required property 'y'",
          params: { missingProperty: "y" },
        },
        { instancePath: "/tags/a~1b", keyword: "maxLength", params: {} },
      ]),
    ).toEqual([
      { path: "/pos/x", message: "must be number" },
      { path: "/pos/y", message: "is required" },
      { path: "/tags/a~1b", message: 'fails "maxLength"' },
    ]);
  });

  it("reports no problems for no errors, and drops duplicates past a cap", () => {
    expect(toProblems(null)).toEqual([]);
    const many = Array.from({ length: 50 }, (_, i) => ({
      instancePath: `/${i % 30}`,
      keyword: "type",
      message: "bad",
      params: {},
    }));
    expect(toProblems(many)).toHaveLength(MAX_PROBLEMS);
    expect(toProblems([...many.slice(0, 1), ...many.slice(0, 1)])).toHaveLength(1);
  });
});
