/**
 * The server generated from test/vectors/binary.gidl in a child process (as server-main.ts runs
 * the arena fixture), for fuzzing the binary codec over real sockets: the generated code is
 * written under test-artifacts/ and bundled with gidl's sources and the child side of the IPC
 * channel (child-ipc.ts), so that plain Node.js runs it with `--expose-gc`.
 */
import { rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { Limits } from "../../runtime-server/index.js";
import { bundleWithSources, root, writeGeneratedVectors } from "../vectors/load-generated.js";
import { ServerProcess } from "./server-process.js";

export async function startBinaryServer(
  limits: Partial<Limits> = {},
): Promise<{ server: ServerProcess; remove: () => void }> {
  const dir = writeGeneratedVectors("binary-fuzz-server");
  const source = (file: string): string => JSON.stringify(path.join(root, file));
  const entry = path.join(dir, "child.ts");
  writeFileSync(
    entry,
    `import { pino } from "pino";
import { binary } from "./binary.js";
import { createServer } from "./server.js";
import { authenticateAnyPlayer, childSettings, serveChild } from ${source("test/fuzz/child-ipc.ts")};
import { createVectorHandlers } from ${source("test/vectors/handlers.ts")};

const { limits, port } = childSettings();
const server = createServer({
  handlers: createVectorHandlers(binary.methods.map((method) => method.name)),
  port,
  logger: pino({ level: "silent" }),
  authenticate: authenticateAnyPlayer,
  limits,
});
await serveChild(server, (i) => {
  server.emit.shop.restocked({ itemId: "n" + i, count: i });
});
`,
  );
  const outfile = path.join(dir, "child.mjs");
  await bundleWithSources(entry, outfile);
  const server = await ServerProcess.fork(outfile, limits);
  return {
    server,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
