/**
 * Runs the `gidl` command line: builds the commander program from the command definitions,
 * parses `argv` and turns every way it can end into an exit status (docs/cli.md "Exit status":
 * 0 success, 1 schema errors, 2 usage errors). Commander's own usage errors (unknown option, missing
 * argument, a `--format` it does not know) exit 2 instead of commander's 1.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import type { CliContext, CommandDefinition } from "./context.js";
import { ExitCode } from "./exit-codes.js";

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Runs one command line (without `node` and the script) and returns the exit status. */
export async function runCli(
  argv: readonly string[],
  commands: readonly CommandDefinition[],
  io: CliIo = processIo,
): Promise<ExitCode> {
  const context: CliContext = { stdout: io.stdout, stderr: io.stderr, exitCode: ExitCode.ok };
  const program = new Command("gidl")
    .description(
      "Define a multiplayer game backend API once; get typed servers, clients, validators and docs.",
    )
    .version(packageVersion(), "-V, --version", "print gidl's version")
    .helpOption("-h, --help", "print this help")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError("(run 'gidl --help' for usage)")
    // Commander would call process.exit; throwing lets us choose the status and keeps output flushed.
    .exitOverride();
  for (const define of commands) {
    // addCommand does not pass the program's settings down (only .command() does).
    program.addCommand(define(context).copyInheritedSettings(program));
  }

  try {
    await program.parseAsync([...argv], { from: "user" });
    return context.exitCode;
  } catch (error) {
    // --help and --version end with a CommanderError too, with exit code 0.
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`gidl: internal error (please report it): ${detail}\n`);
    return ExitCode.internal;
  }
}

/** The version of the installed gidl: package.json sits above both generator/cli/ and dist/generator/cli/. */
function packageVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === "gidl" && typeof manifest.version === "string") return manifest.version;
    } catch {
      // No package.json here (or not ours): keep walking up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) return "unknown";
    dir = parent;
  }
}
