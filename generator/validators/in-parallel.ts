/**
 * Generates `validators.ts` on a worker thread while the caller goes on with the other targets and
 * the self-check, which does not need it (index.ts checks against `validatorsDeclaration`). ajv's
 * standalone compile and the TypeScript check are the two long parts of `gidl generate` on a large
 * schema, and neither needs the other: on two cores they take the time of the longer one.
 *
 * `generate` stays synchronous: the caller blocks on a shared flag (Atomics.wait) until the thread
 * has posted its answer, then takes it off the port (receiveMessageOnPort), the way synckit does.
 * The thread raises the flag whatever happens (validators-thread.ts), so the wait ends.
 *
 * From source (gidl's own tests, where this file is .ts), Node.js cannot start the thread's
 * TypeScript file, so the module is generated right away, on the caller's thread.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { Model } from "../../idl/model.js";
import { generateValidators, type ValidatorsOptions } from "./generate.js";
import type { ValidatorsThreadAnswer, ValidatorsThreadData } from "./validators-thread.js";

export interface PendingValidators {
  /** The text of `validators.ts`; blocks until it is ready. @throws what generating it threw */
  result(): string;
  /** Stops the work when the result is no longer wanted (the self-check failed). */
  cancel(): void;
}

const threadFile = new URL("./validators-thread.js", import.meta.url);
const fromSource = import.meta.url.endsWith(".ts");
/** Far beyond any schema's ajv compile (seconds for thousands of types). */
const DEADLINE_MS = 10 * 60 * 1000;

/** Starts generating `validators.ts` for `model`. */
export function startValidators(model: Model, options: ValidatorsOptions = {}): PendingValidators {
  if (fromSource) {
    const code = generateValidators(model, options);
    return { result: () => code, cancel: () => undefined };
  }

  const done = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const { port1, port2 } = new MessageChannel();
  const data: ValidatorsThreadData = { model, options, port: port2, done };
  const worker = new Worker(threadFile, {
    workerData: data,
    transferList: [port2],
    // ajv allocates heavily and keeps much of it to the end: a young generation larger than
    // Node.js's default means fewer, cheaper scavenges (a tenth off the thread's time).
    resourceLimits: { maxYoungGenerationSizeMb: 64 },
  });
  // The caller never yields to the event loop while it waits, so nothing here may need it.
  worker.unref();

  let answer: ValidatorsThreadAnswer | undefined;
  return {
    result() {
      if (answer === undefined) {
        // The deadline only guards against a thread that died without a word (out of memory).
        const waited = Atomics.wait(done, 0, 0, DEADLINE_MS);
        const received: { message: ValidatorsThreadAnswer } | undefined = receiveMessageOnPort(port1);
        port1.close();
        void worker.terminate();
        if (received === undefined)
          throw new Error(`gidl internal error: the validators thread gave no answer (${waited})`);
        answer = received.message;
      }
      if ("code" in answer) return answer.code;
      const error = new Error(answer.error.message);
      error.name = answer.error.name;
      if (answer.error.stack !== undefined) error.stack = answer.error.stack;
      throw error;
    },
    cancel() {
      port1.close();
      void worker.terminate();
    },
  };
}
