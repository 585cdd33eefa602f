#!/usr/bin/env node
// The `gidl` executable (package.json "bin"). Each command lives in its own file under commands/.
import { checkCommand } from "./commands/check.js";
import { decodeCommand } from "./commands/decode.js";
import { diffCommand } from "./commands/diff.js";
import { docsCommand } from "./commands/docs.js";
import { generateCommand } from "./commands/generate.js";
import { initCommand } from "./commands/init.js";
import { scaffoldCommand } from "./commands/scaffold.js";
import { watchCommand } from "./commands/watch.js";
import type { CommandDefinition } from "./context.js";
import { runCli } from "./program.js";

/** Every subcommand, in the order `gidl --help` lists them: add one line per new command. */
const commands: readonly CommandDefinition[] = [
  generateCommand, // gidl generate <schema> -o <dir> [--lang ts|js] [--templates <dir>]
  checkCommand, // gidl check <schema> [--format text|json]
  docsCommand, // gidl docs <schema> [-o file.md]
  diffCommand, // gidl diff <old> <new>
  decodeCommand, // gidl decode --schema <schema> <hex|file>
  initCommand, // gidl init [dir] [--force] [--gidl-spec <spec>]
  scaffoldCommand, // gidl scaffold <schema> --handlers <file.ts> [--generated <dir>]
  watchCommand, // gidl watch <schema> -o <dir> [--lang ts|js] [--templates <dir>]
];

// exitCode rather than process.exit(), so that buffered stdout/stderr is flushed first.
process.exitCode = await runCli(process.argv.slice(2), commands);
