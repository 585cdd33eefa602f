// npm run demo: compiles the arena example with the built compiler (dist/) and summarises the API.
// A later issue makes the demo start the game server and play a match against it.
import * as path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { compile, hasErrors, renderDiagnostics } from "../dist/idl/index.js";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const schema = path.relative(process.cwd(), path.join(root, "examples/arena/arena.gidl"));

const result = compile(schema);
if (result.diagnostics.length > 0) {
  process.stderr.write(`${renderDiagnostics(result.diagnostics, result.sources)}\n\n`);
}
if (hasErrors(result.diagnostics) || result.model === undefined) {
  process.stderr.write(`demo: ${schema} did not compile\n`);
  process.exit(1);
}
const model = result.model;

const names = (items) => (items.length === 0 ? "" : ` (${items.join(", ")})`);
const count = (n, noun) => `${n} ${noun}${n === 1 ? "" : "s"}`;

const lines = [
  `Compiled ${schema} and ${count(result.sources.size - 1, "imported file")}.`,
  `package ${model.package}, version ${model.version ?? "none"}`,
  `schema hash ${model.hash}`,
  `${count(model.types.filter((t) => !t.builtin).length, "type")} declared`,
];
if (model.session === null) {
  lines.push("session: none");
} else {
  const { name, settings, maxPlayers, joinInProgress } = model.session;
  lines.push(
    `session ${name}: settings ${settings}, ${maxPlayers === null ? "no player limit" : `at most ${maxPlayers} players`}, ` +
      `${joinInProgress ? "players may join a running match" : "no joining once running"}`,
  );
}
lines.push(
  `errors: ${model.errors.map((e) => (e.retryable ? `${e.code} (retryable)` : e.code)).join(", ") || "none"}`,
  "services:",
);
for (const service of model.services) {
  const rpcs = service.methods.filter((m) => m.kind === "rpc").map((m) => m.name);
  const sends = service.methods.filter((m) => m.kind === "send").map((m) => m.name);
  const events = service.events.map((e) => `${e.name} → ${e.recipients}${e.reliable ? "" : " [unreliable]"}`);
  lines.push(
    `  ${service.name}${service.builtin ? " (built in)" : ""}:`,
    `    ${count(rpcs.length, "rpc")}${names(rpcs)}`,
    `    ${count(sends.length, "send")}${names(sends)}`,
    `    ${count(events.length, "event")}${names(events)}`,
  );
}
process.stdout.write(`${lines.join("\n")}\n`);
