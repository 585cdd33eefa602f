/** The exit statuses of every `gidl` command (docs/cli.md "Exit status"); a status never changes meaning. */
export const ExitCode = {
  ok: 0,
  /** Schema errors (a missing or unreadable import included), breaking changes for `diff`, a bad frame for `decode`. */
  schemaErrors: 1,
  /** A bad command line, or an entry file that cannot be read. */
  usage: 2,
  /** A bug in gidl: an exception escaped a command (EX_SOFTWARE of sysexits.h). */
  internal: 70,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
