/**
 * A generated TypeScript file under construction, in the style of protoplugin's `GeneratedFile`:
 * targets print the body and declare what they import; the file assembles the header, one
 * de-duplicated import per module (type-only names marked, or `import type` when all are types)
 * and the body, and normalises blank lines so that templates need not be careful with them.
 */
import { codeHeader, type HeaderContext } from "./header.js";
import { printWidth } from "./layout.js";

export interface OutputFile {
  /** Relative to the output directory, with `/` separators. */
  readonly path: string;
  readonly content: string;
}

export interface GeneratedFile {
  readonly path: string;
  /**
   * Imports `name` for use as a value (and type); returns the name to write: `localName` when given,
   * for a name the file declares itself.
   */
  importValue(name: string, from: string, localName?: string): string;
  /** Imports `name` for use in type positions only; returns the name to write. */
  importType(name: string, from: string): string;
  /** Appends text: each argument is one or more whole lines. */
  print(...lines: string[]): void;
  toOutputFile(): OutputFile;
}

export function createGeneratedFile(path: string, header: HeaderContext): GeneratedFile {
  /** module → specifier (`name` or `name as local`) → true when it is needed as a value. */
  const imports = new Map<string, Map<string, boolean>>();
  const body: string[] = [];

  function addImport(name: string, from: string, asValue: boolean, localName = name): string {
    let names = imports.get(from);
    if (names === undefined) {
      names = new Map();
      imports.set(from, names);
    }
    const specifier = localName === name ? name : `${name} as ${localName}`;
    names.set(specifier, (names.get(specifier) ?? false) || asValue);
    return localName;
  }

  return {
    path,
    importValue: (name, from, localName) => addImport(name, from, true, localName),
    importType: (name, from) => addImport(name, from, false),
    print(...lines) {
      body.push(...lines);
    },
    toOutputFile() {
      const importLines = [...imports.keys()].sort(compareModules).map((from) => {
        const names = imports.get(from) ?? new Map<string, boolean>();
        return importStatement(from, names);
      });
      const parts = [codeHeader(header), importLines.join("\n"), body.join("\n")];
      return { path, content: normalizeBlankLines(parts.filter((part) => part !== "").join("\n\n")) };
    },
  };
}

function importStatement(from: string, names: ReadonlyMap<string, boolean>): string {
  const sorted = [...names.keys()].sort(compareNames);
  const typeOnly = sorted.every((name) => names.get(name) !== true);
  const specifiers = sorted.map((name) => (typeOnly || names.get(name) === true ? name : `type ${name}`));
  const keyword = typeOnly ? "import type" : "import";
  const oneLine = `${keyword} { ${specifiers.join(", ")} } from ${JSON.stringify(from)};`;
  if (oneLine.length <= printWidth) return oneLine;
  return `${keyword} {\n${specifiers.map((s) => `  ${s},\n`).join("")}} from ${JSON.stringify(from)};`;
}

/** Packages first, then the generated files beside this one. */
function compareModules(a: string, b: string): number {
  const relativeA = a.startsWith(".");
  const relativeB = b.startsWith(".");
  if (relativeA !== relativeB) return relativeA ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareNames(a: string, b: string): number {
  const lowerA = a.toLowerCase();
  const lowerB = b.toLowerCase();
  if (lowerA !== lowerB) return lowerA < lowerB ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * No trailing spaces, at most one blank line in a row, none right after an opening brace or
 * before a closing one, and exactly one newline at the end.
 */
export function normalizeBlankLines(text: string): string {
  return `${text
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/([{[(]\n)\n+/g, "$1")
    .replace(/\n\n+(\s*[}\])])/g, "\n$1")
    .trim()}\n`;
}
