// RPC load generator (its own process): `clients` connections in a closed loop, each sending its
// next combat.attack as soon as the previous answer arrives. Latency is measured per call, from
// just before the send to the answer's arrival, and counted only inside the orchestrator's window.
import { ready, serveCommands } from "../lib/child.mjs";
import { connectMany } from "../lib/clients.mjs";
import { latencySummary } from "../lib/stats.mjs";

const [contender, port, count, schema] = process.argv.slice(2);
const clients = await connectMany(contender, Number(port), Number(count), schema);

let measuring = false;
let latencies = [];
let windowAt = 0;
for (const client of clients) {
  client.onResult = (latencyMs) => {
    if (measuring) latencies.push(latencyMs);
    client.call();
  };
  client.call();
}

serveCommands(
  {
    windowStart() {
      latencies = [];
      windowAt = performance.now();
      measuring = true;
    },
    windowEnd() {
      measuring = false;
      const seconds = (performance.now() - windowAt) / 1000;
      return { calls: latencies.length, seconds, ...latencySummary(latencies) };
    },
  },
  () => {
    for (const client of clients) client.close();
  },
);
ready();
