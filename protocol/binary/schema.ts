/**
 * What the generated `binary.ts` hands to the binary codec: per method, event and declared error,
 * an encoder and a decoder of its schema value (docs/protocol.md "The binary codec"). The
 * envelope (binary-codec.ts) knows no schema; these functions know no envelope. Node-free.
 */
import type { BinaryReader } from "./reader.js";
import type { BinaryWriter } from "./writer.js";

/**
 * One schema value's encoder and decoder. Values are in their TypeScript form (`bigint`,
 * `Uint8Array`).
 * - `encode` throws `BinaryEncodeError` on a value its type cannot carry.
 * - `decode` throws `BinaryFrameError` on bytes that cannot be framed and `BinaryValueError` on a
 *   well-framed value that is not of its type; a value out of its type's range (300 as a `u8`) is
 *   returned as it is, for the validator to refuse with the JSON path's problem.
 */
export interface ValueCodec {
  readonly encode: (writer: BinaryWriter, value: never) => void;
  readonly decode: (reader: BinaryReader) => unknown;
}

export interface BinaryMethod {
  /** The full name, `combat.attack`. */
  readonly name: string;
  readonly params: ValueCodec;
  /** `null` for sends and for rpcs that return nothing. */
  readonly result: ValueCodec | null;
}

export interface BinaryEvent {
  readonly name: string;
  readonly payload: ValueCodec;
}

export interface BinarySchema {
  /** The schema hash (the token carries its first 16 hex digits). */
  readonly hash: string;
  /** Sorted by full name: a method's wire index is its position (built-in methods included). */
  readonly methods: readonly BinaryMethod[];
  /** Sorted by full name, built-in `session.*` events included. */
  readonly events: readonly BinaryEvent[];
  /** The details of each declared error, by code (an error without fields has an empty struct). */
  readonly errors: Readonly<Record<string, ValueCodec>>;
}
