// gidl init [dir] [--force] [--gidl-spec <spec>]: a new project with an example schema, a server, a
// client and the package scripts to generate, build and run them.
import * as path from "node:path";
import { Command } from "commander";
import { createProject, refusal, type CreatedProject } from "../../init/create-project.js";
import { packageName } from "../../init/index.js";
import { GIDL_VERSION } from "../../version.js";
import { ForeignOutputDirectoryError } from "../../write-output.js";
import type { CommandDefinition } from "../context.js";
import { ExitCode } from "../exit-codes.js";

interface InitCommandOptions {
  readonly force?: true;
  readonly gidlSpec: string;
}

export const initCommand: CommandDefinition = (context) =>
  new Command("init")
    .description("create a new project: an example schema, a server, a client and package scripts")
    .argument("[dir]", "where to create it", ".")
    .option("--force", "write into a directory that is not empty (files of the same names are replaced)")
    .option(
      "--gidl-spec <spec>",
      "what the project's package.json depends on for gidl (a version range, or file:<path>)",
      `^${GIDL_VERSION}`,
    )
    .action((dir: string, options: InitCommandOptions) => {
      const target = path.resolve(dir);
      const refused = refusal(target);
      if (refused === "not-a-directory" || (refused === "not-empty" && options.force !== true)) {
        context.stderr(
          refused === "not-a-directory"
            ? `gidl init: ${dir} exists and is not a directory\n`
            : `gidl init: ${dir} is not empty; run it in an empty or new directory, or pass --force to write the project's files into it (files of the same names are replaced)\n`,
        );
        context.exitCode = ExitCode.usage;
        return;
      }
      let created: CreatedProject;
      try {
        created = createProject(target, {
          name: packageName(path.basename(target)),
          gidlSpec: options.gidlSpec,
        });
      } catch (error) {
        const fsError = typeof (error as { code?: unknown }).code === "string";
        if (!(error instanceof ForeignOutputDirectoryError || fsError)) throw error;
        context.stderr(`gidl init: ${(error as Error).message}\n`);
        context.exitCode = ExitCode.usage;
        return;
      }
      if (created.generateError !== undefined) {
        context.stderr(
          `note: src/generated was not written (${created.generateError}); npm run generate writes it\n`,
        );
      }
      const cd = path.relative(process.cwd(), target);
      context.stdout(
        [
          `created a gidl project in ${cd === "" ? "." : cd}:`,
          ...created.written.map((file) => `  ${file}`),
          "",
          "next:",
          ...(cd === "" ? [] : [`  cd ${cd}`]),
          "  npm install",
          ...(created.generateError === undefined ? [] : ["  npm run generate   # writes src/generated"]),
          "  npm start          # the server, on ws://127.0.0.1:8080",
          "  npm run client     # in another terminal",
          "",
        ].join("\n"),
      );
    });
