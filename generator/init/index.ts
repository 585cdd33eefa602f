/**
 * `gidl init`: the files of a new project that works as it is — a schema, a server implementing it,
 * a client playing against it, and the package scripts that generate, build and run them. Pure: the
 * CLI decides where they go.
 */
import type { OutputFile } from "../framework/generated-file.js";
import { clientSource } from "./client-source.js";
import { gameSchema } from "./game-schema.js";
import { gitignore, packageJson, readme, tsconfigJson, type ProjectOptions } from "./project-config.js";
import { serverSource } from "./server-source.js";

export type { ProjectOptions } from "./project-config.js";

/** Where the schema sits and where its code is generated, as the package scripts say. */
export const projectSchemaPath = "schema/game.gidl";
export const projectGeneratedDir = "src/generated";

/** Every file of a new project except the generated code, sorted by path. */
export function projectFiles(options: ProjectOptions): OutputFile[] {
  return [
    { path: ".gitignore", content: gitignore },
    { path: "README.md", content: readme(options) },
    { path: "package.json", content: packageJson(options) },
    { path: projectSchemaPath, content: gameSchema },
    { path: "src/client.ts", content: clientSource },
    { path: "src/server.ts", content: serverSource },
    { path: "tsconfig.json", content: tsconfigJson },
  ];
}

/** A valid npm package name from a directory name: `My Game!` → `my-game`. */
export function packageName(dirName: string): string {
  const name = dirName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+|[-]+$/g, "")
    .slice(0, 214);
  return name === "" ? "my-game" : name;
}
