// The codec bench's three messages, as gidl envelopes in their TypeScript form (the JSON wire form
// too: no i64 or bytes in them), from bench/schema/bench.gidl. Every codec encodes these values.
import { ATTACK_PARAMS } from "../lib/clients.mjs";

/** A server clock of late 2025, ms since the epoch: `ts` is whole ms, `sentAt` is not. */
const NOW = 1_764_000_000_123;

/** The RPC bench's call, as its load generator sends it (a client some way into its session). */
const rpc = { type: "rpc", id: 1042, method: "combat.attack", params: ATTACK_PARAMS };

/** The broadcast bench's reliable event, with its `seq` and `ts`. */
const tick = {
  type: "event",
  event: "combat.tick",
  data: { n: 4321, sentAt: NOW + 0.456, note: "bench tick" },
  ts: NOW,
  seq: 4322,
};

const KINDS = ["goblin", "orc", "troll", "wolf", "bandit"];

/**
 * 100 entities spread over a 2,000 × 2,000 map. Positions have one decimal, as a server that
 * rounds them to the decimetre sends them; gidl and Protobuf carry them as `f32`.
 */
const entities = Array.from({ length: 100 }, (_, i) => ({
  id: 1 + i,
  pos: { x: (((i * 7919) % 20_000) - 10_000) / 10, y: (10_000 - ((i * 104_729) % 20_000)) / 10 },
  health: (i * 37) % 101,
  name: `${KINDS[i % KINDS.length]} ${i}`,
}));

/** The world state a server sends to a session every few ticks: about 7 KB as JSON. */
const snapshot = {
  type: "event",
  event: "world.snapshot",
  data: { tick: 4321, entities },
  ts: NOW,
  seq: 4323,
};

export const MESSAGES = [
  { name: "rpc", title: "RPC request (combat.attack)", message: rpc },
  { name: "event", title: "event (combat.tick)", message: tick },
  { name: "snapshot", title: "snapshot event (world.snapshot, 100 entities)", message: snapshot },
];

/**
 * The value a receiver sees, in one comparable form: `f32` fields rounded to single precision as
 * every codec's receiver rounds them (docs/language.md "Built-in types"), so that a codec that
 * carries doubles and one that carries floats decode to the same thing.
 */
export function received(message) {
  if (message.event !== "world.snapshot") return message;
  const round = ({ pos, ...entity }) => ({
    ...entity,
    pos: { x: Math.fround(pos.x), y: Math.fround(pos.y) },
  });
  return { ...message, data: { ...message.data, entities: message.data.entities.map(round) } };
}
