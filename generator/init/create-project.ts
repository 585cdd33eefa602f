/**
 * Writes a new project to disk (for `gidl init`): its files, then the code generated from its
 * schema, so that it type-checks as soon as its dependencies are installed.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { compile } from "../../idl/index.js";
import { generate } from "../index.js";
import { writeOutput } from "../write-output.js";
import { projectFiles, projectGeneratedDir, projectSchemaPath, type ProjectOptions } from "./index.js";

/** Why a directory cannot take a new project without `--force`; `undefined` when it can. */
export function refusal(dir: string): "not-a-directory" | "not-empty" | undefined {
  if (!existsSync(dir)) return undefined;
  if (!statSync(dir).isDirectory()) return "not-a-directory";
  return readdirSync(dir).length > 0 ? "not-empty" : undefined;
}

export interface CreatedProject {
  /** The paths written, relative to the project, the generated code as its directory. */
  readonly written: readonly string[];
  /** Why the code could not be generated now, if it could not; `npm run generate` does it later. */
  readonly generateError?: string;
}

/**
 * Writes the project into `dir` (created if needed), replacing files of the same names, then
 * generates its code. The project is whole without the generated code (its `build` script
 * generates), so a generation failure is returned rather than thrown.
 * @throws node:fs errors; an Error when the example schema does not compile (a bug of gidl)
 */
export function createProject(dir: string, options: ProjectOptions): CreatedProject {
  const files = projectFiles(options);
  for (const file of files) {
    const destination = path.join(dir, ...file.path.split("/"));
    mkdirSync(path.dirname(destination), { recursive: true });
    writeFileSync(destination, file.content);
  }
  const schema = path.join(dir, ...projectSchemaPath.split("/"));
  const result = compile(schema);
  if (result.model === undefined) {
    throw new Error(`the example schema does not compile: ${JSON.stringify(result.diagnostics)}`);
  }
  const written = files.map((file) => file.path);
  try {
    const generated = generate(result.model, { lang: "ts", schemaFile: path.basename(schema) });
    writeOutput(path.join(dir, ...projectGeneratedDir.split("/")), generated.files);
  } catch (error) {
    // E.g. the self-check of the generated code, which needs the project's dependencies installed.
    const lines = (error instanceof Error ? error.message : String(error)).split("\n").map((l) => l.trim());
    const reason = lines
      .filter((line) => line !== "")
      .slice(0, 2)
      .join(" ");
    return { written: written.sort(), generateError: reason };
  }
  return { written: [...written, `${projectGeneratedDir}/`].sort() };
}
