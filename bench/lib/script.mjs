// Runs another bench script (validators.mjs, compile.mjs, generate.mjs) as its own process and
// returns its stdout; the summary parses the parts it reports.
import { spawn } from "node:child_process";

export function runScript(file, { timeoutMs = 180_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else {
        // The script's own last words say why (e.g. "bench: generate fails on this schema …").
        const why = err.trim().split("\n").slice(-3).join(" ") || `exit ${code ?? signal}`;
        reject(new Error(why));
      }
    });
  });
}

/** The body rows of the first markdown table in `text`, as arrays of trimmed cells. */
export function markdownRows(text) {
  const rows = text
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) =>
      line
        .slice(1, -1)
        .split("|")
        .map((cell) => cell.trim()),
    );
  return rows.slice(2);
}

/** "15,101,084" → 15101084; "1.09×" → 1.09. */
export function number(cell) {
  return Number(cell.replace(/[,×]/g, ""));
}
