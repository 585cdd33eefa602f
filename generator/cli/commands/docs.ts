// gidl docs <schema.gidl> [-o file.md]: the API reference alone, on stdout without -o.
import * as path from "node:path";
import { Command } from "commander";
import { generateDocsFile, TemplateError } from "../../index.js";
import { writeFileAtomic } from "../../write-output.js";
import type { CommandDefinition } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import { compileForGeneration, isFileSystemError, templatesOption } from "../shared-options.js";

interface DocsCommandOptions {
  readonly out?: string;
  readonly templates?: string;
}

export const docsCommand: CommandDefinition = (context) =>
  new Command("docs")
    .description("print the API reference (docs.md) of a schema, or write it with -o")
    .argument("<schema>", "the root .gidl file")
    .option("-o, --out <file>", "write the reference to this file instead of stdout")
    .addOption(templatesOption())
    .action((schema: string, options: DocsCommandOptions) => {
      const model = compileForGeneration(schema, context);
      if (model === undefined) return;
      try {
        const docs = generateDocsFile(model, {
          schemaFile: path.basename(schema),
          ...(options.templates === undefined ? {} : { templatesDir: options.templates }),
        });
        if (options.out === undefined) context.stdout(docs.content);
        else writeFileAtomic(options.out, docs.content);
      } catch (error) {
        if (!(error instanceof TemplateError || (error instanceof Error && isFileSystemError(error))))
          throw error;
        context.stderr(`gidl docs: ${error.message}\n`);
        context.exitCode = ExitCode.usage;
      }
    });
