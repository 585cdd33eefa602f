/**
 * The syntax tree of one `.gidl` file, as the parser builds it.
 * Every node records its source range (`pos`..`end`, UTF-16 offsets into the file's text),
 * so that every later stage can report a diagnostic under exactly the text it concerns.
 * Names are not resolved here: `NamedTypeNode.name` is whatever the author wrote.
 */
import type { SourceFile } from "./source-file.js";

export interface TextRange {
  /** Offset of the first character (UTF-16 code units). */
  readonly pos: number;
  /** Offset just past the last character. */
  readonly end: number;
}

export interface IdentifierNode extends TextRange {
  readonly kind: "Identifier";
  readonly text: string;
}

/** `a.b.c` in `package a.b.c;`. */
export interface QualifiedNameNode extends TextRange {
  readonly kind: "QualifiedName";
  readonly parts: readonly IdentifierNode[];
  readonly text: string;
}

// ── literals ─────────────────────────────────────────────────────────────

export interface IntegerLiteralNode extends TextRange {
  readonly kind: "IntegerLiteral";
  /** Exact value (decimal or hex source, sign included). */
  readonly value: bigint;
  readonly text: string;
}

export interface DecimalLiteralNode extends TextRange {
  readonly kind: "DecimalLiteral";
  readonly value: number;
  readonly text: string;
}

export interface StringLiteralNode extends TextRange {
  readonly kind: "StringLiteral";
  /** The value with escapes decoded. */
  readonly value: string;
}

export interface BooleanLiteralNode extends TextRange {
  readonly kind: "BooleanLiteral";
  readonly value: boolean;
}

/** `10/s`, `600/m`, `5000/h`. */
export interface RateLiteralNode extends TextRange {
  readonly kind: "RateLiteral";
  readonly count: bigint;
  readonly unit: "s" | "m" | "h";
}

export type LiteralNode =
  IntegerLiteralNode | DecimalLiteralNode | StringLiteralNode | BooleanLiteralNode | RateLiteralNode;

// ── attributes ───────────────────────────────────────────────────────────

/** One argument of an attribute: positional (`10/s`, `running`) or named (`burst: 60`). */
export interface AttributeArgumentNode extends TextRange {
  readonly kind: "AttributeArgument";
  readonly name?: IdentifierNode;
  /** A bare identifier such as `running` in `@session(running)` is an `IdentifierNode`. */
  readonly value: LiteralNode | IdentifierNode;
}

export interface AttributeNode extends TextRange {
  readonly kind: "Attribute";
  /** Without the `@`. The range of the node includes the `@`. */
  readonly name: IdentifierNode;
  /** `undefined` when written without parentheses (`@public`); `[]` for `@public()`. */
  readonly args: readonly AttributeArgumentNode[] | undefined;
}

// ── type expressions ─────────────────────────────────────────────────────

/** A primitive (`u16`, `string`) or a declared type name; the checker tells which. */
export interface NamedTypeNode extends TextRange {
  readonly kind: "NamedType";
  readonly name: IdentifierNode;
}

export interface ListTypeNode extends TextRange {
  readonly kind: "ListType";
  readonly element: TypeNode;
}

export interface MapTypeNode extends TextRange {
  readonly kind: "MapType";
  readonly key: TypeNode;
  readonly value: TypeNode;
}

export type TypeNode = NamedTypeNode | ListTypeNode | MapTypeNode;

// ── members ──────────────────────────────────────────────────────────────

/** What every documented, attributed syntax element carries. */
export interface Decorated {
  /** Text of the `///` lines before it, without the slashes and one leading space, joined by "\n". */
  readonly doc: string | undefined;
  readonly attributes: readonly AttributeNode[];
}

/** A struct/error/session/event field, or an rpc/send parameter: `@range(1,9) name?: T;` */
export interface FieldNode extends TextRange, Decorated {
  readonly kind: "Field";
  readonly name: IdentifierNode;
  readonly optional: boolean;
  readonly type: TypeNode;
}

export interface EnumMemberNode extends TextRange, Decorated {
  readonly kind: "EnumMember";
  readonly name: IdentifierNode;
}

/** `tag: StructType;` in a union. */
export interface UnionVariantNode extends TextRange, Decorated {
  readonly kind: "UnionVariant";
  readonly name: IdentifierNode;
  readonly type: TypeNode;
}

export interface RpcNode extends TextRange, Decorated {
  readonly kind: "Rpc";
  readonly name: IdentifierNode;
  readonly params: readonly FieldNode[];
  /** `undefined` when the rpc returns nothing. */
  readonly result: TypeNode | undefined;
  readonly throws: readonly IdentifierNode[];
}

export interface SendNode extends TextRange, Decorated {
  readonly kind: "Send";
  readonly name: IdentifierNode;
  readonly params: readonly FieldNode[];
}

export interface EventNode extends TextRange, Decorated {
  readonly kind: "Event";
  readonly name: IdentifierNode;
  /** The word after `to`; any identifier parses, the checker validates it. */
  readonly recipients: IdentifierNode;
  readonly fields: readonly FieldNode[];
}

export type ServiceMemberNode = RpcNode | SendNode | EventNode;

// ── declarations ─────────────────────────────────────────────────────────

export interface PackageDeclarationNode extends TextRange, Decorated {
  readonly kind: "PackageDeclaration";
  readonly name: QualifiedNameNode;
}

export interface VersionDeclarationNode extends TextRange, Decorated {
  readonly kind: "VersionDeclaration";
  readonly value: IntegerLiteralNode;
}

export interface ImportDeclarationNode extends TextRange, Decorated {
  readonly kind: "ImportDeclaration";
  readonly path: StringLiteralNode;
}

export interface AliasDeclarationNode extends TextRange, Decorated {
  readonly kind: "AliasDeclaration";
  readonly name: IdentifierNode;
  readonly type: TypeNode;
}

export interface EnumDeclarationNode extends TextRange, Decorated {
  readonly kind: "EnumDeclaration";
  readonly name: IdentifierNode;
  readonly members: readonly EnumMemberNode[];
}

export interface StructDeclarationNode extends TextRange, Decorated {
  readonly kind: "StructDeclaration";
  readonly name: IdentifierNode;
  readonly fields: readonly FieldNode[];
}

export interface UnionDeclarationNode extends TextRange, Decorated {
  readonly kind: "UnionDeclaration";
  readonly name: IdentifierNode;
  readonly variants: readonly UnionVariantNode[];
}

export interface ErrorDeclarationNode extends TextRange, Decorated {
  readonly kind: "ErrorDeclaration";
  readonly name: IdentifierNode;
  /** `undefined` for `error CODE;`, the fields for `error CODE { ... }`. */
  readonly fields: readonly FieldNode[] | undefined;
}

/** `session Name { settings: T; }`: the body parses as fields; the checker wants exactly `settings`. */
export interface SessionDeclarationNode extends TextRange, Decorated {
  readonly kind: "SessionDeclaration";
  readonly name: IdentifierNode;
  readonly fields: readonly FieldNode[];
}

export interface ServiceDeclarationNode extends TextRange, Decorated {
  readonly kind: "ServiceDeclaration";
  readonly name: IdentifierNode;
  readonly members: readonly ServiceMemberNode[];
}

export type TypeDeclarationNode =
  AliasDeclarationNode | EnumDeclarationNode | StructDeclarationNode | UnionDeclarationNode;

export type DeclarationNode =
  | PackageDeclarationNode
  | VersionDeclarationNode
  | ImportDeclarationNode
  | TypeDeclarationNode
  | ErrorDeclarationNode
  | SessionDeclarationNode
  | ServiceDeclarationNode;

/** The root of one file's tree. */
export interface DocumentNode extends TextRange {
  readonly kind: "Document";
  readonly file: SourceFile;
  /** In source order. Declarations the parser could not make sense of are left out (a diagnostic says why). */
  readonly declarations: readonly DeclarationNode[];
}

export type SyntaxNode =
  | DocumentNode
  | DeclarationNode
  | ServiceMemberNode
  | FieldNode
  | EnumMemberNode
  | UnionVariantNode
  | TypeNode
  | AttributeNode
  | AttributeArgumentNode
  | LiteralNode
  | IdentifierNode
  | QualifiedNameNode;
