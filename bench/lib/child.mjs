// The orchestrator's side of a bench process: fork it, wait for its `ready`, send it commands over
// the IPC channel and get their replies. Every child dies with the orchestrator (IPC disconnect).
import { fork } from "node:child_process";

const READY_TIMEOUT_MS = 60_000;
const REQUEST_TIMEOUT_MS = 120_000;

/**
 * Starts `file` with `args`; resolves with a handle once the child has sent `{ ready: true, ... }`
 * (the rest of that message is `handle.info`).
 */
export function startChild(file, args = [], { execArgv = [] } = {}) {
  const child = fork(file, args.map(String), {
    execArgv,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting = new Map();
  let nextId = 1;
  let exited = false;
  const exit = new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      exited = true;
      for (const { reject } of waiting.values()) reject(new Error(`${file} exited (${code ?? signal})`));
      waiting.clear();
      resolve(code);
    });
  });
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not get ready`)), READY_TIMEOUT_MS);
    child.on("message", (message) => {
      if (message.ready === true) {
        clearTimeout(timer);
        resolve(message);
        return;
      }
      const pending = waiting.get(message.replyTo);
      if (pending === undefined) return;
      waiting.delete(message.replyTo);
      clearTimeout(pending.timer);
      if (message.error !== undefined) pending.reject(new Error(`${file}: ${message.error}`));
      else pending.resolve(message.result);
    });
    exit.then(() => reject(new Error(`${file} exited before it was ready`)));
  });

  const handle = {
    info: undefined,
    /** Sends a command; resolves with the child's result. */
    request(cmd, payload = {}) {
      if (exited) return Promise.reject(new Error(`${file} has exited`));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`${file}: "${cmd}" timed out`));
        }, REQUEST_TIMEOUT_MS);
        waiting.set(id, { resolve, reject, timer });
        child.send({ id, cmd, ...payload });
      });
    },
    /** Asks the child to stop; kills it if it has not exited within 5 s. */
    async stop() {
      if (exited) return;
      child.send({ id: 0, cmd: "exit" });
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exit;
      clearTimeout(timer);
    },
  };
  return ready.then((info) => {
    handle.info = info;
    return handle;
  });
}

/**
 * The child's side: answers the orchestrator's commands with `handlers[cmd](message)` and exits
 * on `exit` or when the orchestrator goes away.
 */
export function serveCommands(handlers, onExit = () => {}) {
  const quit = async () => {
    try {
      await onExit();
    } finally {
      process.exit(0);
    }
  };
  process.on("disconnect", quit);
  process.on("message", async (message) => {
    if (message.cmd === "exit") {
      await quit();
      return;
    }
    const handler = handlers[message.cmd];
    try {
      if (handler === undefined) throw new Error(`unknown command "${message.cmd}"`);
      const result = await handler(message);
      process.send({ replyTo: message.id, result: result ?? null });
    } catch (error) {
      process.send({ replyTo: message.id, error: String(error?.stack ?? error) });
    }
  });
}

/** Tells the orchestrator this child is ready. */
export function ready(info = {}) {
  process.send({ ready: true, ...info });
}
