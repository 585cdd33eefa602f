/**
 * The checker: runs each pass over the loaded files in order. Every pass reports what it finds
 * and carries on, so one compile shows every problem; the model is built only when none is an error.
 */
import type { DiagnosticReporter } from "../diagnostics/diagnostic.js";
import type { LoadedFile } from "../program.js";
import { checkAttributes } from "./attributes/check-attributes.js";
import { createCheckContext, type CheckContext } from "./context.js";
import { checkPackageAndVersion, collectSymbols, checkReservedErrorCodes } from "./declarations.js";
import { checkNaming } from "./naming.js";
import { checkServices } from "./services.js";
import { checkTypes } from "./types.js";

export function check(files: readonly LoadedFile[], report: DiagnosticReporter): CheckContext {
  const context = createCheckContext(files, report);
  checkPackageAndVersion(context);
  collectSymbols(context);
  checkReservedErrorCodes(context);
  checkTypes(context);
  checkAttributes(context);
  checkServices(context);
  checkNaming(context);
  return context;
}
