/**
 * docs/client.md "Options", `codec`: a browser bundle of a generated client leaves MessagePack's
 * code (msgpackr) out of what it loads at start. A bundler that splits dynamic imports (esbuild
 * with `splitting`, as Vite and webpack do by default) puts it in a chunk of its own, fetched only
 * by a connection that speaks MessagePack.
 */
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const fixture = fileURLToPath(new URL("../runtime-e2e/fixtures/generated/client.ts", import.meta.url));

/** A page's script: the generated client of fixtures/game.gidl on that codec. */
function page(codec: string): string {
  return `
import { createClient } from ${JSON.stringify(fixture)};
const client = createClient({ url: "wss://game.example/", token: "t", codec: ${JSON.stringify(codec)} });
await client.connect();
console.log(await client.play.status());
`;
}

async function bundle(codec: string): Promise<Metafile> {
  const result = await build({
    stdin: { contents: page(codec), resolveDir: root, sourcefile: "page.ts", loader: "ts" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    outdir: "/bundle-out",
    write: false,
    metafile: true,
    logLevel: "silent",
    // What the package's exports give a browser bundler: the sources stand for dist/.
    alias: {
      "gidl/client": `${root}runtime-client/index.ts`,
      "gidl/protocol": `${root}protocol/index.ts`,
    },
  });
  expect(result.errors).toEqual([]);
  return result.metafile;
}

/** The inputs of the entry chunk and of every chunk it imports statically: what a page loads at start. */
function loadedAtStart(metafile: Metafile): string[] {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((name) => outputs[name]?.entryPoint !== undefined);
  const seen = new Set<string>();
  const inputs: string[] = [];
  const visit = (name: string): void => {
    const output = outputs[name];
    if (output === undefined || seen.has(name)) return;
    seen.add(name);
    inputs.push(...Object.keys(output.inputs));
    for (const imported of output.imports) if (imported.kind === "import-statement") visit(imported.path);
  };
  if (entry !== undefined) visit(entry);
  return inputs;
}

describe.each(["binary", "json"])("the browser bundle of a generated client on %s", (codec) => {
  it("loads the client, the binary codec and the generated encoders at start, and msgpackr only in a chunk of its own", async () => {
    const metafile = await bundle(codec);
    const atStart = loadedAtStart(metafile);
    expect(atStart.some((path) => path.endsWith("runtime-client/game-client.ts"))).toBe(true);
    expect(atStart.some((path) => path.endsWith("protocol/binary/binary-codec.ts"))).toBe(true);
    expect(atStart.some((path) => path.endsWith("fixtures/generated/binary.ts"))).toBe(true);
    expect(atStart.filter((path) => path.includes("msgpack"))).toEqual([]);
    // The MessagePack codec is still there for a connection that falls back to it.
    const everything = Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs));
    expect(everything.some((path) => path.includes("node_modules/msgpackr/"))).toBe(true);
  });
});
