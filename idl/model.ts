/**
 * The compiler's output: a plain, JSON-serializable description of a whole API with every
 * name resolved. Generators read this and nothing else (docs/architecture.md "Build time: from a
 * schema to files").
 * `idl/README.md` documents every field; `MODEL_FORMAT` changes whenever this shape does.
 *
 * Conventions:
 * - Declarations keep source order (root file first, then imports in the order first met),
 *   so generated files read like the schema. The hash does not depend on that order.
 * - Optional texts (`doc`, `deprecated`) are absent rather than empty; `deprecated` is ""
 *   when `@deprecated` was given without a reason.
 * - Numbers that may exceed 2^53 (range bounds) are exact decimal strings.
 */
export const MODEL_FORMAT = 1;

export interface Model {
  readonly format: typeof MODEL_FORMAT;
  /** `package arena;` → "arena". */
  readonly package: string;
  /** `version 3;` → 3; `null` when the schema has no version. */
  readonly version: number | null;
  /** The schema hash a hello names (docs/language.md "The schema hash"): SHA-256, lowercase hex. */
  readonly hash: string;
  /** Aliases, structs, enums and unions, user-declared then built-in (`builtin: true`). */
  readonly types: readonly TypeDeclaration[];
  readonly errors: readonly ErrorDeclaration[];
  /** The game-session kind, or `null` when the schema declares none. */
  readonly session: SessionDeclaration | null;
  /** User services in source order, then the built-in `session` and `topic` services. */
  readonly services: readonly Service[];
}

// ── types ────────────────────────────────────────────────────────────────

export type IntegerType = "i8" | "i16" | "i32" | "u8" | "u16" | "u32" | "i64" | "u64";
export type FloatType = "f32" | "f64";
export type PrimitiveType = "bool" | IntegerType | FloatType | "string" | "bytes";

export type TypeRef =
  | { readonly kind: "primitive"; readonly name: PrimitiveType }
  | { readonly kind: "list"; readonly element: TypeRef }
  /** Keys are always strings (docs/language.md "Built-in types"). */
  | { readonly kind: "map"; readonly value: TypeRef }
  /** A declared type: the `name` of an entry in `Model.types`. */
  | { readonly kind: "named"; readonly name: string };

export type Format = "email" | "uuid" | "uri" | "date-time" | "hostname" | "ipv4" | "ipv6";

/** Constraints from attributes. Absent keys mean "no constraint". */
export interface Constraints {
  /** `@range(min, max)`: inclusive, exact decimal text (e.g. "-1000", "0.5", "18446744073709551615"). */
  readonly range?: { readonly min: string; readonly max: string };
  /** `@length(min, max)`: code points for strings, bytes for bytes, items for lists, entries for maps. */
  readonly length?: { readonly min: number; readonly max: number };
  /** `@pattern("re")`: ECMAScript source, as written (the author anchors it). */
  readonly pattern?: string;
  readonly format?: Format;
}

/** What every named thing in the model may carry. */
export interface Documented {
  /** The `///` doc comment, lines joined with "\n". */
  readonly doc?: string;
  /** Present when `@deprecated`; the reason, or "" when none was given. */
  readonly deprecated?: string;
}

/** A struct, error-details, session-settings or event-payload field, or an rpc/send parameter. */
export interface Field extends Documented {
  readonly name: string;
  readonly type: TypeRef;
  readonly optional: boolean;
  /** The field's own attributes. An alias's constraints stay on the alias and apply as well. */
  readonly constraints: Constraints;
}

export interface AliasType extends Documented {
  readonly kind: "alias";
  readonly name: string;
  readonly type: TypeRef;
  readonly constraints: Constraints;
  readonly builtin?: true;
}

export interface StructType extends Documented {
  readonly kind: "struct";
  readonly name: string;
  readonly fields: readonly Field[];
  readonly builtin?: true;
}

export interface EnumMember extends Documented {
  readonly name: string;
}

export interface EnumType extends Documented {
  readonly kind: "enum";
  readonly name: string;
  readonly members: readonly EnumMember[];
  readonly builtin?: true;
}

export interface UnionVariant extends Documented {
  /** The value of `kind` on the wire and in TypeScript. */
  readonly tag: string;
  /** The name of the variant's struct in `Model.types`. */
  readonly struct: string;
}

export interface UnionType extends Documented {
  readonly kind: "union";
  readonly name: string;
  readonly variants: readonly UnionVariant[];
  readonly builtin?: true;
}

export type TypeDeclaration = AliasType | StructType | EnumType | UnionType;

// ── errors and the session kind ──────────────────────────────────────────

export interface ErrorDeclaration extends Documented {
  /** SCREAMING_SNAKE_CASE. */
  readonly code: string;
  /** The error's `details`; empty for `error CODE;`. */
  readonly fields: readonly Field[];
  /** `@retryable`: the error object's `retry` is true. */
  readonly retryable: boolean;
}

export interface SessionDeclaration extends Documented {
  readonly name: string;
  /** The name of the settings struct in `Model.types`. */
  readonly settings: string;
  /** `@maxPlayers(N)`; `null` when not limited. */
  readonly maxPlayers: number | null;
  /** `@joinInProgress`. */
  readonly joinInProgress: boolean;
}

// ── services ─────────────────────────────────────────────────────────────

export interface Service extends Documented {
  readonly name: string;
  /** True for the built-in `session` and `topic` services (docs/protocol.md "Game sessions", "Topics"). */
  readonly builtin: boolean;
  /** rpcs and sends, in source order. */
  readonly methods: readonly Method[];
  readonly events: readonly EventDeclaration[];
}

/** Who may call a method, and how often: server policy, not part of the schema hash. */
export interface Policy {
  /** `@public`: callable by anonymous connections. */
  readonly public: boolean;
  /** `@session` → "member", `@session(running)` → "running"; `@host` implies at least "member". */
  readonly session: "none" | "member" | "running";
  /** `@host`. */
  readonly host: boolean;
  /** `@role("name")`, each repetition adds one; the caller needs every one. */
  readonly roles: readonly string[];
  /** `@rate(N/unit, burst: B)` as a token bucket; `null` when not limited. */
  readonly rate: { readonly perSecond: number; readonly burst: number } | null;
  /** `@timeout(ms)`, default 10000. `null` for sends, which have no deadline. */
  readonly timeoutMs: number | null;
  /** `@queue("name", concurrency: C, depth: D)`; `null` when the call runs on arrival. */
  readonly queue: { readonly name: string; readonly concurrency: number; readonly depth: number } | null;
}

export interface Method extends Documented {
  readonly kind: "rpc" | "send";
  readonly name: string;
  /** `service.name`, e.g. "combat.attack". */
  readonly fullName: string;
  readonly params: readonly Field[];
  /** `null` for sends and for rpcs that return nothing. */
  readonly result: TypeRef | null;
  /** Declared error codes the handler may raise (always empty for sends). */
  readonly throws: readonly string[];
  readonly policy: Policy;
}

export type Recipients = "session" | "players" | "area" | "topic" | "all";

export interface EventDeclaration extends Documented {
  readonly name: string;
  /** `service.name`, e.g. "combat.damaged". */
  readonly fullName: string;
  readonly recipients: Recipients;
  /** False for `@unreliable`: no seq, never replayed, dropped first. */
  readonly reliable: boolean;
  readonly fields: readonly Field[];
}
