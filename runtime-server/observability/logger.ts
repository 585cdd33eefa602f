/** The default logger: JSON lines on stdout at `warn` (errors and refused calls), quiet otherwise. */
import { pino, type Logger } from "pino";

export function defaultLogger(): Logger {
  return pino({ level: "warn", base: null });
}
