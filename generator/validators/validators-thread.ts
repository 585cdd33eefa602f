/**
 * The worker thread of in-parallel.ts: generates `validators.ts`, posts it (or the error) on the
 * port it was given, and raises the shared flag that the waiting thread blocks on. Whatever
 * happens, the flag goes up, so that the caller never waits for an answer that will not come.
 */
import { type MessagePort, workerData } from "node:worker_threads";
import type { Model } from "../../idl/model.js";
import type { ValidatorsOptions } from "./generate.js";

/** What in-parallel.ts hands the thread. */
export interface ValidatorsThreadData {
  readonly model: Model;
  readonly options: ValidatorsOptions;
  readonly port: MessagePort;
  /** One Int32 on a SharedArrayBuffer: 0 while working, 1 once the answer is on the port. */
  readonly done: Int32Array;
}

/** What the thread posts: the module's text, or why there is none. */
export type ValidatorsThreadAnswer =
  | { readonly code: string }
  | { readonly error: { readonly name: string; readonly message: string; readonly stack?: string } };

const { model, options, port, done } = workerData as ValidatorsThreadData;
let answer: ValidatorsThreadAnswer;
try {
  // Imported here rather than at the top, so that a failure to load is an answer too.
  const { generateValidators } = await import("./generate.js");
  answer = { code: generateValidators(model, options) };
} catch (error) {
  const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
  answer = { error: { name, message, ...(stack === undefined ? {} : { stack }) } };
}
port.postMessage(answer);
port.close();
Atomics.store(done, 0, 1);
Atomics.notify(done, 0);
