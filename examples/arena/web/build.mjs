// Bundles the browser client (src/main.ts and the generated client it imports) into dist/main.js
// with esbuild, for `npm run demo` and the browser test; `node examples/arena/web/build.mjs` runs it
// alone. Type-checking is tsc's job (web/tsconfig.json).
//
// The bundle is for browsers only: platform "browser" makes any `node:` import a build error, and
// `gidl/client` resolves (through the root tsconfig's paths) to the runtime's Node-free sources,
// whose one route to `ws` is an import that bundlers cannot follow (runtime-client/node-websocket.ts).
import * as path from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const web = path.dirname(fileURLToPath(import.meta.url));

/** @param {{ outdir?: string }} [options] */
export async function buildWebClient(options = {}) {
  const outdir = options.outdir ?? path.join(web, "dist");
  const result = await build({
    entryPoints: { main: path.join(web, "src/main.ts") },
    outdir,
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    sourcemap: true,
    // Not minified: minifying inlines node-websocket.ts's package-name constant into import("ws"),
    // which esbuild then follows into the bundle (test/browser.e2e.test.ts checks that ws stays out).
    minify: false,
    metafile: true,
    logLevel: "warning",
  });
  return {
    file: path.join(outdir, "main.js"),
    inputs: Object.keys(result.metafile.inputs),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { file } = await buildWebClient();
  process.stdout.write(`bundled ${path.relative(process.cwd(), file)}\n`);
}
