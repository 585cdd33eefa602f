// gidl watch <schema.gidl> -o <dir> [--lang ts|js] [--templates <dir>]: regenerates on every change of
// the schema or a file it imports, keeps running through schema errors, stops on Ctrl-C.
import { Command } from "commander";
import { watchSchema } from "../../watch/watch-schema.js";
import type { CommandDefinition } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import { reportDiagnostics } from "../report.js";
import { langOption, outDirOption, templatesOption } from "../shared-options.js";

interface WatchCommandOptions {
  readonly out: string;
  readonly lang: "ts" | "js";
  readonly templates?: string;
}

export const watchCommand: CommandDefinition = (context) =>
  new Command("watch")
    .description("generate, then regenerate whenever the schema or a file it imports changes (Ctrl-C stops)")
    .argument("<schema>", "the root .gidl file")
    .addOption(outDirOption())
    .addOption(langOption())
    .addOption(templatesOption())
    .action(async (schema: string, options: WatchCommandOptions) => {
      const controller = new AbortController();
      const stop = () => {
        controller.abort();
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      const time = () => new Date().toTimeString().slice(0, 8);
      try {
        context.stderr(`watching ${schema} and its imports; Ctrl-C stops\n`);
        await watchSchema({
          entry: schema,
          out: options.out,
          lang: options.lang,
          ...(options.templates === undefined ? {} : { templatesDir: options.templates }),
          signal: controller.signal,
          reporter: {
            compiled: (result) => {
              reportDiagnostics(result, context, { format: "text", entry: schema });
            },
            wrote: (count, hash) => {
              context.stdout(`[${time()}] wrote ${count} files to ${options.out} (schema hash ${hash})\n`);
            },
            skipped: (reason) => {
              const why = reason === undefined ? "" : `: ${reason}`;
              context.stderr(`[${time()}] not regenerated, ${options.out} is unchanged${why}\n`);
            },
            watchFailed: (dir, error) => {
              context.stderr(`gidl watch: cannot watch ${dir}: ${error.message}\n`);
            },
          },
        });
      } catch (error) {
        context.stderr(`gidl watch: ${(error as Error).message}\n`);
        context.exitCode = ExitCode.usage;
      } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
      }
    });
