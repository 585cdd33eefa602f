/**
 * Which npm packages a Node.js process loaded, to show that gidl's runtimes leave the compiler out:
 * the TypeScript compiler that `gidl generate` and `gidl scaffold` use is a dependency of the package,
 * but a game server or client that loaded it would pay its start-up time and memory for nothing.
 * A process started with the hook writes, as it exits, the names of the packages in require.cache
 * to the file named by GIDL_LOADED_PACKAGES. typescript and ts-morph are CommonJS: whether required
 * or imported, they enter require.cache.
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

/** The compiler's packages, which the runtimes must not load. */
export const compilerPackages = ["typescript", "ts-morph", "@ts-morph/common"] as const;

const hookSource = `import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const { cache } = createRequire(import.meta.url);
process.on("exit", () => {
  const names = new Set();
  for (const file of Object.keys(cache)) {
    const inPackage = file.split(/[\\\\/]node_modules[\\\\/]/).slice(1).at(-1);
    if (inPackage === undefined) continue;
    const [scope = "", name = ""] = inPackage.split(/[\\\\/]/);
    names.add(scope.startsWith("@") ? scope + "/" + name : scope);
  }
  writeFileSync(process.env.GIDL_LOADED_PACKAGES, [...names].sort().join("\\n") + "\\n");
});
`;

/** Writes the hook into `dir`; returns the `node` arguments that load it. */
export function loadedPackagesHook(dir: string): string[] {
  const file = path.join(dir, "record-loaded-packages.mjs");
  writeFileSync(file, hookSource);
  return ["--import", pathToFileURL(file).href];
}

/** The package names a hooked process wrote to `file`. */
export function readLoadedPackages(file: string): string[] {
  return readFileSync(file, "utf8").split("\n").filter(Boolean);
}
