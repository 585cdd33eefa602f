/**
 * The tokens of the `.gidl` language (docs/language.md "Files, comments and words").
 * Keywords and punctuation use their own text as their kind, so a message can quote a kind as is.
 */

/** The keywords. The recipient words after `to` are ordinary identifiers. */
export const keywords = [
  "package",
  "version",
  "import",
  "type",
  "enum",
  "struct",
  "union",
  "error",
  "session",
  "service",
  "rpc",
  "send",
  "event",
  "to",
  "throws",
  "true",
  "false",
] as const;

export type KeywordKind = (typeof keywords)[number];

export const punctuation = ["{", "}", "(", ")", "<", ">", ";", ":", ",", ".", "=", "?", "@"] as const;

export type PunctuationKind = (typeof punctuation)[number];

export type LiteralKind = "IntegerLiteral" | "DecimalLiteral" | "StringLiteral" | "RateLiteral";

export type TokenKind = "Identifier" | "EndOfFile" | LiteralKind | KeywordKind | PunctuationKind;

export type RateUnit = "s" | "m" | "h";

/** The `///` lines before a token, joined. */
export interface DocComment {
  readonly text: string;
  /** From the first `///` to the end of the last doc line. */
  readonly pos: number;
  readonly end: number;
}

export interface Token {
  readonly kind: TokenKind;
  readonly pos: number;
  readonly end: number;
  /**
   * Identifiers and keywords: the word. Strings: the value with escapes decoded.
   * Numbers and rates: the source text. Punctuation: the character. End of file: "".
   */
  readonly text: string;
  /** Integer literals: the value; rate literals: the count. */
  readonly integer?: bigint;
  /** Decimal literals: the value. */
  readonly decimal?: number;
  /** Rate literals: the unit. */
  readonly unit?: RateUnit;
  /** Doc comment lines written before this token, if any. */
  readonly doc?: DocComment;
}

const keywordSet: ReadonlySet<string> = new Set(keywords);

export function keywordKind(word: string): KeywordKind | undefined {
  return keywordSet.has(word) ? (word as KeywordKind) : undefined;
}

export function isKeyword(kind: TokenKind): kind is KeywordKind {
  return keywordSet.has(kind);
}

/** Identifiers and keywords: words that may name a field, parameter, member or attribute. */
export function isWord(kind: TokenKind): boolean {
  return kind === "Identifier" || isKeyword(kind);
}

/** Keywords that open a top-level declaration. */
export const declarationKeywords: ReadonlySet<TokenKind> = new Set<TokenKind>([
  "package",
  "version",
  "import",
  "type",
  "enum",
  "struct",
  "union",
  "error",
  "session",
  "service",
]);

/** Keywords that open a service member. */
export const memberKeywords: ReadonlySet<TokenKind> = new Set<TokenKind>(["rpc", "send", "event"]);
