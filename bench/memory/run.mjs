// Memory: the server's RSS (and JS heap) after a settled GC, before and after N idle authenticated
// connections; the difference over N is the cost of one connection.
import { startChild } from "../lib/child.mjs";
import { CONTENDERS } from "../lib/clients.mjs";
import { sleep } from "../rpc/run.mjs";

const here = new URL(".", import.meta.url);
const serverFile = (name) => new URL(`../servers/${name}.mjs`, here).pathname;

export const MEMORY_CONNECTIONS = 2000;

export async function measureMemory(contender, connections, { schema }) {
  const server = await startChild(serverFile(CONTENDERS[contender].server), [], {
    execArgv: ["--expose-gc"],
  });
  try {
    const before = await server.request("memory");
    const load = await startChild(new URL("load.mjs", here).pathname, [
      contender,
      server.info.port,
      connections,
      schema,
    ]);
    try {
      // Let the handshakes' garbage and the sockets' buffers settle before reading.
      await sleep(1000);
      const after = await server.request("memory");
      return {
        contender,
        connections: load.info.connected,
        rssPerConnectionKiB: (after.rss - before.rss) / 1024 / load.info.connected,
        heapPerConnectionKiB: (after.heapUsed - before.heapUsed) / 1024 / load.info.connected,
        rssBeforeMiB: before.rss / 1024 / 1024,
        rssAfterMiB: after.rss / 1024 / 1024,
      };
    } finally {
      await load.stop();
    }
  } finally {
    await server.stop();
  }
}
