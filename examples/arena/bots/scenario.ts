/**
 * The demo's match plan: bots log in, two matches fill up and start, everybody fights, one bot per
 * match loses its network while events are flowing and resumes, a host kicks a player, the
 * matches end. Timings are fractions of the duration, so that --duration scales the whole plan.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Bot } from "./bot.js";
import type { Log } from "./live-log.js";
import { seededRandom } from "./random.js";
import type { Stats } from "./stats.js";

const NAMES = ["ana", "bo", "cy", "dee", "eli", "fay", "gus", "hal", "ivy", "jo", "kai", "lu"];
const MAPS = ["dust", "ruins"];
/** The bots take turns with the codecs, so that every demo plays on all three together. */
const CODECS = ["binary", "json", "msgpack"] as const;
/** How long a dropped bot stays offline: events keep coming for it meanwhile. */
const OUTAGE_MS = 1500;

export interface ScenarioOptions {
  readonly url: string;
  readonly bots: number;
  readonly durationMs: number;
  readonly sign: (playerId: string, guild: string) => Promise<string>;
  readonly stats: Stats;
  readonly log: Log;
}

export async function runScenario(options: ScenarioOptions): Promise<{ matches: number }> {
  const { log, stats } = options;
  const bots = Array.from({ length: options.bots }, (_, i) => {
    const name = NAMES[i] ?? `bot${i}`;
    const guild = i % 2 === 0 ? "red" : "blue";
    return new Bot({
      name,
      guild,
      url: options.url,
      token: () => options.sign(name, guild),
      codec: CODECS[i % CODECS.length] ?? "json",
      random: seededRandom(i + 1),
      stats,
      log,
    });
  });
  await Promise.all(bots.map((bot) => bot.login()));
  log(
    "bots",
    `${bots.length} bots logged in with signed tokens, on the binary, JSON and MessagePack codecs in turn`,
  );
  bots[0]?.client.on("combat.announcement", ({ text }) => {
    log("announce", text);
  });

  // Two matches (one with fewer than four bots); bots alternate between them.
  const matchCount = bots.length >= 4 ? 2 : 1;
  const hosts = bots.slice(0, matchCount);
  const ids: string[] = [];
  for (const [i, host] of hosts.entries()) ids.push((await host.host(MAPS[i] ?? "dust")) ?? "");
  const teams = hosts.map((host) => [host]);
  for (const [i, bot] of bots.slice(matchCount).entries()) {
    const m = i % matchCount;
    if (await bot.join(ids[m] ?? "")) teams[m]?.push(bot);
  }
  for (const host of hosts) await host.start();
  for (const bot of bots) bot.play();

  const at = (fraction: number) => sleep(Math.max(0, options.durationMs * fraction - elapsed()));
  const started = Date.now();
  const elapsed = () => Date.now() - started;

  // A dropped connection per match, while its team keeps fighting (and the host whispers to it).
  for (const [m, fraction] of [
    [0, 0.3],
    [1, 0.55],
  ] as const) {
    const team = teams[m];
    const victim = team?.[team.length - 1];
    const host = team?.[0];
    if (team === undefined || team.length < 2 || victim === undefined || host === undefined) continue;
    await at(fraction);
    victim.cutNetwork();
    await sleep(OUTAGE_MS / 3);
    await host.whisper(victim.name, "where did you go?");
    await sleep((OUTAGE_MS * 2) / 3);
    await victim.restoreNetwork();
  }

  // The host of the last match kicks a player, who then joins the first match (join in progress).
  await at(0.75);
  const team = teams[matchCount - 1];
  const kicked = team?.[1];
  if (team !== undefined && kicked !== undefined && matchCount === 2) {
    await team[0]?.kick(kicked.name);
    if (await kicked.join(ids[0] ?? "")) teams[0]?.push(kicked);
  }

  await at(1);
  for (const bot of bots) bot.pause();
  for (const host of hosts) await host.end();
  await sleep(200);
  await Promise.all(bots.map((bot) => bot.stop()));
  return { matches: matchCount };
}
