/**
 * The arena's browser client: log in, join a running match (or open one), then show the match as
 * events describe it — players moving, health, damage numbers, chat, the connection's state — and
 * let the player walk, fight and talk. Everything goes through the generated client
 * (generated/client.ts), which reconnects and resumes by itself; the page only listens.
 */
import { createClient, type Client } from "../../generated/client.js";
import { definition } from "../../generated/definition.js";
import type { Events, SessionInfo } from "../../generated/types.js";
import { ChatPanel } from "./chat.js";
import { ConnectionBadge } from "./connection-state.js";
import { Controls } from "./controls.js";
import { EventRecord, type ReceivedEvent } from "./event-record.js";
import { Hud } from "./hud.js";
import { logIn, type Login } from "./login.js";
import { Renderer } from "./render.js";
import { World } from "./world.js";

/** Read-only diagnostics for the browser test and the curious (devtools: `__arena.received()`). */
declare global {
  interface Window {
    __arena?: { readonly player: string; received(): readonly ReceivedEvent[] };
  }
}

const EVENT_NAMES = Object.keys(definition.events) as (keyof Events)[];

/** An element of index.html, of the kind the code expects. */
function element<T extends HTMLElement>(id: string, kind: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof kind)) throw new Error(`index.html has no ${kind.name} #${id}`);
  return found;
}

const loginForm = element("login", HTMLFormElement);
const loginError = element("login-error", HTMLElement);
const nameInput = element("name", HTMLInputElement);
nameInput.value =
  new URLSearchParams(location.search).get("name") ?? `web_${Math.random().toString(36).slice(2, 6)}`;

loginForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const guild = element("guild", HTMLSelectElement).value;
  const button = loginForm.querySelector("button");
  if (button !== null) button.disabled = true;
  loginError.textContent = "";
  logIn(nameInput.value.trim().toLowerCase(), guild)
    .then(play)
    .catch((error: unknown) => {
      loginError.textContent = error instanceof Error ? error.message : String(error);
      if (button !== null) button.disabled = false;
    });
});

async function play(login: Login): Promise<void> {
  const world = new World(login.player);
  const badge = new ConnectionBadge(element("connection", HTMLElement));
  const record = new EventRecord(element("stats", HTMLElement));
  const chat = new ChatPanel(element("chat", HTMLOListElement));
  const hud = new Hud(world, element("roster", HTMLUListElement), element("match", HTMLElement));
  const canvas = element("arena", HTMLCanvasElement);
  const renderer = new Renderer(canvas, world);
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const client = createClient({
    url: `${scheme}://${location.host}/ws`,
    token: login.token,
    // A page is watched: come back quickly (the default ceiling is 10 s).
    reconnect: { baseMs: 250, maxMs: 3000 },
  });
  window.__arena = { player: login.player, received: () => record.received };

  for (const name of EVENT_NAMES) {
    client.on(name, (data, meta) => {
      record.add(name, data, meta.seq, meta.ts);
    });
  }
  listen(client, world, chat, hud);
  client.onState((state) => {
    const previous = badge.show(state);
    if (state === "reconnecting" && previous === "open") chat.add("notice", "connection lost: reconnecting…");
    if (state === "open" && previous === "reconnecting") chat.add("notice", "back online");
  });
  const report = (error: unknown): void => {
    chat.add("error", error instanceof Error ? error.message : String(error));
  };
  client.onResync(() => {
    // The server lost this player's session: events were missed and subscriptions are gone.
    record.resync();
    chat.add("notice", "events were missed: reloading the match");
    (async () => {
      await subscribe(client, login);
      show(await client.session.get());
    })().catch(report);
  });
  const show = (info: SessionInfo): void => {
    world.load(info);
    hud.update();
  };

  // A refused login (say, an expired token) rejects here and is shown on the login form.
  await client.connect();
  element("login-panel", HTMLElement).hidden = true;
  element("game", HTMLElement).hidden = false;
  renderer.start();
  let info: SessionInfo;
  try {
    await subscribe(client, login);
    info = await enterMatch(client, chat);
  } catch (error) {
    report(error);
    return;
  }
  show(info);
  chat.add("notice", `you are ${login.player} (guild ${login.guild}) in ${info.id}`);

  const start = { x: Math.round(Math.random() * 60 - 30), y: Math.round(Math.random() * 60 - 30) };
  const controls = new Controls(client, world, renderer, chat, element("weapon", HTMLSelectElement), start);
  controls.bind(canvas);
  // Moving once tells the server where we are: `positions` events reach only placed players.
  controls.walkTo(start);
  element("say", HTMLFormElement).hidden = false;
  chat.bindForm(element("say", HTMLFormElement), (channel, text) =>
    client.combat.say({ channel: channel === "guild" ? `guild:${login.guild}` : channel, text }),
  );
}

function listen(client: Client, world: World, chat: ChatPanel, hud: Hud): void {
  const changed = (): void => {
    hud.update();
  };
  client.on("combat.positions", ({ players }) => {
    world.positions(players);
    changed();
  });
  client.on("combat.damaged", ({ playerId, damage, newHealth }) => {
    world.damaged(playerId, damage, newHealth, performance.now());
    if (newHealth === 0) chat.add("notice", `${playerId} was knocked out`);
    changed();
  });
  client.on("combat.chat", ({ from, text }) => {
    chat.add("chat", text, from);
  });
  client.on("combat.whisper", ({ from, text }) => {
    chat.add("whisper", text, from);
  });
  client.on("combat.announcement", ({ text }) => {
    chat.add("announcement", text);
  });
  client.on("session.playerJoined", ({ playerId }) => {
    if (playerId !== world.self) chat.add("notice", `${playerId} joined`);
    world.player(playerId);
    changed();
  });
  client.on("session.playerLeft", ({ playerId, reason }) => {
    chat.add(
      "notice",
      `${playerId} ${reason === "kicked" ? "was kicked" : reason === "timeout" ? "timed out" : "left"}`,
    );
    world.remove(playerId);
    changed();
  });
  client.on("session.playerDisconnected", ({ playerId }) => {
    world.setConnected(playerId, false);
    changed();
  });
  client.on("session.playerReconnected", ({ playerId }) => {
    world.setConnected(playerId, true);
    changed();
  });
  client.on("session.statusChanged", ({ status }) => {
    world.status = status;
    world.version++;
    chat.add("notice", `the match is ${status}`);
    changed();
  });
  client.on("session.hostChanged", ({ host }) => {
    world.host = host;
    world.version++;
    changed();
  });
}

async function subscribe(client: Client, login: Login): Promise<void> {
  await client.topic.subscribe({ name: "global" });
  await client.topic.subscribe({ name: `guild:${login.guild}` });
}

/** The fullest open match, or a new one that this player starts. */
async function enterMatch(client: Client, chat: ChatPanel): Promise<SessionInfo> {
  const { sessions } = await client.session.list();
  const open = [...sessions].sort(
    (a, b) =>
      Number(b.status === "running") - Number(a.status === "running") || b.playerCount - a.playerCount,
  );
  for (const session of open) {
    try {
      return await client.session.join({ sessionId: session.id });
    } catch (error) {
      chat.add(
        "error",
        `could not join ${session.id}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  await client.session.create({ settings: { mapName: "web", minutes: 10 } });
  return client.session.start();
}
