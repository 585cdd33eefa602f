/**
 * How a stub names the generated types it needs: through an import the file already has (under
 * whatever local name), a namespace import (`gen.Context`), or a new `import type` that the
 * scaffolder adds — aliased when the plain name is already taken in the file.
 */
import type { ImportBinding } from "./find-targets.js";
import type { TextStyle } from "./text-style.js";

/** The generated modules, as module specifiers seen from the handlers file. */
export interface GeneratedModules {
  readonly server: string;
  readonly types: string;
}

/** A type exported by one of the generated modules. */
export interface GeneratedType {
  readonly module: keyof GeneratedModules;
  readonly name: string;
}

export class TypeReferences {
  private readonly added = new Map<string, { module: keyof GeneratedModules; imported: string }>();
  private readonly taken: Set<string>;

  constructor(
    private readonly modules: GeneratedModules,
    private readonly imports: readonly ImportBinding[],
    declaredNames: ReadonlySet<string>,
  ) {
    this.taken = new Set(declaredNames);
  }

  /** The text that refers to `type` in the handlers file, importing it if needed. */
  reference(type: GeneratedType): string {
    const specifier = this.modules[type.module];
    // A generic name (Context) counts only from the generated module itself; the long generated
    // names (CombatAttackParams) are the generated ones wherever the file imports them from.
    const existing = this.imports.find(
      (binding) =>
        binding.imported === type.name && (type.module === "types" || binding.module === specifier),
    );
    if (existing !== undefined) return existing.local;
    const namespace = this.imports.find(
      (binding) => binding.imported === "*" && binding.module === specifier,
    );
    if (namespace !== undefined) return `${namespace.local}.${type.name}`;

    for (const [local, entry] of this.added) {
      if (entry.module === type.module && entry.imported === type.name) return local;
    }
    let local = type.name;
    for (let n = 2; this.taken.has(local); n++) local = n === 2 ? `Gidl${type.name}` : `Gidl${type.name}${n}`;
    this.taken.add(local);
    this.added.set(local, { module: type.module, imported: type.name });
    return local;
  }

  /** The `import type` declarations for the names `reference` added: server first, then types. */
  importLines(style: TextStyle): string[] {
    const lines: string[] = [];
    for (const module of ["server", "types"] as const) {
      const specifiers = [...this.added]
        .filter(([, entry]) => entry.module === module)
        .map(([local, entry]) => (local === entry.imported ? local : `${entry.imported} as ${local}`))
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (specifiers.length === 0) continue;
      lines.push(...importDeclaration(specifiers, this.modules[module], style));
    }
    return lines;
  }
}

const maxLineWidth = 100;

function importDeclaration(specifiers: readonly string[], module: string, style: TextStyle): string[] {
  const from = ` from ${style.quote}${module}${style.quote}${style.semicolons ? ";" : ""}`;
  const oneLine = `import type { ${specifiers.join(", ")} }${from}`;
  if (oneLine.length <= maxLineWidth) return [oneLine];
  return ["import type {", ...specifiers.map((specifier) => `${style.indentUnit}${specifier},`), `}${from}`];
}
