/**
 * A uniform-grid spatial index of member positions (docs/server.md "Emitting events": a `to area`
 * lookup does not scan every member). Positions are bucketed into square cells; a query visits only the cells
 * that the circle's bounding box overlaps, or the occupied cells when those are fewer.
 */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** @default 64 — game units per cell side. */
export const DEFAULT_CELL_SIZE = 64;

export class SpatialGrid {
  private readonly cells = new Map<string, Map<string, Point>>();
  private readonly positions = new Map<string, { point: Point; cell: string }>();

  constructor(private readonly cellSize: number = DEFAULT_CELL_SIZE) {}

  get size(): number {
    return this.positions.size;
  }

  set(id: string, point: Point): void {
    if (!Number.isFinite(point.x) || !Number.isFinite(point.y)) {
      throw new TypeError(`A position needs finite x and y, got (${point.x}, ${point.y})`);
    }
    const cell = this.cellKey(Math.floor(point.x / this.cellSize), Math.floor(point.y / this.cellSize));
    const previous = this.positions.get(id);
    if (previous !== undefined && previous.cell !== cell) this.removeFromCell(previous.cell, id);
    let members = this.cells.get(cell);
    if (members === undefined) {
      members = new Map();
      this.cells.set(cell, members);
    }
    const copy = { x: point.x, y: point.y };
    members.set(id, copy);
    this.positions.set(id, { point: copy, cell });
  }

  get(id: string): Point | undefined {
    return this.positions.get(id)?.point;
  }

  delete(id: string): void {
    const previous = this.positions.get(id);
    if (previous === undefined) return;
    this.removeFromCell(previous.cell, id);
    this.positions.delete(id);
  }

  /** Ids whose position is within `radius` of `origin` (distance ≤ radius). */
  query(origin: Point, radius: number): string[] {
    const found: string[] = [];
    if (!(radius >= 0) || !Number.isFinite(origin.x) || !Number.isFinite(origin.y)) return found;
    const r2 = radius * radius;
    const minX = Math.floor((origin.x - radius) / this.cellSize);
    const maxX = Math.floor((origin.x + radius) / this.cellSize);
    const minY = Math.floor((origin.y - radius) / this.cellSize);
    const maxY = Math.floor((origin.y + radius) / this.cellSize);
    const span = (maxX - minX + 1) * (maxY - minY + 1);
    const collect = (members: Map<string, Point>): void => {
      for (const [id, p] of members) {
        const dx = p.x - origin.x;
        const dy = p.y - origin.y;
        // The |d| ≤ radius checks first: squares of subnormal differences underflow to 0.
        if (Math.abs(dx) <= radius && Math.abs(dy) <= radius && dx * dx + dy * dy <= r2) found.push(id);
      }
    };
    if (!Number.isFinite(span) || span > this.cells.size) {
      // A radius wider than the occupied world: the occupied cells are fewer than the box's cells.
      for (const members of this.cells.values()) collect(members);
      return found;
    }
    for (let cx = minX; cx <= maxX; cx++) {
      for (let cy = minY; cy <= maxY; cy++) {
        const members = this.cells.get(this.cellKey(cx, cy));
        if (members !== undefined) collect(members);
      }
    }
    return found;
  }

  private cellKey(cx: number, cy: number): string {
    return `${cx}:${cy}`;
  }

  private removeFromCell(cell: string, id: string): void {
    const members = this.cells.get(cell);
    if (members === undefined) return;
    members.delete(id);
    if (members.size === 0) this.cells.delete(cell);
  }
}
