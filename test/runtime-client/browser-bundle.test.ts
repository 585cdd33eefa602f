import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { describe, expect, it } from "vitest";

const entry = fileURLToPath(new URL("../../runtime-client/index.ts", import.meta.url));
const nodeBuiltins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** Records every module the bundle tries to reach, instead of letting esbuild substitute or fail. */
function recordImports(seen: string[]): Plugin {
  return {
    name: "record-imports",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, (args) => {
        seen.push(args.path);
        return undefined;
      });
    },
  };
}

describe("the browser bundle of gidl/client", () => {
  it("reaches no Node.js built-in and not ws", async () => {
    const seen: string[] = [];
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
      plugins: [recordImports(seen)],
    });
    expect(result.errors).toEqual([]);
    expect(seen.filter((path) => nodeBuiltins.has(path) || path === "ws" || path.startsWith("ws/"))).toEqual(
      [],
    );
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((path) => path.includes("node_modules/ws/"))).toEqual([]);
    // The bundle does contain the client and its MessagePack codec.
    expect(inputs.some((path) => path.endsWith("runtime-client/game-client.ts"))).toBe(true);
    expect(inputs.some((path) => path.includes("node_modules/msgpackr/"))).toBe(true);
  });
});
