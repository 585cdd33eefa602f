/**
 * Runs the TypeScript compiler over generated files held in memory: to refuse output that does not
 * compile (the self-check) and to turn it into JavaScript plus declarations (`--lang js`). The
 * files are checked as if they sat in gidl's package root, with gidl/server and gidl/client mapped
 * to gidl's own declarations. Everything else (the libraries, @types/node, @types/ws) resolves
 * from that package root too, never from the current directory: the result must not depend on
 * where `gidl` runs. Installed, the root is `node_modules/gidl`, whose dependencies include those
 * @types (gidl/server's declarations refer to node:http and ws, so its users need them as well).
 */
import * as path from "node:path";
import ts from "typescript";
import type { OutputFile } from "../framework/generated-file.js";
import { findRuntimeDeclarations, type RuntimeDeclarations } from "./runtime-declarations.js";

export interface InMemoryCompileResult {
  /** Errors in the generated files, formatted as `types.ts(3,5): error TS2322: …`. */
  readonly errors: readonly string[];
  /** `.js` and `.d.ts` files, when asked to emit and there were no errors. */
  readonly outputs: readonly OutputFile[];
}

/** Parsed library and runtime files, kept across runs: parsing them is most of the cost of a check. */
const sourceFileCache = new Map<string, ts.SourceFile>();

export interface InMemoryCompileOptions {
  readonly emit: boolean;
  /** @default gidl's own (`findRuntimeDeclarations`) */
  readonly runtime?: RuntimeDeclarations;
}

export function compileInMemory(
  files: readonly OutputFile[],
  options: InMemoryCompileOptions,
): InMemoryCompileResult {
  const runtime = options.runtime ?? findRuntimeDeclarations();
  const virtualDir = path.join(runtime.packageRoot, "__gidl_generated__");
  const virtualFiles = new Map(files.map((file) => [path.join(virtualDir, file.path), file.content]));

  const compilerOptions: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    // What gidl's runtimes and a `gidl init` project compile with: ES2022 and Node.js, no DOM (the
    // DOM's declarations alone are a tenth of a check).
    lib: ["lib.es2022.d.ts"],
    types: ["node"],
    strict: true,
    noUncheckedIndexedAccess: true,
    noImplicitOverride: true,
    noImplicitReturns: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    skipLibCheck: true,
    declaration: true,
    noEmit: !options.emit,
    paths: Object.fromEntries(Object.entries(runtime.modules).map(([name, file]) => [name, [file]])),
  };

  const host = ts.createCompilerHost(compilerOptions);
  // The default type roots (node_modules/@types) and relative names resolve from here.
  host.getCurrentDirectory = () => runtime.packageRoot;
  const outputs: OutputFile[] = [];
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = virtualFiles.get(fileName);
    if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
    const cached = sourceFileCache.get(fileName);
    if (cached !== undefined) return cached;
    const sourceFile = getSourceFile(fileName, languageVersion, onError, shouldCreate);
    if (sourceFile !== undefined) sourceFileCache.set(fileName, sourceFile);
    return sourceFile;
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => virtualFiles.has(fileName) || fileExists(fileName);
  const directoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (name) => name === virtualDir || (directoryExists?.(name) ?? true);
  const readFile = host.readFile.bind(host);
  host.readFile = (fileName) => virtualFiles.get(fileName) ?? readFile(fileName);
  host.writeFile = (fileName, text) => {
    outputs.push({ path: path.relative(virtualDir, fileName).split(path.sep).join("/"), content: text });
  };

  const program = ts.createProgram({ rootNames: [...virtualFiles.keys()], options: compilerOptions, host });
  const errors = program
    .getSourceFiles()
    .filter((sourceFile) => virtualFiles.has(sourceFile.fileName))
    .flatMap((sourceFile) => ts.getPreEmitDiagnostics(program, sourceFile))
    .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error)
    .map((diagnostic) => formatDiagnostic(diagnostic, virtualDir));
  if (errors.length > 0 || !options.emit) return { errors, outputs: [] };

  for (const sourceFile of program.getSourceFiles()) {
    if (virtualFiles.has(sourceFile.fileName)) program.emit(sourceFile);
  }
  return { errors, outputs };
}

function formatDiagnostic(diagnostic: ts.Diagnostic, virtualDir: string): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
  if (diagnostic.file === undefined || diagnostic.start === undefined)
    return `error TS${diagnostic.code}: ${message}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  const file = path.relative(virtualDir, diagnostic.file.fileName);
  return `${file}(${line + 1},${character + 1}): error TS${diagnostic.code}: ${message}`;
}
