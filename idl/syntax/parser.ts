/**
 * The parser: tokens → syntax tree (the declarations of docs/language.md). Hand-written recursive
 * descent that never throws. After an error it reports "expected X, found Y" and skips to a point
 * where parsing can go on (a `;`, the `}` of the block, the next member or declaration), so that
 * every error of a file is reported, not only the first. Every loop consumes a token or ends, so no
 * input hangs it.
 */
import type { DiagnosticReporter } from "../diagnostics/diagnostic.js";
import type { DeclarationNode, DocumentNode, IdentifierNode, QualifiedNameNode } from "./ast.js";
import {
  decorated,
  expectToken,
  integerLiteralOf,
  parseDecorations,
  parseIdentifier,
  parseList,
  parseType,
  parseWord,
  type Decorations,
} from "./parse-common.js";
import {
  parseBlock,
  parseEnumMember,
  parseFieldBlock,
  parseServiceMember,
  parseVariant,
} from "./parse-members.js";
import { atBlockEnd, parseSemicolon, skipToDeclaration } from "./parse-recovery.js";
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
