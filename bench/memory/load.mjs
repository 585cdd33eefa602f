// Memory load generator (its own process): `count` authenticated connections that then stay idle.
import { ready, serveCommands } from "../lib/child.mjs";
import { connectMany } from "../lib/clients.mjs";

const [contender, port, count, schema] = process.argv.slice(2);
const clients = await connectMany(contender, Number(port), Number(count), schema);

serveCommands({}, () => {
  for (const client of clients) client.close();
});
ready({ connected: clients.length });
