/**
 * The parser: tokens → syntax tree (IDL.md, "Declarations"). Hand-written recursive descent that
 * never throws. After an error it reports "expected X, found Y" and skips to a point where parsing
 * can go on (a `;`, the `}` of the block, the next member or declaration), so that every error of
 * a file is reported, not only the first. Every loop consumes a token or ends, so no input hangs it.
 */
import type { DiagnosticReporter } from "../diagnostics/diagnostic.js";
import type {
  DeclarationNode,
  DocumentNode,
  EnumMemberNode,
  EventNode,
  FieldNode,
  IdentifierNode,
  QualifiedNameNode,
  RpcNode,
  SendNode,
  ServiceMemberNode,
  TypeNode,
  UnionVariantNode,
} from "./ast.js";
import {
  expectToken,
  integerLiteralOf,
  parseDecorations,
  parseIdentifier,
  parseList,
  parseType,
  parseWord,
  type Decorations,
} from "./parse-common.js";
import { createParserCursor, type ParserCursor } from "./parser-cursor.js";
import type { SourceFile } from "./source-file.js";
import { isWord } from "./tokens.js";

export function parse(file: SourceFile, report: DiagnosticReporter): DocumentNode {
  const c = createParserCursor(file, report);
  const declarations: DeclarationNode[] = [];
  while (c.token.kind !== "EndOfFile") {
    const start = c.token;
    const declaration = parseDeclaration(c);
    if (declaration !== undefined) declarations.push(declaration);
    if (c.token === start) c.skip();
  }
  c.finish();
  return { kind: "Document", file, declarations, pos: 0, end: file.text.length };
}

function decorated(deco: Decorations, c: ParserCursor) {
  return { doc: deco.doc, attributes: deco.attributes, pos: deco.pos, end: c.lastEnd };
}

function parseDeclaration(c: ParserCursor): DeclarationNode | undefined {
  const deco = parseDecorations(c);
  switch (c.token.kind) {
    case "package":
      return parsePackage(c, deco);
    case "version":
      return parseVersion(c, deco);
    case "import":
      return parseImport(c, deco);
    case "type":
      return parseAlias(c, deco);
    case "enum":
      return parseEnum(c, deco);
    case "struct":
    case "union":
    case "error":
    case "session":
      return parseBlockDeclaration(c, deco);
    case "service":
      return parseService(c, deco);
    default:
      c.expected("a declaration");
      skipToDeclaration(c);
      return undefined;
  }
}

function parsePackage(c: ParserCursor, deco: Decorations): DeclarationNode | undefined {
  c.next();
  const name = parseQualifiedName(c);
  if (name === undefined) {
    skipToDeclaration(c);
    return undefined;
  }
  parseSemicolon(c, skipToDeclaration);
  return { kind: "PackageDeclaration", name, ...decorated(deco, c) };
}

function parseQualifiedName(c: ParserCursor): QualifiedNameNode | undefined {
  const parts: IdentifierNode[] = [];
  do {
    if (parts.length > 0) c.next();
    const part = parseWord(c, parts.length === 0 ? "a package name" : "a name after '.'");
    if (part === undefined) return undefined;
    parts.push(part);
  } while (c.token.kind === ".");
  const text = parts.map((part) => part.text).join(".");
  return { kind: "QualifiedName", parts, text, pos: parts[0]?.pos ?? 0, end: c.lastEnd };
}

function parseVersion(c: ParserCursor, deco: Decorations): DeclarationNode | undefined {
  c.next();
  const token = c.token;
  if (token.kind !== "IntegerLiteral") {
    c.expected("a version number");
    skipToDeclaration(c);
    return undefined;
  }
  c.next();
  parseSemicolon(c, skipToDeclaration);
  return { kind: "VersionDeclaration", value: integerLiteralOf(token), ...decorated(deco, c) };
}

function parseImport(c: ParserCursor, deco: Decorations): DeclarationNode | undefined {
  c.next();
  const token = c.token;
  if (token.kind !== "StringLiteral") {
    c.expected("a file path in quotes");
    skipToDeclaration(c);
    return undefined;
  }
  c.next();
  parseSemicolon(c, skipToDeclaration);
  const path = { kind: "StringLiteral", value: token.text, pos: token.pos, end: token.end } as const;
  return { kind: "ImportDeclaration", path, ...decorated(deco, c) };
}

function parseAlias(c: ParserCursor, deco: Decorations): DeclarationNode | undefined {
  c.next();
  const name = parseIdentifier(c, "a type name");
  if (name === undefined || !expectToken(c, "=")) {
    skipToDeclaration(c);
    return undefined;
  }
  const type = parseType(c);
  if (type === undefined) {
    skipToDeclaration(c);
    return undefined;
  }
  parseSemicolon(c, skipToDeclaration);
  return { kind: "AliasDeclaration", name, type, ...decorated(deco, c) };
}

function parseEnum(c: ParserCursor, deco: Decorations): DeclarationNode | undefined {
  c.next();
  const name = parseIdentifier(c, "an enum name");
  if (c.token.kind !== "{") {
    if (name !== undefined) c.expected("'{'");
    skipToDeclaration(c);
    return undefined;
  }
  c.next();
  const members = parseList(c, {
    close: "}",
    what: "an enum member",
    atItemStart: () => isWord(c.token.kind) || c.token.kind === "@",
    parseItem: () => parseEnumMember(c),
    atHardStop: () => atBlockEnd(c),
    assumeMissingComma: true,
  });
  if (name === undefined) return undefined;
  return { kind: "EnumDeclaration", name, members, ...decorated(deco, c) };
}

function parseEnumMember(c: ParserCursor): EnumMemberNode | undefined {
  const deco = parseDecorations(c);
  const name = parseWord(c, "an enum member name");
  if (name === undefined) return undefined;
  return { kind: "EnumMember", name, ...decorated(deco, c) };
}

/** struct, union, error and session: a name and a block of fields (variants for a union). */
function parseBlockDeclaration(c: ParserCursor, deco: Decorations): DeclarationNode | undefined {
  const keyword = c.token.kind;
  c.next();
  const name = parseIdentifier(c, `${keyword === "error" ? "an" : "a"} ${keyword} name`);
  if (keyword === "error" && c.token.kind === ";") {
    c.next();
    if (name === undefined) return undefined;
    return { kind: "ErrorDeclaration", name, fields: undefined, ...decorated(deco, c) };
  }
  if (c.token.kind !== "{") {
    if (name !== undefined) c.expected(keyword === "error" ? "';' or '{'" : "'{'");
    skipToDeclaration(c);
    return undefined;
  }
  if (keyword === "union") {
    const variants = parseBlock(
      c,
      () => parseVariant(c),
      () => atBlockEnd(c),
    );
    if (name === undefined) return undefined;
    return { kind: "UnionDeclaration", name, variants, ...decorated(deco, c) };
  }
  const fields = parseFieldBlock(c);
  if (name === undefined || fields === undefined) return undefined;
  if (keyword === "struct") return { kind: "StructDeclaration", name, fields, ...decorated(deco, c) };
  if (keyword === "error") return { kind: "ErrorDeclaration", name, fields, ...decorated(deco, c) };
  return { kind: "SessionDeclaration", name, fields, ...decorated(deco, c) };
}

function parseService(c: ParserCursor, deco: Decorations): DeclarationNode | undefined {
  c.next();
  // Any word: `service session` parses, so the checker can say that `session` is built in.
  const name = parseWord(c, "a service name");
  if (c.token.kind !== "{") {
    if (name !== undefined) c.expected("'{'");
    skipToDeclaration(c);
    return undefined;
  }
  const members = parseBlock(
    c,
    () => parseServiceMember(c),
    () => c.atDeclarationStart(),
  );
  if (name === undefined) return undefined;
  return { kind: "ServiceDeclaration", name, members, ...decorated(deco, c) };
}

// ── blocks, fields and variants ──────────────────────────────────────────

/** `{ item item … }`; the current token is `{`. */
function parseBlock<T>(c: ParserCursor, parseItem: () => T | undefined, atHardStop: () => boolean): T[] {
  c.next();
  const items: T[] = [];
  for (;;) {
    const start = c.token;
    if (start.kind === "}") {
      c.next();
      return items;
    }
    if (start.kind === "EndOfFile" || atHardStop()) {
      c.expected("'}'");
      return items;
    }
    const item = parseItem();
    if (item !== undefined) items.push(item);
    if (c.token === start) c.skip();
  }
}

function parseFieldBlock(c: ParserCursor): FieldNode[] | undefined {
  if (c.token.kind !== "{") {
    c.expected("'{'");
    return undefined;
  }
  return parseBlock(
    c,
    () => parseField(c, true),
    () => atBlockEnd(c),
  );
}

/** A field (`name?: T;`), or without the `;` a parameter. */
function parseField(c: ParserCursor, isField: boolean): FieldNode | undefined {
  const deco = parseDecorations(c);
  const name = parseWord(c, isField ? "a field name" : "a parameter name");
  const optional = name !== undefined && c.token.kind === "?";
  if (optional) c.next();
  const type = name !== undefined && expectToken(c, ":") ? parseType(c) : undefined;
  if (name === undefined || type === undefined) {
    // A bad parameter is skipped by the parameter list; a bad field here.
    if (isField) skipField(c);
    return undefined;
  }
  if (isField) parseSemicolon(c, skipField);
  return { kind: "Field", name, optional, type, ...decorated(deco, c) };
}

function parseVariant(c: ParserCursor): UnionVariantNode | undefined {
  const deco = parseDecorations(c);
  const name = parseWord(c, "a variant name");
  if (name === undefined || !expectToken(c, ":")) {
    skipField(c);
    return undefined;
  }
  const type = parseType(c);
  if (type === undefined) {
    skipField(c);
    return undefined;
  }
  parseSemicolon(c, skipField);
  return { kind: "UnionVariant", name, type, ...decorated(deco, c) };
}

// ── service members ──────────────────────────────────────────────────────

function parseServiceMember(c: ParserCursor): ServiceMemberNode | undefined {
  const deco = parseDecorations(c);
  switch (c.token.kind) {
    case "rpc":
    case "send":
      return parseMethod(c, deco);
    case "event":
      return parseEvent(c, deco);
    default:
      c.expected("'rpc', 'send' or 'event'");
      {
        skipMember(c);
        return undefined;
      }
  }
}

/** `rpc name(params): Result throws A, B;` and `send name(params);`. */
function parseMethod(c: ParserCursor, deco: Decorations): RpcNode | SendNode | undefined {
  const keyword = c.token.kind;
  const isRpc = keyword === "rpc";
  c.next();
  const name = parseWord(c, isRpc ? "an rpc name" : "a send name");
  if (name === undefined) {
    skipMember(c);
    return undefined;
  }
  const params = parseParams(c);
  if (!isRpc) {
    parseSemicolon(c, skipMember);
    return { kind: "Send", name, params, ...decorated(deco, c) };
  }
  let result: TypeNode | undefined;
  if (c.token.kind === ":") {
    c.next();
    result = parseType(c);
    if (result === undefined) {
      skipMember(c);
      return undefined;
    }
  }
  const throws: IdentifierNode[] = [];
  if (c.token.kind === "throws") {
    c.next();
    for (;;) {
      const code = parseIdentifier(c, "an error name");
      if (code === undefined) break;
      throws.push(code);
      if (!c.at(",")) break;
      c.next();
    }
  }
  parseSemicolon(c, skipMember);
  return { kind: "Rpc", name, params, result, throws, ...decorated(deco, c) };
}

/** `(a: T, b?: U,)`; a missing `(` is reported and the method goes on without parameters. */
function parseParams(c: ParserCursor): FieldNode[] {
  if (c.token.kind !== "(") {
    c.expected("'('");
    return [];
  }
  c.next();
  return parseList(c, {
    close: ")",
    what: "a parameter",
    atItemStart: () => isWord(c.token.kind) || c.token.kind === "@",
    parseItem: () => parseField(c, false),
    atHardStop: () => {
      const kind = c.token.kind;
      return kind === ";" || kind === "{" || kind === "}" || atBlockEnd(c);
    },
    assumeMissingComma: true,
  });
}

function parseEvent(c: ParserCursor, deco: Decorations): EventNode | undefined {
  c.next();
  const name = parseWord(c, "an event name");
  if (name === undefined) {
    skipMember(c);
    return undefined;
  }
  if (c.token.kind === "to") c.next();
  else c.expected("'to'");
  const recipients = parseWord(c, "the recipients (session, players, area, topic or all)");
  if (recipients === undefined) {
    skipMember(c);
    return undefined;
  }
  const fields = parseFieldBlock(c);
  if (fields === undefined) {
    skipMember(c);
    return undefined;
  }
  return { kind: "Event", name, recipients, fields, ...decorated(deco, c) };
}

// ── recovery ─────────────────────────────────────────────────────────────

/** A declaration or service member begins here, so an open block must have lost its `}`. */
function atBlockEnd(c: ParserCursor): boolean {
  return c.atDeclarationStart() || c.atMemberStart();
}

/**
 * A missing `;` is reported; when what follows can start the next item (`a: u8` newline `b: u8;`),
 * parsing simply goes on from there, else `recover` skips.
 */
function parseSemicolon(c: ParserCursor, recover: (c: ParserCursor) => void): void {
  if (c.token.kind === ";") {
    c.next();
    return;
  }
  c.expected("';'");
  const kind = c.token.kind;
  if (isWord(kind) || kind === "@" || kind === "}" || kind === "EndOfFile") return;
  recover(c);
}

/**
 * Skips to the next top-level declaration (a declaration keyword, or `@`), past whole `{ … }` blocks,
 * so that `strcut A { type: u8; }` is one error, not one per field.
 */
function skipToDeclaration(c: ParserCursor): void {
  let depth = 0;
  for (;;) {
    const kind = c.token.kind;
    if (kind === "EndOfFile") return;
    if ((depth === 0 && kind === "@") || c.atDeclarationStart()) break;
    if (kind === "{") depth++;
    else if (kind === "}" && depth > 0) depth--;
    c.skip();
  }
  c.resync();
}

/** Skips a bad service member: past its `;` or its `{ … }`, or to the next member or the service's `}`. */
function skipMember(c: ParserCursor): void {
  let depth = 0;
  for (;;) {
    const kind = c.token.kind;
    if (kind === "EndOfFile" || (depth === 0 && kind === "}")) return;
    if ((depth === 0 && kind === "@") || atBlockEnd(c)) break;
    if (kind === "{") depth++;
    else if (kind === "}") depth--;
    c.skip();
    if ((kind === ";" || kind === "}") && depth === 0) break;
  }
  c.resync();
}

/** Skips a bad field: past its `;`, or to the block's `}`. */
function skipField(c: ParserCursor): void {
  for (;;) {
    const kind = c.token.kind;
    if (kind === "EndOfFile" || kind === "}" || atBlockEnd(c)) return;
    c.skip();
    if (kind === ";") break;
  }
  c.resync();
}
