/**
 * What declarations hold: enum members, fields and union variants in their blocks, and service
 * members (rpc, send, event) with their parameters. Recovery as in parser.ts: report, skip to
 * where parsing can go on (parse-recovery.ts).
 */
import type {
  EnumMemberNode,
  EventNode,
  FieldNode,
  IdentifierNode,
  RpcNode,
  SendNode,
  ServiceMemberNode,
  TypeNode,
  UnionVariantNode,
} from "./ast.js";
import {
  decorated,
  expectToken,
  parseDecorations,
  parseIdentifier,
  parseList,
  parseType,
  parseWord,
  type Decorations,
} from "./parse-common.js";
import { atBlockEnd, parseSemicolon, skipField, skipMember } from "./parse-recovery.js";
import type { ParserCursor } from "./parser-cursor.js";
import { isWord } from "./tokens.js";

// ── enum members, blocks, fields and variants ────────────────────────────

export function parseEnumMember(c: ParserCursor): EnumMemberNode | undefined {
  const deco = parseDecorations(c);
  const name = parseWord(c, "an enum member name");
  if (name === undefined) return undefined;
  return { kind: "EnumMember", name, ...decorated(deco, c) };
}

/** `{ item item … }`; the current token is `{`. */
export function parseBlock<T>(
  c: ParserCursor,
  parseItem: () => T | undefined,
  atHardStop: () => boolean,
): T[] {
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

export function parseFieldBlock(c: ParserCursor): FieldNode[] | undefined {
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

export function parseVariant(c: ParserCursor): UnionVariantNode | undefined {
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

export function parseServiceMember(c: ParserCursor): ServiceMemberNode | undefined {
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
