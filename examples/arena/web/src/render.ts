/**
 * Draws the match on the canvas every animation frame: the floor, each positioned player (colour,
 * name, health bar, hit flash), the page player's sight circle, and floating damage numbers. For
 * the browser test, the canvas's `data-` attributes tell what is on it: `drawn` (the players),
 * `moves` (position updates so far) and `self` (the page player's position, "x,y").
 */
import type { Vec2 } from "../../generated/types.js";
import { FLOAT_MS, MAX_HEALTH, type Floater, type Player, type World } from "./world.js";

/**
 * The view shows [-VIEW_HALF, VIEW_HALF]² of the map (server/rules.ts: MAP_HALF 200): the middle,
 * where the fighting is (the bots stay within ±80).
 */
export const VIEW_HALF = 110;
/** server/rules.ts SIGHT_RADIUS: who hears of a move. */
const SIGHT_RADIUS = 150;
const GRID = 25;
const RADIUS_PX = 11;
const HIT_FLASH_MS = 160;

export class Renderer {
  private readonly ctx: CanvasRenderingContext2D;
  private size = 0;
  /** The player the next click attacks, outlined. */
  target: string | undefined;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly world: World,
  ) {
    const ctx = canvas.getContext("2d");
    if (ctx === null) throw new Error("this browser has no 2D canvas");
    this.ctx = ctx;
  }

  /** Starts the animation loop. */
  start(): void {
    let last = performance.now();
    const frame = (now: number): void => {
      this.world.step(now, now - last);
      last = now;
      this.draw(now);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  /** Canvas pixels → map coordinates. */
  toMap(clientX: number, clientY: number): Vec2 {
    const box = this.canvas.getBoundingClientRect();
    const scale = (2 * VIEW_HALF) / box.width;
    return { x: (clientX - box.left) * scale - VIEW_HALF, y: (clientY - box.top) * scale - VIEW_HALF };
  }

  /** The positioned player under a map point, if any. */
  playerAt(point: Vec2): Player | undefined {
    const reach = (RADIUS_PX + 6) / this.scale();
    let best: Player | undefined;
    let bestDistance = reach;
    for (const player of this.world.positioned()) {
      const at = player.drawn ?? player.pos;
      if (at === undefined) continue;
      const d = Math.hypot(at.x - point.x, at.y - point.y);
      if (d <= bestDistance) {
        best = player;
        bestDistance = d;
      }
    }
    return best;
  }

  private scale(): number {
    return this.size / (2 * VIEW_HALF);
  }

  private screen(p: Vec2): Vec2 {
    const s = this.scale();
    return { x: (p.x + VIEW_HALF) * s, y: (p.y + VIEW_HALF) * s };
  }

  private resize(): void {
    const css = this.canvas.clientWidth;
    const pixels = Math.round(css * devicePixelRatio);
    if (this.canvas.width !== pixels) {
      this.canvas.width = pixels;
      this.canvas.height = pixels;
    }
    this.size = css;
    this.ctx.setTransform(devicePixelRatio, 0, 0, devicePixelRatio, 0, 0);
  }

  draw(now: number): void {
    this.resize();
    this.floor();
    const players = this.world.positioned();
    const self = this.world.players.get(this.world.self);
    if (self?.drawn !== undefined) this.sight(self.drawn);
    for (const player of players) if (player.id !== this.world.self) this.player(player, now);
    if (self?.drawn !== undefined) this.player(self, now);
    for (const floater of this.world.floaters) this.floater(floater, now - floater.at);
    this.describe(players, self?.pos);
  }

  private describe(players: readonly Player[], self: Vec2 | undefined): void {
    const { dataset } = this.canvas;
    const ids = players
      .map((p) => p.id)
      .sort()
      .join(",");
    if (dataset.drawn !== ids) dataset.drawn = ids;
    const moves = String(this.world.moves);
    if (dataset.moves !== moves) dataset.moves = moves;
    const at = self === undefined ? "" : `${Math.round(self.x)},${Math.round(self.y)}`;
    if (dataset.self !== at) dataset.self = at;
  }

  private floor(): void {
    const { ctx, size } = this;
    ctx.fillStyle = "#171a21";
    ctx.fillRect(0, 0, size, size);
    ctx.lineWidth = 1;
    for (let v = -VIEW_HALF; v <= VIEW_HALF; v += GRID) {
      const at = this.screen({ x: v, y: v });
      ctx.strokeStyle = v === 0 ? "#2c3342" : "#1f242e";
      ctx.beginPath();
      ctx.moveTo(at.x + 0.5, 0);
      ctx.lineTo(at.x + 0.5, size);
      ctx.moveTo(0, at.y + 0.5);
      ctx.lineTo(size, at.y + 0.5);
      ctx.stroke();
    }
  }

  private sight(at: Vec2): void {
    const { ctx } = this;
    const c = this.screen(at);
    ctx.beginPath();
    ctx.arc(c.x, c.y, SIGHT_RADIUS * this.scale(), 0, Math.PI * 2);
    ctx.fillStyle = "rgba(120, 170, 255, 0.04)";
    ctx.fill();
    ctx.setLineDash([4, 6]);
    ctx.strokeStyle = "rgba(120, 170, 255, 0.25)";
    ctx.stroke();
    ctx.setLineDash([]);
  }

  private player(player: Player, now: number): void {
    const at = player.drawn ?? player.pos;
    if (at === undefined) return;
    const { ctx } = this;
    const c = this.screen(at);
    const isSelf = player.id === this.world.self;
    const flash = now - player.hitAt < HIT_FLASH_MS;
    ctx.globalAlpha = player.connected ? 1 : 0.4;

    ctx.beginPath();
    ctx.arc(c.x, c.y, RADIUS_PX, 0, Math.PI * 2);
    ctx.fillStyle = flash ? "#ffffff" : colorOf(player.id);
    ctx.fill();
    ctx.lineWidth = isSelf ? 3 : 1.5;
    ctx.strokeStyle = isSelf ? "#f5f7fa" : "rgba(0, 0, 0, 0.6)";
    if (!player.connected) ctx.setLineDash([3, 3]);
    ctx.stroke();
    ctx.setLineDash([]);
    if (player.id === this.target) {
      ctx.beginPath();
      ctx.arc(c.x, c.y, RADIUS_PX + 5, 0, Math.PI * 2);
      ctx.strokeStyle = "#ff6b5b";
      ctx.lineWidth = 2;
      ctx.stroke();
    }

    ctx.font = `${isSelf ? "600 " : ""}12px system-ui, sans-serif`;
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    ctx.fillStyle = isSelf ? "#ffffff" : "#c9d1de";
    ctx.fillText(isSelf ? `${player.id} (you)` : player.id, c.x, c.y - RADIUS_PX - 4);

    const width = 30;
    const left = c.x - width / 2;
    const top = c.y + RADIUS_PX + 5;
    const share = Math.max(0, Math.min(1, player.health / MAX_HEALTH));
    ctx.fillStyle = "#0c0e12";
    ctx.fillRect(left - 1, top - 1, width + 2, 6);
    ctx.fillStyle = share > 0.6 ? "#4cd07d" : share > 0.3 ? "#f2c14e" : "#ff5c57";
    ctx.fillRect(left, top, width * share, 4);
    ctx.globalAlpha = 1;
  }

  private floater({ pos, text, kind, dx }: Floater, age: number): void {
    const { ctx } = this;
    const c = this.screen(pos);
    const t = age / FLOAT_MS;
    ctx.globalAlpha = Math.max(0, 1 - t * t);
    ctx.font = kind === "kill" ? "800 18px system-ui, sans-serif" : "700 14px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    const y = c.y - RADIUS_PX - 18 - t * 28 - (kind === "kill" ? 16 : 0);
    ctx.lineWidth = 3;
    ctx.strokeStyle = "rgba(0, 0, 0, 0.7)";
    ctx.strokeText(text, c.x + 14 + dx, y);
    ctx.fillStyle = kind === "kill" ? "#ffd84d" : kind === "miss" ? "#aab3c2" : "#ff6b5b";
    ctx.fillText(text, c.x + 14 + dx, y);
    ctx.globalAlpha = 1;
  }
}

/** A stable colour per player id. */
export function colorOf(id: string): string {
  let hash = 0;
  for (const char of id) hash = (Math.imul(hash, 31) + (char.codePointAt(0) ?? 0)) | 0;
  return `hsl(${Math.abs(hash) % 360}, 65%, 58%)`;
}
