// Broadcast load generator (its own process): `count` authenticated clients in one game session
// (gidl: the first creates it, the others join; socket.io: a room joined on connection; bare ws:
// every connection). Counts tick events and their delivery latency (arrival − the server's
// `sentAt`, both wall clocks of this machine) inside the orchestrator's window.
import { ready, serveCommands } from "../lib/child.mjs";
import { CONTENDERS, connectMany } from "../lib/clients.mjs";
import { latencySummary, wallClockMs } from "../lib/stats.mjs";
import { sleep } from "../rpc/run.mjs";

const [contender, port, count, schema] = process.argv.slice(2);
const clients = await connectMany(contender, Number(port), Number(count), schema);

if (CONTENDERS[contender].server === "gidl") {
  const room = await clients[0].rpc("session.create", { settings: { mapName: "bench" } });
  for (let i = 1; i < clients.length; i += 50) {
    await Promise.all(clients.slice(i, i + 50).map((c) => c.rpc("session.join", { sessionId: room.id })));
  }
  // The joins' session.playerJoined events (one per member per join) drain before the bench starts.
  await sleep(500);
}

let measuring = false;
let latencies = [];
let windowAt = 0;
let ticks = 0;
const onEvent = (data) => {
  if (data.sentAt === undefined) return;
  ticks++;
  if (measuring) latencies.push(wallClockMs() - data.sentAt);
};
for (const client of clients) client.onEvent = onEvent;

serveCommands(
  {
    ticks: () => ticks,
    windowStart() {
      latencies = [];
      windowAt = performance.now();
      measuring = true;
    },
    windowEnd() {
      measuring = false;
      const seconds = (performance.now() - windowAt) / 1000;
      return { events: latencies.length, seconds, ...latencySummary(latencies) };
    },
  },
  () => {
    for (const client of clients) client.close();
  },
);
ready();
