/**
 * Reads a handlers file with ts-morph, only to learn where things are: the classes and object literals
 * that implement generated handler types, the members they already have, and the file's imports.
 * Nothing here edits the syntax tree: ts-morph would reprint code, and `gidl scaffold` must leave every
 * existing byte alone, so the caller splices text at the offsets found here.
 */
import {
  Node,
  Project,
  SyntaxKind,
  type ClassDeclaration,
  type ClassExpression,
  type ObjectLiteralExpression,
  type SourceFile,
  type TypeNode,
} from "ts-morph";

/** A class or object literal that implements one or more generated `…Handlers` types. */
export interface HandlerTarget {
  readonly kind: "class" | "object";
  /** The class or variable name, for messages. */
  readonly name: string;
  /** The generated handler types it implements (their exported names, e.g. `CombatHandlers`). */
  readonly handlerTypes: readonly string[];
  /** Members it has, own or inherited (a spread in an object literal counts what it spreads). */
  readonly members: ReadonlySet<string>;
  readonly openBrace: number;
  readonly closeBrace: number;
  /** Its own members' spans (JSDoc included), in source order. */
  readonly memberSpans: readonly { readonly start: number; readonly end: number }[];
  /** Objects only: the last member is followed by a comma. */
  readonly trailingComma: boolean;
  /** The module the handler type was imported from, e.g. "./generated/server.js". */
  readonly handlerModule: string | undefined;
}

export interface ImportBinding {
  /** The exported name, or "*" for a namespace import. */
  readonly imported: string;
  readonly local: string;
  readonly module: string;
}

export interface HandlersFileFacts {
  readonly targets: readonly HandlerTarget[];
  readonly imports: readonly ImportBinding[];
  /** Where new import declarations go: after the last import, or before the first statement. */
  readonly importInsertAt: number;
  readonly hasImports: boolean;
  /** Every name declared at the top level (imports included): a new import must not clash with one. */
  readonly declaredNames: ReadonlySet<string>;
}

/**
 * @param fileName the file's absolute path: base classes imported from other files are read from disk
 * @param handlerTypeNames the names of the generated handler types (`CombatHandlers`, …)
 */
export function findHandlerTargets(
  fileName: string,
  text: string,
  handlerTypeNames: ReadonlySet<string>,
): HandlersFileFacts {
  const project = new Project({
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    compilerOptions: { allowJs: true },
  });
  const file = project.createSourceFile(fileName, text, { overwrite: true });
  const imports = importBindings(file);
  const resolve = (expression: string) => resolveTypeName(expression, imports, handlerTypeNames);

  const targets: HandlerTarget[] = [];
  const classes = [
    ...file.getDescendantsOfKind(SyntaxKind.ClassDeclaration),
    ...file.getDescendantsOfKind(SyntaxKind.ClassExpression),
  ].sort((a, b) => a.getStart() - b.getStart());
  for (const declaration of classes) {
    const resolved = declaration
      .getImplements()
      .map((clause) => resolve(clause.getExpression().getText()))
      .filter((type) => type !== undefined);
    if (resolved.length > 0) targets.push(classTarget(declaration, resolved));
  }
  for (const object of file.getDescendantsOfKind(SyntaxKind.ObjectLiteralExpression)) {
    const declared = declaredType(object);
    const resolved = declared === undefined ? undefined : resolve(declared.type.getText());
    if (declared !== undefined && resolved !== undefined) {
      targets.push(objectTarget(object, declared.name, resolved));
    }
  }
  targets.sort((a, b) => a.openBrace - b.openBrace);

  const importDeclarations = file.getImportDeclarations();
  const lastImport = importDeclarations.at(-1);
  const firstStatement = file.getStatements()[0];
  return {
    targets,
    imports,
    importInsertAt:
      lastImport !== undefined
        ? lastImport.getEnd()
        : firstStatement !== undefined
          ? firstStatement.getStart(true)
          : text.length,
    hasImports: lastImport !== undefined,
    declaredNames: topLevelNames(file, imports),
  };
}

interface ResolvedType {
  readonly name: string;
  readonly module: string | undefined;
}

/** `CombatHandlers`, `H` (imported `CombatHandlers as H`) or `gen.CombatHandlers` → `CombatHandlers`. */
function resolveTypeName(
  expression: string,
  imports: readonly ImportBinding[],
  handlerTypeNames: ReadonlySet<string>,
): ResolvedType | undefined {
  const parts = expression.replace(/\s+/g, "").split(".");
  if (parts.length === 1) {
    const local = parts[0] ?? "";
    const binding = imports.find((b) => b.local === local && b.imported !== "*");
    const name = binding?.imported ?? local;
    return handlerTypeNames.has(name) ? { name, module: binding?.module } : undefined;
  }
  const [namespace, name] = parts;
  if (parts.length !== 2 || name === undefined || !handlerTypeNames.has(name)) return undefined;
  const binding = imports.find((b) => b.local === namespace && b.imported === "*");
  return { name, module: binding?.module };
}

function classTarget(declaration: ClassDeclaration | ClassExpression, types: ResolvedType[]): HandlerTarget {
  const members = new Set<string>();
  const seen = new Set<ClassDeclaration | ClassExpression>();
  for (let current: ClassDeclaration | ClassExpression | undefined = declaration; current !== undefined;) {
    if (seen.has(current)) break;
    seen.add(current);
    for (const member of current.getInstanceMembers()) {
      const name = member.getSymbol()?.getName();
      if (name !== undefined) members.add(name);
    }
    current = baseClass(current);
  }
  const open = declaration.getFirstChildByKindOrThrow(SyntaxKind.OpenBraceToken).getStart();
  return {
    kind: "class",
    name: declaration.getName() ?? "(anonymous class)",
    handlerTypes: types.map((type) => type.name),
    members,
    openBrace: open,
    closeBrace: declaration.getEnd() - 1,
    memberSpans: declaration
      .getMembers()
      .map((member) => ({ start: member.getStart(true), end: member.getEnd() })),
    trailingComma: false,
    handlerModule: types.find((type) => type.module !== undefined)?.module,
  };
}

/** The base class, when ts-morph can find it (in this file or one it imports); undefined otherwise. */
function baseClass(declaration: ClassDeclaration | ClassExpression): ClassDeclaration | undefined {
  try {
    return declaration.getBaseClass();
  } catch {
    return undefined;
  }
}

function objectTarget(object: ObjectLiteralExpression, name: string, type: ResolvedType): HandlerTarget {
  const members = new Set<string>();
  const properties = object.getProperties();
  for (const property of properties) {
    if (property.isKind(SyntaxKind.SpreadAssignment)) {
      for (const spread of spreadMembers(property.getExpression())) members.add(spread);
      continue;
    }
    const symbolName = property.getSymbol()?.getName();
    if (symbolName !== undefined) members.add(symbolName);
  }
  const last = properties.at(-1);
  const text = object.getSourceFile().getFullText();
  return {
    kind: "object",
    name,
    handlerTypes: [type.name],
    members,
    openBrace: object.getStart(),
    closeBrace: object.getEnd() - 1,
    memberSpans: properties.map((property) => ({ start: property.getStart(true), end: property.getEnd() })),
    trailingComma:
      last !== undefined &&
      text
        .slice(last.getEnd(), object.getEnd() - 1)
        .trimStart()
        .startsWith(","),
    handlerModule: type.module,
  };
}

/** The properties a spread brings, as far as the type checker can tell (none when it cannot). */
function spreadMembers(expression: Node): string[] {
  try {
    return expression
      .getType()
      .getProperties()
      .map((symbol) => symbol.getName());
  } catch {
    return [];
  }
}

/** `const combat: CombatHandlers = {…}`, `{…} satisfies CombatHandlers`, `{…} as CombatHandlers`. */
function declaredType(object: ObjectLiteralExpression): { name: string; type: TypeNode } | undefined {
  // The object, or the outermost parentheses around it, by where it starts.
  let start = object.getStart();
  let parent = object.getParent();
  while (parent.isKind(SyntaxKind.ParenthesizedExpression)) {
    start = parent.getStart();
    parent = parent.getParent();
  }
  if (parent.isKind(SyntaxKind.SatisfiesExpression) || parent.isKind(SyntaxKind.AsExpression)) {
    const type = parent.getTypeNode();
    const name = parent.getParent().asKind(SyntaxKind.VariableDeclaration)?.getName() ?? "(object)";
    return type === undefined ? undefined : { name, type };
  }
  if (parent.isKind(SyntaxKind.VariableDeclaration) && parent.getInitializer()?.getStart() === start) {
    const type = parent.getTypeNode();
    return type === undefined ? undefined : { name: parent.getName(), type };
  }
  return undefined;
}

function importBindings(file: SourceFile): ImportBinding[] {
  const bindings: ImportBinding[] = [];
  for (const declaration of file.getImportDeclarations()) {
    const module = declaration.getModuleSpecifierValue();
    const namespace = declaration.getNamespaceImport();
    if (namespace !== undefined) bindings.push({ imported: "*", local: namespace.getText(), module });
    const defaultImport = declaration.getDefaultImport();
    if (defaultImport !== undefined) {
      bindings.push({ imported: "default", local: defaultImport.getText(), module });
    }
    for (const named of declaration.getNamedImports()) {
      const imported = named.getName();
      bindings.push({ imported, local: named.getAliasNode()?.getText() ?? imported, module });
    }
  }
  return bindings;
}

function topLevelNames(file: SourceFile, imports: readonly ImportBinding[]): Set<string> {
  const names = new Set(imports.map((binding) => binding.local));
  for (const statement of file.getStatements()) {
    const variables = statement.asKind(SyntaxKind.VariableStatement);
    for (const declaration of variables?.getDeclarations() ?? []) names.add(declaration.getName());
    const declared =
      statement.asKind(SyntaxKind.ClassDeclaration) ??
      statement.asKind(SyntaxKind.FunctionDeclaration) ??
      statement.asKind(SyntaxKind.InterfaceDeclaration) ??
      statement.asKind(SyntaxKind.TypeAliasDeclaration) ??
      statement.asKind(SyntaxKind.EnumDeclaration) ??
      statement.asKind(SyntaxKind.ModuleDeclaration);
    const name = declared?.getName();
    if (name !== undefined) names.add(name);
  }
  return names;
}
