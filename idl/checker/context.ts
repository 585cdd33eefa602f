/**
 * The state the checker's passes share: the symbol tables, what each pass found out about
 * the syntax tree (resolved types, parsed attributes), and the diagnostic sink.
 * The model builder reads the same state once every pass has run without error.
 */
import type {
  AliasDeclarationNode,
  Decorated,
  EnumDeclarationNode,
  ErrorDeclarationNode,
  ServiceDeclarationNode,
  SessionDeclarationNode,
  StructDeclarationNode,
  TextRange,
  TypeNode,
  UnionDeclarationNode,
} from "../syntax/ast.js";
import { lineAndColumnOf, type SourceFile } from "../syntax/source-file.js";
import { createDiagnostic, type DiagnosticReporter } from "../diagnostics/diagnostic.js";
import type { DiagnosticArgs, DiagnosticId } from "../diagnostics/messages.js";
import type { Constraints, TypeDeclaration, TypeRef } from "../model.js";
import type { LoadedFile } from "../program.js";

export type UserTypeNode =
  AliasDeclarationNode | EnumDeclarationNode | StructDeclarationNode | UnionDeclarationNode;

export type TypeSymbol =
  | { readonly kind: "user"; readonly node: UserTypeNode; readonly file: SourceFile }
  | { readonly kind: "builtin"; readonly declaration: TypeDeclaration };

export interface Declared<N> {
  readonly node: N;
  readonly file: SourceFile;
}

/** What the attributes of one syntax element say, once checked. Absent keys: not given. */
export interface AttributeSet {
  deprecated?: string;
  constraints: { -readonly [K in keyof Constraints]: Constraints[K] };
  public?: true;
  session?: "member" | "running";
  host?: true;
  roles: string[];
  rate?: { readonly perSecond: number; readonly burst: number };
  timeoutMs?: number;
  queue?: { readonly name: string; readonly concurrency: number; readonly depth: number };
  unreliable?: true;
  retryable?: true;
  maxPlayers?: number;
  joinInProgress?: true;
}

export interface CheckContext {
  readonly files: readonly LoadedFile[];
  /** Types by name: user declarations, then the built-ins. */
  readonly types: Map<string, TypeSymbol>;
  readonly errors: Map<string, Declared<ErrorDeclarationNode>>;
  readonly services: Map<string, Declared<ServiceDeclarationNode>>;
  /** The first session declaration; later ones are reported. */
  session: Declared<SessionDeclarationNode> | undefined;
  /** Every type expression that resolved; a missing entry means it was reported. */
  readonly resolved: Map<TypeNode, TypeRef>;
  /** The checked attributes of every decorated element the checker visited. */
  readonly attributes: Map<Decorated, AttributeSet>;
  report<Id extends DiagnosticId>(
    file: SourceFile,
    range: TextRange,
    id: Id,
    args: DiagnosticArgs<Id>,
    hint?: string,
  ): void;
}

export function createCheckContext(files: readonly LoadedFile[], sink: DiagnosticReporter): CheckContext {
  return {
    files,
    types: new Map(),
    errors: new Map(),
    services: new Map(),
    session: undefined,
    resolved: new Map(),
    attributes: new Map(),
    report(file, range, id, args, hint) {
      sink(createDiagnostic(file, range, id, args, hint));
    },
  };
}

/** "declared at arena.gidl:12:3", for hints that point at another place. */
export function locationOf(file: SourceFile, range: TextRange): string {
  const { line, col } = lineAndColumnOf(file, range.pos);
  return `${file.path}:${line}:${col}`;
}

export function emptyAttributeSet(): AttributeSet {
  return { constraints: {}, roles: [] };
}
