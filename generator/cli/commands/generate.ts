// gidl generate <schema.gidl> -o <dir> [--lang ts|js] [--templates <dir>]: writes every generated file.
import * as path from "node:path";
import { Command } from "commander";
import { generate, GeneratedCodeError, TemplateError } from "../../index.js";
import { writeOutput } from "../../write-output.js";
import type { CommandDefinition } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import {
  compileForGeneration,
  isFileSystemError,
  langOption,
  outDirOption,
  templatesOption,
} from "../shared-options.js";

interface GenerateCommandOptions {
  readonly out: string;
  readonly lang: "ts" | "js";
  readonly templates?: string;
}

export const generateCommand: CommandDefinition = (context) =>
  new Command("generate")
    .description("generate types, validators, server, client, JSON Schema, docs and manifest from a schema")
    .argument("<schema>", "the root .gidl file")
    .addOption(outDirOption())
    .addOption(langOption())
    .addOption(templatesOption())
    .action((schema: string, options: GenerateCommandOptions) => {
      const model = compileForGeneration(schema, context);
      if (model === undefined) return;
      try {
        const { files } = generate(model, {
          lang: options.lang,
          schemaFile: path.basename(schema),
          ...(options.templates === undefined ? {} : { templatesDir: options.templates }),
        });
        writeOutput(options.out, files);
        context.stdout(`wrote ${files.length} files to ${options.out} (schema hash ${model.hash})\n`);
      } catch (error) {
        if (!(error instanceof Error)) throw error;
        if (error instanceof GeneratedCodeError) {
          // Generated code that does not compile is a bug of gidl (or of a --templates override).
          context.stderr(`gidl generate: internal error: ${error.message}\n`);
          context.exitCode = ExitCode.internal;
          return;
        }
        // A broken template override or an output directory that cannot be written: the command line's.
        if (!(error instanceof TemplateError || isFileSystemError(error))) throw error;
        context.stderr(`gidl generate: ${error.message}\n`);
        context.exitCode = ExitCode.usage;
      }
    });
