/**
 * What generated code hands to the runtimes: the API's wire-level description, without types.
 * The generator emits one `ApiDefinition` per schema (generated `definition.ts`); `gidl/server` and
 * `gidl/client` read nothing else about the schema at run time (docs/architecture.md "The rooms":
 * the runtimes never import the compiler). Node-free: the browser client uses it.
 */
import type { BinarySchema } from "./binary/schema.js";

/** Who may call a method, and how often (docs/language.md "Attributes", normalised by the compiler). */
export interface MethodPolicy {
  readonly public: boolean;
  readonly session: "none" | "member" | "running";
  readonly host: boolean;
  readonly roles: readonly string[];
  readonly rate: { readonly perSecond: number; readonly burst: number } | null;
  /** Handler deadline; `null` for sends. */
  readonly timeoutMs: number | null;
  readonly queue: { readonly name: string; readonly concurrency: number; readonly depth: number } | null;
}

/**
 * Where a value's wire form differs from its TypeScript form (docs/protocol.md "Frames and
 * messages": decoders turn i64/u64 decimal strings into `bigint` and base64 strings into
 * `Uint8Array` for JSON; MessagePack carries them natively). Only the parts that need converting
 * are described: a value whose shape is `null` travels as it is, which keeps the common path free
 * of any walk.
 */
export type WireShape =
  | { readonly kind: "i64" }
  /** Rounded to single precision on JSON and MessagePack (docs/protocol.md "The binary codec"). */
  | { readonly kind: "f32" }
  | { readonly kind: "bytes" }
  /** Only the fields that need converting are listed. */
  | { readonly kind: "object"; readonly fields: Readonly<Record<string, WireShape>> }
  | { readonly kind: "list"; readonly element: WireShape }
  | { readonly kind: "map"; readonly value: WireShape }
  /** A tagged union: the shape of each variant that needs converting, by its `kind` tag. */
  | { readonly kind: "union"; readonly variants: Readonly<Record<string, WireShape>> }
  /** A named type's shape in `ApiDefinition.shapes` (named types may be recursive). */
  | { readonly kind: "ref"; readonly name: string };

export interface MethodDefinition {
  readonly kind: "rpc" | "send";
  readonly policy: MethodPolicy;
  /**
   * Declared error codes the handler may raise (its `throws`); any other declared code it throws
   * answers INTERNAL (docs/server.md "Handlers").
   */
  readonly throws: readonly string[];
  readonly params: WireShape | null;
  readonly result: WireShape | null;
}

export interface EventDefinition {
  readonly recipients: "session" | "players" | "area" | "topic" | "all";
  /** False for `@unreliable` events: no seq, never replayed. */
  readonly reliable: boolean;
  readonly payload: WireShape | null;
}

export interface ErrorDefinition {
  readonly retryable: boolean;
}

export interface ApiDefinition {
  readonly package: string;
  readonly version: number | null;
  /** The schema hash sent in `hello`. */
  readonly hash: string;
  /** By full name (`combat.attack`), built-in `session.*` and `topic.*` included. */
  readonly methods: Readonly<Record<string, MethodDefinition>>;
  /** By full name (`combat.damaged`), built-in `session.*` events included. */
  readonly events: Readonly<Record<string, EventDefinition>>;
  /** Declared errors by code. */
  readonly errors: Readonly<Record<string, ErrorDefinition>>;
  /** Shapes of named types that need converting, for `{ kind: "ref" }`. */
  readonly shapes: Readonly<Record<string, WireShape>>;
  /**
   * The generated encoders and decoders of the binary codec (generated `binary.ts`); absent in code
   * generated before it existed, which then cannot offer it.
   */
  readonly binary?: BinarySchema;
  /** The game-session kind; `null` when the schema declares none (sessions still work, without settings). */
  readonly session: { readonly maxPlayers: number | null; readonly joinInProgress: boolean } | null;
}

/** An ajv standalone validate function, as the generated `validators.ts` exports them. */
export interface ValidateFunction {
  (data: unknown): boolean;
  errors?:
    | null
    | readonly {
        readonly instancePath: string;
        readonly keyword: string;
        readonly message?: string;
        readonly params: object;
      }[];
}

/**
 * The generated validators (validators.ts), by full name. Validators check the TypeScript form
 * (after decoding) and remove fields the schema does not declare.
 */
export interface ApiValidators {
  readonly params: Readonly<Record<string, ValidateFunction>>;
  readonly results: Readonly<Record<string, ValidateFunction>>;
  readonly events: Readonly<Record<string, ValidateFunction>>;
  /** The `details` of each declared error with fields, by code; an error without fields has none. */
  readonly errors: Readonly<Record<string, ValidateFunction>>;
}
