/**
 * What a command gets from the CLI: where to write and how to report its exit status.
 * Commands never call `process.exit` or touch `process.stdout` themselves, so that `runCli`
 * decides how the process ends (and flushes its output) in one place.
 */
import type { Command } from "commander";
import type { ExitCode } from "./exit-codes.js";

export interface CliContext {
  /** Results: what a script pipes on (e.g. `check --format json`). */
  readonly stdout: (text: string) => void;
  /** Diagnostics, progress and usage errors. */
  readonly stderr: (text: string) => void;
  /** Set by a command's action; `runCli` returns it. Starts as `ExitCode.ok`. */
  exitCode: ExitCode;
}

/**
 * One `gidl` subcommand. Each module under `commands/` exports one, and `main.ts` lists them.
 * The returned command only declares its arguments, options and action; `runCli` adds the
 * shared behaviour (usage errors exit 2, output through the context).
 */
export type CommandDefinition = (context: CliContext) => Command;
