/**
 * The parser's view of the token stream: the current token, one token of lookahead, doc-comment
 * bookkeeping and the "expected X, found Y" reporting with cascade suppression.
 */
import type { DiagnosticReporter } from "../diagnostics/diagnostic.js";
import type { DiagnosticArgs, DiagnosticId } from "../diagnostics/messages.js";
import type { TextRange } from "./ast.js";
import { createDiagnosticSink } from "./diagnostic-sink.js";
import { createScanner } from "./scanner.js";
import type { SourceFile } from "./source-file.js";
import { declarationKeywords, isWord, memberKeywords, type Token, type TokenKind } from "./tokens.js";

export interface ParserCursor {
  readonly file: SourceFile;
  /** The current token. */
  readonly token: Token;
  /** Whether the current token is of `kind` (a call, so it does not narrow `token` for later code). */
  at(kind: TokenKind): boolean;
  /** The token after the current one. */
  peek(): Token;
  /** Consumes the current token as part of a construct that parsed well. */
  next(): void;
  /** Consumes the current token while recovering from an error: no diagnostics, no doc warnings. */
  skip(): void;
  /** The recovery reached a point where parsing can go on normally: report the next error again. */
  resync(): void;
  /** End of the last consumed token. */
  readonly lastEnd: number;
  /** Claims the current token's doc comment, if any (it then is not reported as dangling). */
  takeDoc(): string | undefined;
  /** Reports "expected {what}, found <current token>", unless it would only echo the previous error. */
  expected(what: string): void;
  error<Id extends DiagnosticId>(range: TextRange, id: Id, args: DiagnosticArgs<Id>): void;
  /** A declaration keyword not used as a name (`struct X`, not `struct: u8`). */
  atDeclarationStart(): boolean;
  /** `rpc name`, `send name`, `event name`. */
  atMemberStart(): boolean;
  /** Reports a doc comment left before the end of the file. */
  finish(): void;
}

export function createParserCursor(file: SourceFile, report: DiagnosticReporter): ParserCursor {
  const sink = createDiagnosticSink(file, report);
  const scanner = createScanner(file, report, sink);
  let token = scanner.scan();
  let lookahead: Token | undefined;
  let lastEnd = 0;
  let docClaimed = false;
  // After an error, the errors that follow before any token parses well are nearly always echoes
  // of the first one ("expected ')'" right after "expected a parameter"); report only the first.
  let reportErrors = true;

  function advance(): void {
    lastEnd = token.end;
    token = lookahead ?? scanner.scan();
    lookahead = undefined;
    docClaimed = false;
  }

  function reportDanglingDoc(): void {
    if (token.doc !== undefined && !docClaimed) {
      error(token.doc, "dangling-doc-comment", {});
      docClaimed = true;
    }
  }

  function peek(): Token {
    lookahead ??= scanner.scan();
    return lookahead;
  }

  function error<Id extends DiagnosticId>(range: TextRange, id: Id, args: DiagnosticArgs<Id>): void {
    sink.report(range, id, args);
  }

  return {
    file,
    get token() {
      return token;
    },
    get lastEnd() {
      return lastEnd;
    },
    at(kind) {
      return token.kind === kind;
    },
    peek,
    next() {
      reportDanglingDoc();
      advance();
      reportErrors = true;
    },
    skip() {
      advance();
    },
    resync() {
      reportErrors = true;
    },
    takeDoc() {
      if (docClaimed || token.doc === undefined) return undefined;
      docClaimed = true;
      return token.doc.text;
    },
    expected(what) {
      if (!reportErrors) return;
      reportErrors = false;
      error(token, "expected", { expected: what, found: describeToken(file, token) });
    },
    error,
    atDeclarationStart() {
      if (!declarationKeywords.has(token.kind)) return false;
      // A keyword may name a field, parameter, enum member or variant (docs/language.md "Files,
      // comments and words"): then a `:`, `?`, `,`, `)` or `}` follows it (or `;`, where a type was
      // due: `x: error;`). Anything else after a declaration keyword starts a declaration.
      const next = peek().kind;
      return next !== ":" && next !== "?" && next !== "," && next !== ")" && next !== "}" && next !== ";";
    },
    atMemberStart() {
      return memberKeywords.has(token.kind) && isWord(peek().kind);
    },
    finish() {
      reportDanglingDoc();
    },
  };
}

/** How a message names a token: `'}'`, `'attack'`, `'10/s'`, `a string`, `end of file`. */
export function describeToken(file: SourceFile, token: Token): string {
  switch (token.kind) {
    case "EndOfFile":
      return "end of file";
    case "StringLiteral":
      return "a string";
    default: {
      const text = file.text.slice(token.pos, token.end);
      return `'${text.length > 32 ? text.slice(0, 31) + "…" : text}'`;
    }
  }
}
