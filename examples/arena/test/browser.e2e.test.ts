/**
 * The browser client (examples/arena/web) in Debian's Chromium, driven by playwright-core, against
 * the example server with bots fighting: the page logs in, joins their match, draws them, follows
 * health and chat, and survives a network failure without losing an event. Leaves a screenshot in
 * test-artifacts/arena-web.png. `npm test` installs chromium when it is missing
 * (scripts/ensure-system-packages.sh). Without it the suite is skipped, saying why, except under
 * CI=true, where it fails. ARENA_CHROMIUM names another executable.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Bot } from "../bots/bot.js";
import { seededRandom } from "../bots/random.js";
import { Stats } from "../bots/stats.js";
import { startArenaServer, type ArenaServer } from "../server/arena-server.js";
import { buildWebClient, type WebBuild } from "../web/build.mjs";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.js";

const CHROMIUM = process.env.ARENA_CHROMIUM ?? "/usr/bin/chromium";
const missing = existsSync(CHROMIUM)
  ? undefined
  : `${CHROMIUM} is missing: run scripts/ensure-system-packages.sh (npm test does)`;
// A developer without Chromium still gets the other tests; CI must not pass without this one.
const skipReason = missing !== undefined && process.env.CI !== "true" ? missing : undefined;
if (skipReason !== undefined)
  console.warn(`examples/arena/test/browser.e2e.test.ts is skipped: ${skipReason}`);
const web = fileURLToPath(new URL("../web/", import.meta.url));
const screenshot = fileURLToPath(new URL("../../../test-artifacts/arena-web.png", import.meta.url));
const ME = "web_tester";
/** Generous: two cores shared with other test files, and a browser to start. */
const WAIT = { timeout: 15_000, interval: 100 };

interface Received {
  readonly seq: number;
  readonly event: string;
  readonly ts: number;
  readonly data: string;
}

let bundle: WebBuild;
let arena: ArenaServer;
let proxy: TcpProxy;
let bots: Bot[] = [];
let context: BrowserContext | undefined;
let page: Page;
let userDataDir: string | undefined;

beforeAll(async () => {
  if (missing !== undefined) throw new Error(`${missing}; under CI=true the browser test must run`);
  bundle = await buildWebClient();
  arena = await startArenaServer({
    secret: "browser-test-secret-browser-test-secret",
    staticDir: web,
    devLogin: true,
    logger: pino({ level: "silent" }),
  });
  const { port } = new URL(arena.http);
  proxy = await startTcpProxy({ host: "127.0.0.1", port: Number(port) });

  // Three bots in a running match; the page joins it in progress (@joinInProgress).
  const stats = new Stats();
  bots = ["ana", "bo", "cy"].map(
    (name, i) =>
      new Bot({
        name,
        guild: i % 2 === 0 ? "red" : "blue",
        url: arena.url,
        token: () => arena.arena.auth.sign(name, i % 2 === 0 ? "red" : "blue"),
        random: seededRandom(i + 7),
        stats,
        log: () => undefined,
      }),
  );
  await Promise.all(bots.map((bot) => bot.login()));
  const [host, ...others] = bots;
  if (host === undefined) throw new Error("no bots");
  const id = await host.host("dust");
  for (const bot of others) await bot.join(id ?? "");
  await host.start();
  for (const bot of bots) bot.play(150);

  userDataDir = mkdtempSync(path.join(tmpdir(), "arena-chromium-"));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1120, height: 780 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-quic",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  page = context.pages()[0] ?? (await context.newPage());
}, 60_000);

afterAll(async () => {
  // Whatever beforeAll got to start, even if it failed half-way.
  await context?.close();
  await Promise.all(bots.map((bot) => bot.stop()));
  await (proxy as TcpProxy | undefined)?.close();
  await (arena as ArenaServer | undefined)?.close();
  if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
}, 30_000);

const attr = (selector: string, name: string) => page.locator(selector).getAttribute(name);
const received = () => page.evaluate<Received[]>("window.__arena.received()");
const chatTexts = () => page.locator("#chat li").allTextContents();

describe.skipIf(skipReason !== undefined)("the arena's browser client", () => {
  it("is bundled without ws or any Node.js module", () => {
    expect(bundle.inputs.some((input) => input.includes("generated/client.ts"))).toBe(true);
    expect(bundle.inputs.filter((input) => /node_modules\/ws\/|^node:/.test(input))).toEqual([]);
  });

  it("logs in, joins the bots' match, draws the players and follows health and chat", async () => {
    await page.goto(`http://127.0.0.1:${proxy.port}/`);
    await page.locator("#name").fill(ME);
    await page.locator("#guild").selectOption("blue");
    await page.locator("#login button").click();

    await expect.poll(() => attr("#connection", "data-state"), WAIT).toBe("open");
    await expect.poll(() => attr("#match", "data-status"), WAIT).toBe("running");
    // Players appear on the canvas once a `positions` event has placed them.
    await expect.poll(() => attr("#arena", "data-drawn"), WAIT).toBe(`ana,bo,cy,${ME}`);
    await expect.poll(() => page.locator("#roster li").count(), WAIT).toBe(4);
    // They move: position updates keep coming (the bots walk every 150 ms).
    const moves = Number(await attr("#arena", "data-moves"));
    await expect
      .poll(async () => Number(await attr("#arena", "data-moves")), WAIT)
      .toBeGreaterThan(moves + 5);

    // A click on the floor walks the page player there; the server's positions confirm it.
    const box = await page.locator("#arena").boundingBox();
    if (box === null) throw new Error("the canvas is not displayed");
    await page.mouse.click(box.x + box.width * 0.2, box.y + box.height * 0.8);
    // The view spans ±110 map units (web/src/render.ts VIEW_HALF): 20 % across is -66, 80 % is 66.
    await expect.poll(() => distanceFromSelf({ x: -66, y: 66 }), WAIT).toBeLessThan(3);

    // Health in the roster follows the damage events the page received.
    await expect
      .poll(async () => (await received()).filter((e) => e.event === "combat.damaged").length, WAIT)
      .toBeGreaterThanOrEqual(3);
    await expect.poll(healthMismatches, WAIT).toEqual([]);

    // Chat both ways: what the page says comes back on the channel; a bot's whisper shows up.
    await page.locator("#say input").fill("hello from the browser");
    await page.locator("#say button").click();
    await bots[0]?.whisper(ME, "welcome, browser");
    await expect
      .poll(chatTexts, WAIT)
      .toEqual(
        expect.arrayContaining([
          expect.stringContaining("hello from the browser"),
          expect.stringContaining("welcome, browser"),
        ]),
      );
    expect(Number(await attr("#stats", "data-events"))).toBeGreaterThan(0);
  });

  it("resumes after the network fails and misses no event", async () => {
    const before = Number(await attr("#stats", "data-last-seq"));
    const missed: Received[] = [];
    const watcher = bots[1];
    if (watcher === undefined) throw new Error("no bots");
    const off = watcher.client.on("combat.damaged", (data, meta) => {
      if (proxy.down)
        missed.push({ seq: 0, event: "combat.damaged", ts: meta.ts, data: JSON.stringify(data) });
    });

    proxy.cut();
    await expect.poll(() => attr("#connection", "data-state"), WAIT).toBe("reconnecting");
    // Events keep coming for the page while it is away: the match's damage, and a whisper.
    await bots[0]?.whisper(ME, "where did you go?");
    await expect.poll(() => missed.length, WAIT).toBeGreaterThanOrEqual(2);
    proxy.restore();
    off();

    await expect.poll(() => attr("#connection", "data-state"), WAIT).toBe("open");
    await expect
      .poll(chatTexts, WAIT)
      .toEqual(expect.arrayContaining([expect.stringContaining("where did you go?")]));
    const history = (await attr("#connection", "data-history"))?.split(",") ?? [];
    expect(history.slice(history.indexOf("open"))).toEqual(["open", "reconnecting", "open"]);
    expect(await attr("#connection", "data-reconnects")).toBe("1");

    // Resumed, not restarted: seq went on from where it was, every number once, none skipped.
    const events = await received();
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(seqs.length).toBeGreaterThan(before);
    expect(await attr("#stats", "data-gaps")).toBe("0");
    expect(await attr("#stats", "data-duplicates")).toBe("0");
    expect(await attr("#stats", "data-resyncs")).toBe("0");
    // Each damage event emitted while the page was cut off reached it after the resume.
    const got = new Set(events.map((e) => `${e.event} ${e.ts} ${e.data}`));
    expect(missed.filter((e) => !got.has(`${e.event} ${e.ts} ${e.data}`))).toEqual([]);

    // Let a few frames of fighting land, then keep a picture of the page.
    await expect.poll(async () => (await received()).length, WAIT).toBeGreaterThan(events.length + 3);
    mkdirSync(path.dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot });
    expect(existsSync(screenshot)).toBe(true);
  });
});

/** How far the page player is from a map point, by the canvas's `data-self`. */
async function distanceFromSelf(goal: { x: number; y: number }): Promise<number> {
  const [x = NaN, y = NaN] = ((await attr("#arena", "data-self")) ?? "").split(",").map(Number);
  return Math.hypot(x - goal.x, y - goal.y);
}

/** Roster rows whose health is not what the last damage event for that player says. */
async function healthMismatches(): Promise<string[]> {
  const [events, rows] = await Promise.all([
    received(),
    page
      .locator("#roster li")
      .evaluateAll((rows: readonly { dataset: Record<string, string | undefined> }[]) =>
        rows.map((row) => [row.dataset.player ?? "", Number(row.dataset.health)] as const),
      ),
  ]);
  const expected = new Map<string, number>();
  for (const e of events) {
    if (e.event !== "combat.damaged") continue;
    const { playerId, newHealth } = JSON.parse(e.data) as { playerId: string; newHealth: number };
    // A kill: the victim is back at full health (server/combat.ts respawns it).
    expected.set(playerId, newHealth === 0 ? 100 : newHealth);
  }
  return rows
    .filter(([player, health]) => expected.has(player) && expected.get(player) !== health)
    .map(([player, health]) => `${player}: ${health} shown, ${expected.get(player) ?? "?"} expected`);
}
