/**
 * Playing from the page: click the floor to walk there (a `combat.move` every tick on the way; the
 * server's answer is the `positions` event), click another player to attack it. The weapon is the
 * one picked in the panel, or with "auto" the sword in reach and the bow beyond.
 */
import { isGameError, type Client } from "../../generated/client.js";
import type { Vec2, Weapon } from "../../generated/types.js";
import type { ChatPanel } from "./chat.js";
import type { Renderer } from "./render.js";
import { VIEW_HALF } from "./render.js";
import type { World } from "./world.js";

const TICK_MS = 100;
/** Map units per tick: a brisk walk. */
const STEP = 9;
/** server/rules.ts: the sword reaches 40, the staff 120, the bow 200. */
const RANGE: Readonly<Record<Weapon, number>> = { sword: 40, bow: 200, staff: 120 };

export class Controls {
  private goal: Vec2 | undefined;
  private pos: Vec2;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly client: Client,
    private readonly world: World,
    private readonly renderer: Renderer,
    private readonly chat: ChatPanel,
    private readonly weapon: HTMLSelectElement,
    start: Vec2,
  ) {
    this.pos = start;
  }

  bind(canvas: HTMLCanvasElement): void {
    canvas.addEventListener("click", (event) => {
      const point = this.renderer.toMap(event.clientX, event.clientY);
      const player = this.renderer.playerAt(point);
      if (player !== undefined && player.id !== this.world.self) void this.attack(player.id);
      else this.walkTo(point);
    });
    this.timer = setInterval(() => {
      this.tick();
    }, TICK_MS);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Where the page player goes now; `combat.move` needs a match that is running. */
  walkTo(point: Vec2): void {
    const limit = VIEW_HALF - 10;
    this.goal = {
      x: Math.max(-limit, Math.min(limit, point.x)),
      y: Math.max(-limit, Math.min(limit, point.y)),
    };
    this.renderer.target = undefined;
  }

  private tick(): void {
    // The server's word wins: a respawn moves the player without asking.
    const known = this.world.players.get(this.world.self)?.pos;
    if (known !== undefined) this.pos = known;
    if (this.goal === undefined || this.world.status !== "running") return;
    const dx = this.goal.x - this.pos.x;
    const dy = this.goal.y - this.pos.y;
    const distance = Math.hypot(dx, dy);
    if (distance < 1) {
      this.goal = undefined;
      return;
    }
    const step = Math.min(STEP, distance);
    this.pos = { x: this.pos.x + (dx / distance) * step, y: this.pos.y + (dy / distance) * step };
    this.client.combat.move({ pos: { x: Math.round(this.pos.x), y: Math.round(this.pos.y) } });
  }

  private async attack(targetId: string): Promise<void> {
    this.renderer.target = targetId;
    const weapon = this.pick(targetId);
    try {
      const result = await this.client.combat.attack({ targetId, weapon });
      if (!result.hit) this.world.note(targetId, "out of range", performance.now());
    } catch (error) {
      if (isGameError(error, "STUNNED"))
        this.chat.add("error", `you are stunned for ${(error.details.stunRemainingMs / 1000).toFixed(1)} s`);
      else this.chat.add("error", isGameError(error) ? `${error.code}: ${error.message}` : String(error));
    }
  }

  private pick(targetId: string): Weapon {
    const chosen = this.weapon.value;
    if (chosen === "sword" || chosen === "bow" || chosen === "staff") return chosen;
    const at = this.world.players.get(targetId)?.pos;
    const distance = at === undefined ? Infinity : Math.hypot(at.x - this.pos.x, at.y - this.pos.y);
    return distance <= RANGE.sword ? "sword" : "bow";
  }
}
