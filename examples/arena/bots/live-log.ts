/** The demo's live log: one line per thing worth seeing, with the time since the start. */
export type Log = (who: string, text: string) => void;

export function createLog(write: (line: string) => void, start = Date.now()): Log {
  return (who, text) => {
    const seconds = ((Date.now() - start) / 1000).toFixed(1).padStart(5);
    write(`[${seconds}s] ${who.padEnd(8)} ${text}\n`);
  };
}
