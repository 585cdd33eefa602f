/**
 * The project's own import graph, read from the sources: every relative `import`/`export … from`
 * of every .ts file under the given folders, resolved to a file path (docs/architecture.md).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");

export interface SourceFile {
  /** Path from the repository's root, with forward slashes. */
  readonly path: string;
  readonly lines: number;
  /** Every module specifier the file names, as written. */
  readonly specifiers: readonly string[];
  /** The relative ones, resolved to paths from the root (.js → .ts). */
  readonly imports: readonly string[];
}

const SPECIFIER = /(?:^|\n)\s*(?:import|export)\b[^;'"]*?(?:from\s*)?["']([^"']+)["']/g;
const DYNAMIC = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...listTs(path));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

export function readSources(dirs: readonly string[]): Map<string, SourceFile> {
  const files = new Map<string, SourceFile>();
  for (const path of dirs.flatMap(listTs)) {
    const text = readFileSync(join(ROOT, path), "utf8");
    const specifiers = [...text.matchAll(SPECIFIER), ...text.matchAll(DYNAMIC)].map((m) => m[1] ?? "");
    const imports = specifiers
      .filter((s) => s.startsWith("."))
      .map((s) =>
        relative(ROOT, resolve(ROOT, dirname(path), s))
          .replace(/\.js$/, ".ts")
          .replaceAll("\\", "/"),
      );
    files.set(path, {
      path,
      lines: text.split("\n").length - (text.endsWith("\n") ? 1 : 0),
      specifiers,
      imports,
    });
  }
  return files;
}

/** The strongly connected components of more than one file (Tarjan), each sorted: the import cycles. */
export function importCycles(files: ReadonlyMap<string, SourceFile>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    indices.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of files.get(node)?.imports ?? []) {
      if (!files.has(next)) continue;
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, indices.get(next) ?? 0));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfImport = files.get(node)?.imports.includes(node) === true;
      if (component.length > 1 || selfImport) cycles.push(component.sort());
    }
  };
  for (const node of files.keys()) if (!indices.has(node)) visit(node);
  return cycles;
}
