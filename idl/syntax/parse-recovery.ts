/**
 * Recovery after a syntax error: where an open block must have ended, a missing `;`, and skipping
 * a bad declaration, member or field up to a point where parsing can go on.
 */
import type { ParserCursor } from "./parser-cursor.js";
import { isWord } from "./tokens.js";

/** A declaration or service member begins here, so an open block must have lost its `}`. */
export function atBlockEnd(c: ParserCursor): boolean {
  return c.atDeclarationStart() || c.atMemberStart();
}

/**
 * A missing `;` is reported; when what follows can start the next item (`a: u8` newline `b: u8;`),
 * parsing simply goes on from there, else `recover` skips.
 */
export function parseSemicolon(c: ParserCursor, recover: (c: ParserCursor) => void): void {
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
export function skipToDeclaration(c: ParserCursor): void {
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
export function skipMember(c: ParserCursor): void {
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
export function skipField(c: ParserCursor): void {
  for (;;) {
    const kind = c.token.kind;
    if (kind === "EndOfFile" || kind === "}" || atBlockEnd(c)) return;
    c.skip();
    if (kind === ";") break;
  }
  c.resync();
}
