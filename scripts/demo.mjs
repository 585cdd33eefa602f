// npm run demo (after `npm run build`): generates examples/arena/generated from arena.gidl with the
// built gidl, bundles the arena server and its bots with esbuild into examples/arena/dist/ (and the
// browser client into examples/arena/web/dist/), and runs the demo: a server and bots playing two
// matches, with a live log and a summary; the page is served on the server's HTTP port.
// Flags go to the demo: npm run demo -- --duration 10 --bots 6
//
// Why esbuild: Node 20 cannot run TypeScript, and the example is an application, not a library:
// one bundle per entry, built in well under a second, is all it needs (type-checking is
// `npm run typecheck`'s job). "gidl/server" and "gidl/client" stay external and resolve through
// the package's self-reference to dist/, exactly as in a project that installed gidl.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { generate } from "../dist/generator/index.js";
import { buildWebClient } from "../examples/arena/web/build.mjs";
import { compile, hasErrors, renderDiagnostics } from "../dist/idl/index.js";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const example = path.join(root, "examples/arena");
const schema = path.relative(process.cwd(), path.join(example, "arena.gidl"));

const result = compile(schema);
if (result.diagnostics.length > 0) {
  process.stderr.write(`${renderDiagnostics(result.diagnostics, result.sources)}\n\n`);
}
if (hasErrors(result.diagnostics) || result.model === undefined) {
  process.stderr.write(`demo: ${schema} did not compile\n`);
  process.exit(1);
}

// The same bytes as `gidl generate examples/arena/arena.gidl -o examples/arena/generated`.
const generatedDir = path.join(example, "generated");
const { files } = generate(result.model, { lang: "ts", schemaFile: "arena.gidl" });
mkdirSync(generatedDir, { recursive: true });
const names = new Set(files.map((file) => file.path));
for (const stale of readdirSync(generatedDir)) if (!names.has(stale)) rmSync(path.join(generatedDir, stale));
let changed = 0;
for (const file of files) {
  const target = path.join(generatedDir, file.path);
  let current;
  try {
    current = readFileSync(target, "utf8");
  } catch {
    current = undefined;
  }
  if (current !== file.content) {
    writeFileSync(target, file.content);
    changed++;
  }
}
process.stdout.write(
  `generated ${files.length} files in examples/arena/generated (${changed === 0 ? "unchanged" : `${changed} updated`})\n`,
);

const outdir = path.join(example, "dist");
await build({
  entryPoints: { demo: path.join(example, "bots/demo.ts"), server: path.join(example, "server/main.ts") },
  outdir,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
// The browser client, which the demo's server serves beside the game (its URL is in the log).
await buildWebClient();
process.stdout.write(
  `bundled examples/arena/dist/demo.js and server.js, and examples/arena/web/dist/main.js\n\n`,
);

await import(pathToFileURL(path.join(outdir, "demo.js")).href);
