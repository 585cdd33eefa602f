/**
 * One bot: a player on the generated SDK that logs in, fights in its match, talks, shops, and can
 * lose its network (the socket is terminated, as a failure would) to show a resume.
 */
import { createTestNetwork, type TestNetwork } from "gidl/testkit";
import { createClient, isGameError, type Client } from "../generated/client.js";
import { definition } from "../generated/definition.js";
import type { Events, Vec2, Weapon } from "../generated/types.js";
import { pick, type Random } from "./random.js";
import type { Log } from "./live-log.js";
import type { Stats } from "./stats.js";

const EVENT_NAMES = Object.keys(definition.events) as (keyof Events)[];
const LINES = ["gg", "push mid", "need healing", "nice shot", "on my way", "watch the bow"];
const ITEMS = ["potion", "arrows", "shield"];

export interface BotOptions {
  readonly name: string;
  readonly guild: string;
  readonly url: string;
  readonly token: () => Promise<string>;
  /** The codec this bot offers first (docs/client.md "Options"). @default "json" */
  readonly codec?: "json" | "msgpack" | "binary";
  readonly random: Random;
  readonly stats: Stats;
  readonly log: Log;
}

export class Bot {
  readonly name: string;
  readonly client: Client;
  private readonly network: TestNetwork = createTestNetwork();
  private readonly members = new Set<string>();
  private readonly seen = new Map<string, Vec2>();
  private pos: Vec2 = { x: 0, y: 0 };
  private target: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private hits = 0;
  private stunnedUntil = 0;
  /** While cut: the last event seq before the cut, and the events received since. */
  private cut: { seq: number; events: { seq: number; ts: number }[] } | undefined;
  private lastSeq = 0;
  sessionId: string | undefined;

  constructor(private readonly options: BotOptions) {
    this.name = options.name;
    this.client = createClient({
      url: options.url,
      token: options.token,
      codec: options.codec ?? "json",
      WebSocket: this.network.WebSocket,
      reconnect: { baseMs: 100, maxMs: 500 },
    });
    for (const name of EVENT_NAMES) {
      this.client.on(name, (_data, meta) => {
        options.stats.event(name);
        if (meta.seq === undefined) return;
        this.lastSeq = meta.seq;
        this.cut?.events.push({ seq: meta.seq, ts: meta.ts });
      });
    }
    this.client.on("combat.positions", ({ players }) => {
      for (const [id, pos] of Object.entries(players)) if (id !== this.name) this.seen.set(id, pos);
    });
    this.client.on("session.playerJoined", ({ playerId }) => this.members.add(playerId));
    this.client.on("session.playerLeft", ({ playerId, reason }) => {
      this.members.delete(playerId);
      if (playerId === this.name && reason === "kicked") {
        options.log(this.name, `was kicked from ${this.sessionId ?? "its match"}`);
        this.sessionId = undefined;
      }
    });
  }

  private async call<T>(run: () => Promise<T>): Promise<T | undefined> {
    const started = performance.now();
    try {
      const result = await run();
      this.options.stats.call(performance.now() - started);
      return result;
    } catch (error) {
      const code = isGameError(error) ? error.code : "UNKNOWN";
      this.options.stats.call(performance.now() - started, code);
      if (isGameError(error, "STUNNED")) this.stunnedUntil = Date.now() + error.details.stunRemainingMs;
      return undefined;
    }
  }

  async login(): Promise<void> {
    await this.client.connect();
    await this.call(() => this.client.topic.subscribe({ name: `guild:${this.options.guild}` }));
    await this.call(() => this.client.topic.subscribe({ name: "global" }));
  }

  async host(mapName: string): Promise<string | undefined> {
    const info = await this.call(() => this.client.session.create({ settings: { mapName, minutes: 5 } }));
    this.enter(info);
    if (info !== undefined) this.options.log(this.name, `created match ${info.id} on ${mapName}`);
    return info?.id;
  }

  async join(sessionId: string): Promise<boolean> {
    const info = await this.call(() => this.client.session.join({ sessionId }));
    this.enter(info);
    if (info !== undefined)
      this.options.log(this.name, `joined ${sessionId} (${info.players.length} players)`);
    return info !== undefined;
  }

  private enter(info: { id: string; players: readonly { id: string }[] } | undefined): void {
    if (info === undefined) return;
    this.sessionId = info.id;
    this.members.clear();
    for (const player of info.players) this.members.add(player.id);
  }

  async start(): Promise<void> {
    const info = await this.call(() => this.client.session.start());
    if (info !== undefined)
      this.options.log("match", `${info.id} started by ${this.name} with ${info.players.length} players`);
  }

  async end(): Promise<void> {
    await this.call(() => this.client.session.end());
  }

  /** Plays: a decision every `tickMs`. */
  play(tickMs = 200): void {
    this.timer = setInterval(() => {
      if (this.busy || this.sessionId === undefined) return;
      this.busy = true;
      void this.tick().finally(() => {
        this.busy = false;
      });
    }, tickMs);
  }

  private async tick(): Promise<void> {
    const { random } = this.options;
    const others = [...this.members].filter((id) => id !== this.name);
    if (this.target === undefined || !this.members.has(this.target) || random() < 0.05)
      this.target = pick(random, others);
    this.step();
    const roll = random();
    if (roll < 0.25 && this.target !== undefined && Date.now() >= this.stunnedUntil)
      await this.attack(this.target);
    else if (roll < 0.27) await this.say();
    else if (roll < 0.28 && others.length > 0) await this.whisper(pick(random, others) ?? this.name);
    else if (roll < 0.29) await this.buy();
  }

  /** Walks toward the target (or the centre), with some wobble, inside a small part of the map. */
  private step(): void {
    const { random } = this.options;
    const goal = (this.target === undefined ? undefined : this.seen.get(this.target)) ?? { x: 0, y: 0 };
    const clamp = (v: number) => Math.max(-80, Math.min(80, v));
    this.pos = {
      x: clamp(this.pos.x + Math.sign(goal.x - this.pos.x) * 6 + (random() - 0.5) * 10),
      y: clamp(this.pos.y + Math.sign(goal.y - this.pos.y) * 6 + (random() - 0.5) * 10),
    };
    this.client.combat.move({ pos: this.pos });
  }

  private async attack(targetId: string): Promise<void> {
    const goal = this.seen.get(targetId);
    const distance = goal === undefined ? Infinity : Math.hypot(goal.x - this.pos.x, goal.y - this.pos.y);
    const weapon: Weapon =
      distance < 35 ? "sword" : distance < 110 && this.options.random() < 0.4 ? "staff" : "bow";
    const result = await this.call(() => this.client.combat.attack({ targetId, weapon }));
    if (result === undefined || !result.hit) return;
    this.options.stats.hits++;
    this.hits++;
    if (result.newHealth === 0) {
      this.options.stats.kills++;
      this.options.log(
        this.name,
        `killed ${targetId} with a ${weapon}${result.crit === true ? " (critical)" : ""}`,
      );
    } else if (weapon === "staff") {
      this.options.log(
        this.name,
        `stunned ${targetId} with a staff (-${result.damage} hp, ${result.newHealth} left)`,
      );
    } else if (this.hits === 1 || result.crit === true) {
      this.options.log(
        this.name,
        `hit ${targetId} with a ${weapon}: -${result.damage} hp${result.crit === true ? " (critical)" : ""}, ${result.newHealth} left`,
      );
    }
  }

  private async say(): Promise<void> {
    const channel = this.options.random() < 0.6 ? `guild:${this.options.guild}` : "global";
    const text = pick(this.options.random, LINES) ?? "gg";
    const said = await this.call(async () => {
      await this.client.combat.say({ channel, text });
      return true;
    });
    if (said === true) this.options.log(`[${channel}]`, `${this.name}: ${text}`);
  }

  async whisper(to: string, text = "nice moves"): Promise<void> {
    const sent = await this.call(async () => {
      await this.client.combat.whisperTo({ playerIds: [to], text });
      return true;
    });
    if (sent === true) this.options.log(this.name, `whispers to ${to}: ${text}`);
  }

  private async buy(): Promise<void> {
    const itemId = pick(this.options.random, ITEMS) ?? "potion";
    const inventory = await this.call(() => this.client.combat.buyItem({ itemId }));
    if (inventory !== undefined)
      this.options.log("shop", `${this.name} bought a ${itemId} (${inventory.gold} gold left)`);
  }

  async kick(playerId: string): Promise<void> {
    await this.call(() => this.client.combat.kickPlayer({ player: playerId }));
    await this.call(() => this.client.session.kick({ playerId }));
    this.options.log(this.name, `kicked ${playerId} from ${this.sessionId ?? "?"}`);
  }

  /** Terminates the socket as a network failure would, and keeps the network down. */
  cutNetwork(): void {
    this.cut = { seq: this.lastSeq, events: [] };
    this.network.cut();
    this.options.log("network", `${this.name}'s connection dropped (socket terminated, no close frame)`);
  }

  /** Brings the network back and reports the resume once the replayed events are in. */
  async restoreNetwork(): Promise<void> {
    const cut = this.cut;
    this.network.restore();
    await new Promise<void>((resolve) => {
      if (this.client.state === "open") resolve();
      const off = this.client.onState((state) => {
        if (state !== "open") return;
        off();
        resolve();
      });
    });
    // Replayed events come right after the welcome, before the answer to this call.
    await this.call(() => this.client.session.get());
    this.cut = undefined;
    const welcome = this.network.welcome;
    this.options.stats.reconnects++;
    if (cut === undefined || welcome?.resumed !== true) {
      this.options.log("network", `${this.name} reconnected without resume (fresh state)`);
      return;
    }
    const replayed = cut.events.filter((e) => e.seq > cut.seq && e.ts < welcome.serverTime).length;
    this.options.stats.replayed += replayed;
    this.options.log("network", `${this.name} resumed, ${replayed} events replayed`);
  }

  /** Stops playing; the connection stays open. */
  pause(): void {
    clearInterval(this.timer);
  }

  async stop(): Promise<void> {
    this.pause();
    await this.client.close();
  }
}
