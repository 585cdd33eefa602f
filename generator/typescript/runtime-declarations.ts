/**
 * Where the declarations of gidl/server, gidl/client, gidl/protocol and gidl/testkit are, for type-checking generated code in
 * memory: the sources when gidl itself runs from source (tests), dist/ when it runs built.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** The package's entries that generated code imports, and the folder of each. */
const RUNTIME_FOLDERS = {
  "gidl/server": "runtime-server",
  "gidl/client": "runtime-client",
  "gidl/protocol": "protocol",
  "gidl/testkit": "testkit",
} as const;

export type RuntimeModule = keyof typeof RUNTIME_FOLDERS;

export interface RuntimeDeclarations {
  /** gidl's package root: the generated files are checked as if they sat there. */
  readonly packageRoot: string;
  /** Module specifier → the file that declares it. */
  readonly modules: Readonly<Record<RuntimeModule, string>>;
}

export function findRuntimeDeclarations(): RuntimeDeclarations {
  const here = fileURLToPath(import.meta.url);
  const packageRoot = findPackageRoot(path.dirname(here));
  const fromSource = here.endsWith(".ts");
  const entry = (runtime: string) =>
    fromSource
      ? path.join(packageRoot, runtime, "index.ts")
      : path.join(packageRoot, "dist", runtime, "index.d.ts");
  return {
    packageRoot,
    modules: Object.fromEntries(
      Object.entries(RUNTIME_FOLDERS).map(([name, folder]) => [name, entry(folder)]),
    ) as Record<RuntimeModule, string>,
  };
}

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === "gidl"
    ) {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error("gidl: cannot find its own package.json");
  }
}
