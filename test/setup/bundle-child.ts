/**
 * Bundles a test's child script with esbuild, once per test process, so that plain Node.js can run
 * it with flags of its own (`--expose-gc`, `--experimental-websocket`). The bundle is written inside
 * the repository so that its bare imports (ws, pino, ajv…) resolve from node_modules.
 */
import { mkdirSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bundles = new Map<string, Promise<string>>();

/** `entry` is a path from the repository's root; resolves to the bundle's absolute path. */
export function bundleChild(entry: string): Promise<string> {
  let bundled = bundles.get(entry);
  if (bundled === undefined) {
    bundled = (async () => {
      const outDir = path.join(root, "node_modules", ".cache", "gidl-test-children");
      mkdirSync(outDir, { recursive: true });
      const outfile = path.join(outDir, `${path.basename(entry, ".ts")}-${String(process.pid)}.mjs`);
      await build({
        entryPoints: [path.join(root, entry)],
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        packages: "external",
        outfile,
        logLevel: "silent",
      });
      return outfile;
    })();
    bundles.set(entry, bundled);
  }
  return bundled;
}
