/**
 * The side panel's roster: each member's health, whether it is connected, and how often it fell,
 * plus the match line (id, status, host). Rows carry `data-player`, `data-health` and
 * `data-connected` for the browser test. Redrawn at most once a frame, and only after a change.
 */
import { colorOf } from "./render.js";
import { MAX_HEALTH, type World } from "./world.js";

export class Hud {
  private drawnVersion = -1;
  private scheduled = false;

  constructor(
    private readonly world: World,
    private readonly roster: HTMLElement,
    private readonly match: HTMLElement,
  ) {}

  /** Asks for a redraw on the next frame. */
  update(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      if (this.world.version !== this.drawnVersion) this.draw();
    });
  }

  private draw(): void {
    const { world } = this;
    this.drawnVersion = world.version;
    this.match.textContent =
      world.sessionId === undefined
        ? "not in a match"
        : `${world.sessionId} · ${world.status}${world.host === undefined ? "" : ` · host ${world.host}`}`;
    this.match.dataset.session = world.sessionId ?? "";
    this.match.dataset.status = world.status;

    const players = [...world.players.values()].sort((a, b) =>
      a.id === world.self ? -1 : b.id === world.self ? 1 : a.id.localeCompare(b.id),
    );
    const rows = players.map((player) => {
      const row = document.createElement("li");
      row.dataset.player = player.id;
      row.dataset.health = String(player.health);
      row.dataset.connected = String(player.connected);
      row.classList.toggle("self", player.id === world.self);
      row.classList.toggle("away", !player.connected);

      const dot = document.createElement("span");
      dot.className = "dot";
      dot.style.background = colorOf(player.id);
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = player.id === world.self ? `${player.id} (you)` : player.id;
      if (player.id === world.host) name.textContent += " ★";
      const bar = document.createElement("span");
      bar.className = "bar";
      const fill = document.createElement("span");
      const share = player.health / MAX_HEALTH;
      fill.style.width = `${Math.round(share * 100)}%`;
      fill.className = share > 0.6 ? "ok" : share > 0.3 ? "hurt" : "low";
      bar.append(fill);
      const numbers = document.createElement("span");
      numbers.className = "numbers";
      numbers.textContent = `${player.health} hp${player.deaths > 0 ? ` · ☠ ${player.deaths}` : ""}${
        player.connected ? "" : " · away"
      }`;
      row.append(dot, name, bar, numbers);
      return row;
    });
    this.roster.replaceChildren(...rows);
  }
}
