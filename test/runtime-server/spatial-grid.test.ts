import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SpatialGrid } from "../../runtime-server/events/spatial-grid.js";

describe("SpatialGrid", () => {
  it("finds the ids within the radius, boundary included", () => {
    const grid = new SpatialGrid(10);
    grid.set("a", { x: 0, y: 0 });
    grid.set("b", { x: 3, y: 4 });
    grid.set("c", { x: 100, y: -100 });
    expect(grid.query({ x: 0, y: 0 }, 5).sort()).toEqual(["a", "b"]);
    expect(grid.query({ x: 0, y: 0 }, 4.99)).toEqual(["a"]);
  });

  it("moves an id between cells and forgets a deleted one", () => {
    const grid = new SpatialGrid(10);
    grid.set("a", { x: 0, y: 0 });
    grid.set("a", { x: 55, y: 55 });
    expect(grid.query({ x: 0, y: 0 }, 5)).toEqual([]);
    expect(grid.query({ x: 55, y: 55 }, 1)).toEqual(["a"]);
    grid.delete("a");
    expect(grid.size).toBe(0);
    expect(grid.query({ x: 55, y: 55 }, 1)).toEqual([]);
  });

  it("refuses a non-finite position and finds nothing for a negative radius", () => {
    const grid = new SpatialGrid();
    expect(() => {
      grid.set("a", { x: NaN, y: 0 });
    }).toThrow("finite");
    grid.set("a", { x: 0, y: 0 });
    expect(grid.query({ x: 0, y: 0 }, -1)).toEqual([]);
  });

  it("agrees with a full scan for any points, origin and radius", () => {
    const coord = fc.double({ min: -1e4, max: 1e4, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(coord, coord), { maxLength: 60 }),
        coord,
        coord,
        fc.double({ min: 0, max: 2e4, noNaN: true }),
        (points, ox, oy, r) => {
          const grid = new SpatialGrid(37);
          points.forEach(([x, y], i) => {
            grid.set(String(i), { x, y });
          });
          // |dx| ≤ r first: a squared distance of subnormal differences underflows to 0.
          const within = (x: number, y: number): boolean =>
            Math.abs(x - ox) <= r && Math.abs(y - oy) <= r && (x - ox) ** 2 + (y - oy) ** 2 <= r * r;
          const expected = points.flatMap(([x, y], i) => (within(x, y) ? [String(i)] : []));
          expect(grid.query({ x: ox, y: oy }, r).sort()).toEqual(expected.sort());
        },
      ),
      { numRuns: 300 },
    );
  });
});
