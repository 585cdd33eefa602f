/**
 * docs/client.md "Connection states and reconnecting": each attempt lasts at most `connectTimeoutMs`,
 * then the client waits its backoff delay. One suite, two transports: `ws` in this process, and the
 * runtime's global WebSocket (undici in Node.js) in a child Node.js, where a refused connection
 * fires `error` and no `close`, and a socket accepted then destroyed may fire nothing at all.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { backoffDelay } from "../../runtime-client/options.js";
import { bundleChild } from "../setup/bundle-child.js";
import { HOSTILE_KINDS, type HostileKind } from "./hostile-servers.js";
import {
  OPEN_WITHIN_MS,
  runScenario,
  SCHEDULE,
  type ScenarioResult,
  type Transport,
} from "./reconnect-scenario.js";

/** A refused connection on loopback fails well within this, even on a loaded machine. */
const AT_ONCE_MS = 100;
const T = SCHEDULE.connectTimeoutMs;

/** How long one attempt against each server may last, at least and at most. */
const ATTEMPT_MS: Readonly<Record<HostileKind, readonly [number, number]>> = {
  refuses: [0, AT_ONCE_MS],
  // `ws` reports the destroyed socket at once; undici reports an error, or nothing until the deadline.
  destroys: [0, T],
  silent: [T, T],
  "never-welcomes": [T, T],
};

const delayAfter = (failures: number): number =>
  backoffDelay(failures, SCHEDULE.reconnect, () => SCHEDULE.jitter);
/** The longest delay of the schedule: the ceiling at `maxMs`. */
const longestDelay = delayAfter(64);

/** Attempts that start within `windowMs` of the first when each lasts `attemptMs` and is followed by `delay(i)`. */
function attemptsWithin(windowMs: number, attemptMs: number, delay: (failures: number) => number): number {
  let count = 0;
  for (let t = 0; t < windowMs; t += attemptMs + delay(count - 1)) count++;
  return count;
}

/**
 * The documented schedule's bounds, ±1: at most as many attempts as the shortest attempts and
 * delays fit (delays from the first of the schedule), at least as many as the longest fit (the
 * delays' cap; how many attempts came before the hostile server took the port is not known).
 */
function scheduleBounds(kind: HostileKind, windowMs: number): readonly [number, number] {
  const [shortest, longest] = ATTEMPT_MS[kind];
  return [
    attemptsWithin(windowMs, longest, () => longestDelay) - 1,
    attemptsWithin(windowMs, shortest, delayAfter) + 1,
  ];
}

/** Runs the scenario in a child Node.js whose global WebSocket is switched on (Node.js 20) or built in. */
async function runInChild(kind: HostileKind): Promise<ScenarioResult> {
  const file = await bundleChild("test/runtime-client/reconnect-scenario-child.ts");
  const flags = process.allowedNodeEnvironmentFlags.has("--experimental-websocket")
    ? ["--experimental-websocket", "--no-warnings"]
    : [];
  const child = spawn(process.execPath, [...flags, file, kind], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), 25_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`the scenario's child exited with ${String(code)}:\n${stderr}`);
  return JSON.parse(stdout) as ScenarioResult;
}

const TRANSPORTS: readonly (readonly [string, Transport])[] = [
  ["ws", "ws"],
  ["the global WebSocket", "global"],
];

describe.each(TRANSPORTS)("reconnecting over %s", (_name, transport) => {
  it.each(Object.entries(HOSTILE_KINDS).map(([kind, description]) => [description, kind as HostileKind]))(
    "keeps to the documented schedule while the server %s, then opens once a real one listens",
    async (_description, kind) => {
      const result = transport === "ws" ? await runScenario(kind, "ws") : await runInChild(kind);
      expect(result.usedWs).toBe(transport === "ws");

      const [fewest, most] = scheduleBounds(kind, result.hostileWindowMs);
      expect(result.hostileAttempts).toBeGreaterThanOrEqual(fewest);
      expect(result.hostileAttempts).toBeLessThanOrEqual(most);

      expect(result.states).toEqual(["connecting", "open", "reconnecting", "open", "closed"]);
      expect(result.openAfterMs, `not open within ${OPEN_WITHIN_MS} ms`).not.toBeNull();
      // Within one backoff step: the attempt in flight may still fail, the next one opens.
      expect(result.attemptsAfterListen).toBeLessThanOrEqual(1);

      // The calls held while offline ran once each on the server that came back.
      const runs = result.answers.map((answer) => Number((answer as { n?: unknown }).n));
      expect(runs.sort((a, b) => a - b)).toEqual([1, 2, 3]);
      expect(result.serverRuns).toBe(SCHEDULE.calls);
    },
  );
});
