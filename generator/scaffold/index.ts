/**
 * `gidl scaffold`: adds a stub for every rpc and send that a handlers file's classes (and typed object
 * literals) do not implement yet. Existing text is never reprinted: the stubs and any new imports are
 * spliced in at offsets, so every byte of the file before and after each insertion stays as it was.
 * Pure: text in, text out; the CLI reads and writes the file.
 */
import type { Method, Model, Service } from "../../idl/model.js";
import { userServices } from "../context.js";
import { handlersTypeName, paramsTypeName, resultTypeName } from "../framework/naming.js";
import { findHandlerTargets, type HandlerTarget } from "./find-targets.js";
import { newHandlersFile } from "./new-handlers-file.js";
import { renderStub } from "./render-stub.js";
import { detectStyle, indentationAt, lineStart, type TextStyle } from "./text-style.js";
import { TypeReferences, type GeneratedModules } from "./type-references.js";

export { TypeReferences, type GeneratedModules } from "./type-references.js";

export interface ScaffoldOptions {
  /** The handlers file's absolute path: base classes in files it imports are read from disk. */
  readonly fileName: string;
  /** The file's text; `undefined` (or only whitespace) creates the file. */
  readonly existing: string | undefined;
  /** The schema file named in a new file's comment. */
  readonly schemaFile: string;
  /**
   * The generated directory as a module specifier from the handlers file (`./generated`). When absent,
   * the specifier the file imports its handler types from decides, and `./generated` otherwise.
   */
  readonly generatedDir?: string;
}

export interface ScaffoldResult {
  readonly content: string;
  readonly created: boolean;
  /** Every stub added: the class or variable, and the method's full name. */
  readonly added: readonly { readonly target: string; readonly method: string }[];
  /** Services that nothing in an existing file implements (nothing is added for them). */
  readonly unimplemented: readonly string[];
}

export const defaultGeneratedDir = "./generated";

export function scaffoldHandlers(model: Model, options: ScaffoldOptions): ScaffoldResult {
  const services = userServices(model);
  if (options.existing === undefined || options.existing.trim() === "") {
    const modules = generatedModules(options.generatedDir ?? defaultGeneratedDir);
    return newHandlersFile(services, modules, options.schemaFile);
  }
  const text = options.existing;
  const byType = new Map(services.map((service) => [handlersTypeName(service), service]));
  const facts = findHandlerTargets(options.fileName, text, new Set(byType.keys()));

  const derived = facts.targets.map((target) => target.handlerModule).find((m) => m !== undefined);
  const modules =
    options.generatedDir !== undefined
      ? generatedModules(options.generatedDir)
      : ((derived === undefined ? undefined : siblingModules(derived)) ??
        generatedModules(defaultGeneratedDir));
  const style = detectStyle(text);
  const references = new TypeReferences(modules, facts.imports, facts.declaredNames);

  const insertions: Insertion[] = [];
  const added: { target: string; method: string }[] = [];
  for (const target of facts.targets) {
    const missing = missingMethods(target, byType);
    if (missing.length === 0) continue;
    const stubs = missing.map((method) => (indent: string) => {
      const types = {
        params: references.reference({ module: "types", name: paramsTypeName(method) }),
        result:
          method.kind === "rpc"
            ? references.reference({ module: "types", name: resultTypeName(method) })
            : undefined,
        context: references.reference({ module: "server", name: "Context" }),
      };
      return renderStub(method, types, { style, indent, form: target.kind });
    });
    insertions.push(targetInsertion(text, target, stubs, style));
    for (const method of missing) added.push({ target: target.name, method: method.fullName });
  }

  const importLines = references.importLines(style);
  if (importLines.length > 0) insertions.push(importInsertion(text, facts, importLines, style));

  const implemented = new Set(facts.targets.flatMap((target) => target.handlerTypes));
  return {
    content: splice(text, insertions),
    created: false,
    added,
    unimplemented: services.filter((s) => !implemented.has(handlersTypeName(s))).map((s) => s.name),
  };
}

/** `./generated` → `./generated/server.js` and `./generated/types.js`. */
export function generatedModules(dir: string): GeneratedModules {
  const base = dir.replace(/\/+$/, "");
  return { server: `${base}/server.js`, types: `${base}/types.js` };
}

/** The types module beside the server module the file already imports; undefined for another layout. */
function siblingModules(server: string): GeneratedModules | undefined {
  const match = /^(.*\/)?server(\.[cm]?[jt]s)?$/.exec(server);
  if (match === null) return undefined;
  return { server, types: `${match[1] ?? ""}types${match[2] ?? ""}` };
}

/** The target's services' rpcs and sends it has no member for, each name once. */
function missingMethods(target: HandlerTarget, byType: ReadonlyMap<string, Service>): Method[] {
  const names = new Set(target.members);
  const missing: Method[] = [];
  for (const typeName of target.handlerTypes) {
    for (const method of byType.get(typeName)?.methods ?? []) {
      if (names.has(method.name)) continue;
      names.add(method.name);
      missing.push(method);
    }
  }
  return missing;
}

interface Insertion {
  readonly at: number;
  readonly text: string;
}

type Stub = (indent: string) => string[];

/**
 * Stubs go before the closing brace, after the last member. An object literal whose last member has
 * no trailing comma gets them at the top instead: a comma after its last member would edit a line.
 */
function targetInsertion(
  text: string,
  target: HandlerTarget,
  stubs: readonly Stub[],
  style: TextStyle,
): Insertion {
  const nl = style.newline;
  const spans = target.memberSpans;
  const hasMembers = spans.length > 0;
  const braceIndent = indentationAt(text, target.closeBrace);
  const first = spans[0];
  const memberIndent =
    first !== undefined && onOwnLine(text, first.start)
      ? indentationAt(text, first.start)
      : indentationAt(text, target.openBrace) + style.indentUnit;
  const blankLines = separatedByBlankLines(text, target);
  const body = (separateFirst: boolean) =>
    stubs
      .map(
        (stub, i) =>
          (i > 0 || separateFirst ? (blankLines ? nl : "") : "") + lineBlock(stub(memberIndent), nl),
      )
      .join("");

  if (target.kind === "object" && hasMembers && !target.trailingComma) {
    if (first !== undefined && onOwnLine(text, first.start)) {
      return { at: lineStart(text, first.start), text: body(false) + (blankLines ? nl : "") };
    }
    return { at: target.openBrace + 1, text: nl + body(false) + memberIndent };
  }
  if (onOwnLine(text, target.closeBrace)) {
    return { at: lineStart(text, target.closeBrace), text: body(hasMembers) };
  }
  // `class Combat implements CombatHandlers {}`: the brace shares its line, so the stubs open a new one.
  return { at: target.closeBrace, text: nl + body(hasMembers) + braceIndent };
}

function importInsertion(
  text: string,
  facts: { importInsertAt: number; hasImports: boolean },
  lines: readonly string[],
  style: TextStyle,
): Insertion {
  const nl = style.newline;
  const block = lineBlock(lines, nl);
  if (!facts.hasImports) {
    // Before the first statement (after a leading comment), with a blank line to set imports apart.
    const at = lineStart(text, facts.importInsertAt);
    return { at, text: at === text.length && at > 0 && !text.endsWith("\n") ? nl + block : block + nl };
  }
  const lineEnd = text.indexOf("\n", facts.importInsertAt);
  return lineEnd === -1
    ? { at: text.length, text: nl + block.slice(0, -nl.length) }
    : { at: lineEnd + 1, text: block };
}

/** Applies insertions from the last offset to the first, so earlier offsets stay valid. */
function splice(text: string, insertions: readonly Insertion[]): string {
  let result = text;
  for (const { at, text: inserted } of [...insertions].sort((a, b) => b.at - a.at)) {
    result = result.slice(0, at) + inserted + result.slice(at);
  }
  return result;
}

function lineBlock(lines: readonly string[], nl: string): string {
  return lines.map((line) => line + nl).join("");
}

/** Only whitespace precedes `offset` on its line. */
function onOwnLine(text: string, offset: number): boolean {
  return text.slice(lineStart(text, offset), offset).trim() === "";
}

/** As the existing members are (blank lines between the last two); classes default to blank lines. */
function separatedByBlankLines(text: string, target: HandlerTarget): boolean {
  const [previous, last] = target.memberSpans.slice(-2);
  if (previous === undefined || last === undefined) return target.kind === "class";
  return /\n[ \t]*\r?\n/.test(text.slice(previous.end, last.start));
}
