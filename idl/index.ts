// The compiler's public API: compile a schema into a model plus diagnostics.
export { compile, compileSource, type CompileOptions, type CompileResult } from "./compile.js";
export { renderDiagnostic, renderDiagnostics } from "./diagnostics/render.js";
export { compareDiagnostics, hasErrors, type Diagnostic } from "./diagnostics/diagnostic.js";
export { diagnosticMessages, type DiagnosticId, type Severity } from "./diagnostics/messages.js";
export type { SourceFile } from "./syntax/source-file.js";
export * from "./model.js";
export * from "./generated-names.js";
