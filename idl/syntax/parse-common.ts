/**
 * The parts of the grammar every declaration shares: names, comma lists, attributes with their
 * doc comments, literals and type expressions.
 */
import type {
  AttributeArgumentNode,
  AttributeNode,
  IdentifierNode,
  IntegerLiteralNode,
  LiteralNode,
  TypeNode,
} from "./ast.js";
import type { ParserCursor } from "./parser-cursor.js";
import { isWord, type Token, type TokenKind } from "./tokens.js";

/**
 * The limit on `list<list<…>>` (docs/language.md "Built-in types": 64 levels, GIDL1009) keeps the
 * parser's recursion shallow, so that no input can overflow the stack, and is far beyond what a
 * real schema needs.
 */
export const maxTypeNesting = 64;

export function identifierOf(token: Token): IdentifierNode {
  return { kind: "Identifier", text: token.text, pos: token.pos, end: token.end };
}

/** A name where keywords are fine (docs/language.md "Files, comments and words": a field, a parameter…). */
export function parseWord(c: ParserCursor, what: string): IdentifierNode | undefined {
  const token = c.token;
  if (!isWord(token.kind)) {
    c.expected(what);
    return undefined;
  }
  c.next();
  return identifierOf(token);
}

/** A name that may not be a keyword. A keyword is reported, then taken as the name to go on. */
export function parseIdentifier(c: ParserCursor, what: string): IdentifierNode | undefined {
  const token = c.token;
  if (!isWord(token.kind)) {
    c.expected(what);
    return undefined;
  }
  if (token.kind !== "Identifier") c.expected(what);
  c.next();
  return identifierOf(token);
}

export function expectToken(c: ParserCursor, kind: TokenKind): boolean {
  if (c.token.kind === kind) {
    c.next();
    return true;
  }
  c.expected(`'${kind}'`);
  return false;
}

export interface ListOptions<T> {
  readonly close: ")" | "}";
  /** What an item is called in "expected …" messages. */
  readonly what: string;
  readonly atItemStart: () => boolean;
  readonly parseItem: () => T | undefined;
  /** A token that cannot be inside the list: the list is missing its closing token. */
  readonly atHardStop: () => boolean;
  /** Whether an item right after an item is taken as a missing comma (else the list ends). */
  readonly assumeMissingComma: boolean;
}

/** A comma-separated list after its opening token, through its closing token; a trailing comma is fine. */
export function parseList<T>(c: ParserCursor, options: ListOptions<T>): T[] {
  const { close, atItemStart, atHardStop } = options;
  const items: T[] = [];
  const atEnd = (): boolean => c.token.kind === close || c.token.kind === "EndOfFile" || atHardStop();
  // Skips a bad item up to the next comma (which then separates normally) or the end of the list.
  const recover = (): void => {
    while (!atEnd()) {
      const wasComma = c.token.kind === ",";
      c.skip();
      if (wasComma) {
        c.resync();
        return;
      }
    }
  };
  for (;;) {
    if (c.token.kind === close) {
      c.next();
      return items;
    }
    if (atEnd()) {
      c.expected(`'${close}'`);
      return items;
    }
    if (!atItemStart()) {
      c.expected(options.what);
      recover();
      continue;
    }
    const item = options.parseItem();
    if (item === undefined) {
      recover();
      continue;
    }
    items.push(item);
    if (c.token.kind === ",") {
      c.next();
    } else if (!atEnd()) {
      c.expected(`',' or '${close}'`);
      if (!atItemStart()) recover();
      else if (!options.assumeMissingComma) return items;
    }
  }
}

// ── attributes and doc comments ──────────────────────────────────────────

export interface Decorations {
  readonly doc: string | undefined;
  readonly attributes: readonly AttributeNode[];
  /** Where the decorated element starts: its first attribute, else its first token. */
  readonly pos: number;
}

/** A decorated node's doc, attributes and range, once the node has been parsed through its end. */
export function decorated(deco: Decorations, c: ParserCursor) {
  return { doc: deco.doc, attributes: deco.attributes, pos: deco.pos, end: c.lastEnd };
}

/** The doc comments and attributes before a declaration, member, field, enum member or variant. */
export function parseDecorations(c: ParserCursor): Decorations {
  const docs: string[] = [];
  const attributes: AttributeNode[] = [];
  const pos = c.token.pos;
  for (;;) {
    const doc = c.takeDoc();
    if (doc !== undefined) docs.push(doc);
    if (c.token.kind !== "@") break;
    const attribute = parseAttribute(c);
    if (attribute !== undefined) attributes.push(attribute);
  }
  return { doc: docs.length > 0 ? docs.join("\n") : undefined, attributes, pos };
}

function parseAttribute(c: ParserCursor): AttributeNode | undefined {
  const pos = c.token.pos;
  c.next();
  const name = parseWord(c, "an attribute name");
  if (name === undefined) return undefined;
  let args: AttributeArgumentNode[] | undefined;
  if (c.token.kind === "(") {
    c.next();
    args = parseList(c, {
      close: ")",
      what: "an attribute argument",
      atItemStart: () => isLiteral(c.token.kind) || isWord(c.token.kind),
      parseItem: () => parseAttributeArgument(c),
      atHardStop: () => {
        const kind = c.token.kind;
        return kind === ";" || kind === "{" || kind === "}" || kind === "@" || c.atDeclarationStart();
      },
      // `@range(1, 2` then a field on the next line: a missing ")" is likelier than a missing ",".
      assumeMissingComma: false,
    });
  }
  return { kind: "Attribute", name, args, pos, end: c.lastEnd };
}

function parseAttributeArgument(c: ParserCursor): AttributeArgumentNode | undefined {
  const token = c.token;
  if (token.kind !== "true" && token.kind !== "false" && isWord(token.kind) && c.peek().kind === ":") {
    c.next();
    c.next();
    const value = parseAttributeValue(c);
    if (value === undefined) return undefined;
    return { kind: "AttributeArgument", name: identifierOf(token), value, pos: token.pos, end: value.end };
  }
  const value = parseAttributeValue(c);
  if (value === undefined) return undefined;
  return { kind: "AttributeArgument", value, pos: value.pos, end: value.end };
}

function parseAttributeValue(c: ParserCursor): LiteralNode | IdentifierNode | undefined {
  const token = c.token;
  const literal = literalOf(token);
  if (literal !== undefined) {
    c.next();
    return literal;
  }
  return parseWord(c, "an attribute argument");
}

function isLiteral(kind: TokenKind): boolean {
  return (
    kind === "IntegerLiteral" ||
    kind === "DecimalLiteral" ||
    kind === "StringLiteral" ||
    kind === "RateLiteral" ||
    kind === "true" ||
    kind === "false"
  );
}

export function literalOf(token: Token): LiteralNode | undefined {
  const range = { pos: token.pos, end: token.end };
  switch (token.kind) {
    case "IntegerLiteral":
      return integerLiteralOf(token);
    case "DecimalLiteral":
      return { kind: "DecimalLiteral", value: token.decimal ?? 0, text: token.text, ...range };
    case "StringLiteral":
      return { kind: "StringLiteral", value: token.text, ...range };
    case "RateLiteral":
      return { kind: "RateLiteral", count: token.integer ?? 0n, unit: token.unit ?? "s", ...range };
    case "true":
    case "false":
      return { kind: "BooleanLiteral", value: token.kind === "true", ...range };
    default:
      return undefined;
  }
}

export function integerLiteralOf(token: Token): IntegerLiteralNode {
  return {
    kind: "IntegerLiteral",
    value: token.integer ?? 0n,
    text: token.text,
    pos: token.pos,
    end: token.end,
  };
}

// ── types ────────────────────────────────────────────────────────────────

/** `u16`, `Vec2`, `list<T>`, `map<K, V>`; `depth` counts the enclosing `list`/`map`s. */
export function parseType(c: ParserCursor, depth = 0): TypeNode | undefined {
  const token = c.token;
  if (token.kind !== "Identifier") {
    c.expected("a type");
    return undefined;
  }
  const isGeneric = (token.text === "list" || token.text === "map") && c.peek().kind === "<";
  if (!isGeneric) {
    c.next();
    return { kind: "NamedType", name: identifierOf(token), pos: token.pos, end: token.end };
  }
  if (depth >= maxTypeNesting) {
    // No recursion past the limit: the rest of this type is skipped flat, however deep it goes.
    c.error(token, "nesting-too-deep", { limit: maxTypeNesting });
    skipTypeRemainder(c);
    return undefined;
  }
  c.next();
  c.next();
  if (token.text === "list") {
    const element = parseTypeArgument(c, depth);
    if (element === undefined || !expectToken(c, ">")) return undefined;
    return { kind: "ListType", element, pos: token.pos, end: c.lastEnd };
  }
  const key = parseType(c, depth + 1);
  if (key === undefined) skipTypeRemainder(c);
  if (c.token.kind !== ",") {
    if (key !== undefined) c.expected("','");
    skipFailedTypeArgument(c);
    return undefined;
  }
  c.next();
  const value = parseTypeArgument(c, depth);
  if (value === undefined || !expectToken(c, ">")) return undefined;
  if (key === undefined) return undefined;
  return { kind: "MapType", key, value, pos: token.pos, end: c.lastEnd };
}

/** A type inside `<…>`; when it fails, skips to the `,` or `>` that follows it. */
function parseTypeArgument(c: ParserCursor, depth: number): TypeNode | undefined {
  const type = parseType(c, depth + 1);
  if (type === undefined) skipFailedTypeArgument(c);
  return type;
}

/** Skips the rest of a failed `list<…>` / `map<…>` argument and the `>` closing it. */
function skipFailedTypeArgument(c: ParserCursor): void {
  skipTypeRemainder(c);
  if (c.token.kind === ">") c.skip();
}

/** Skips to the `,` or `>` that ends the current type argument, past any nested `<…>`. */
function skipTypeRemainder(c: ParserCursor): void {
  let depth = 0;
  for (;;) {
    const kind = c.token.kind;
    if (kind === "<") depth++;
    else if (kind === ">") {
      if (depth === 0) return;
      depth--;
    } else if (kind === "," && depth === 0) return;
    else if (kind === ";" || kind === "{" || kind === "}" || kind === "(" || kind === ")") return;
    else if (kind === "=" || kind === "@" || kind === "EndOfFile") return;
    c.skip();
  }
}
