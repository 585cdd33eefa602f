/**
 * Makes test/vectors/binary.json (docs/protocol.md "Test vectors") with the reference encoder.
 * Rewrite it after a change here or to binary.gidl, and review the diff:
 *
 *   UPDATE_VECTORS=1 npx vitest run test/vectors/vectors-file.test.ts
 *
 * Valid vectors give a value or message in the JSON codec's wire form; `decoded` is there only
 * when decoding gives back another value than the one encoded (an f32 rounded to binary32).
 * Invalid frames are put together by hand from the reference's pieces, one fault each.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";
import { compile, type Model } from "../../idl/index.js";
import { invalidFrames } from "./invalid-frames.js";
import { lenientCases } from "./lenient-cases.js";
import { batch, hex, ReferenceEncoder } from "./reference-encoder.js";
import { clientMessages, serverMessages, type MessageCase } from "./message-cases.js";
import { valueCases } from "./value-cases.js";

export const VECTORS_DIR = fileURLToPath(new URL(".", import.meta.url));
export const VECTORS_FILE = path.join(VECTORS_DIR, "binary.json");

export interface ValueVector {
  readonly type: string;
  readonly json: unknown;
  readonly decoded?: unknown;
  readonly hex: string;
  readonly note: string;
}

export interface MessageVector {
  readonly direction: "client" | "server";
  /** One message, or an array of messages for a batch. */
  readonly message: unknown;
  /** The full name of the method a `response` answers (a batch: one entry per item, or null). */
  readonly method?: string | readonly (string | null)[];
  readonly hex: string;
  /** Not what an encoder writes, but what a decoder must accept: decode it only. */
  readonly decodeOnly?: true;
  readonly note: string;
}

export interface Answer {
  readonly code: "BAD_MESSAGE" | "INVALID_ARGUMENT" | "NOT_FOUND";
  /** The rpc id the answer is a `response` to; absent: an `error` message. */
  readonly id?: number;
  readonly problems?: readonly { readonly path: string; readonly message: string }[];
}

export interface InvalidVector {
  readonly direction: "client";
  readonly hex: string;
  readonly answer: Answer;
  readonly note: string;
}

export interface VectorFile {
  readonly schema: string;
  readonly hash: string;
  readonly values: readonly ValueVector[];
  readonly messages: readonly MessageVector[];
  readonly invalid: readonly InvalidVector[];
}

/** The rpc of binary.gidl's `values` service that returns a value of `type`. */
export function valueMethod(type: string): string {
  return `values.${type.charAt(0).toLowerCase()}${type.slice(1)}`;
}

export function compileVectorSchema(): Model {
  const compiled = compile(path.join(VECTORS_DIR, "binary.gidl"));
  if (compiled.model === undefined) {
    throw new Error(`binary.gidl: ${compiled.diagnostics.map((d) => d.message).join("; ")}`);
  }
  return compiled.model;
}

export function makeVectors(model: Model = compileVectorSchema()): VectorFile {
  const encoder = new ReferenceEncoder(model);
  const values = valueCases().map((value): ValueVector => {
    const bytes = handChecked(hex(encoder.named(value.type, value.json)), value.hand, value.note);
    return {
      type: value.type,
      json: value.json,
      ...(value.decoded === undefined ? {} : { decoded: value.decoded }),
      hex: bytes,
      note: value.note,
    };
  });
  const message = (direction: "client" | "server", item: MessageCase): MessageVector => {
    if (Array.isArray(item.message)) {
      const methods = (item.method ?? []) as readonly (string | null)[];
      const items = (item.message as Record<string, unknown>[]).map((one, i) =>
        encoder.message(one, methods[i] ?? undefined),
      );
      return { direction, ...vector(item), hex: handChecked(hex(batch(items)), item.hand, item.note) };
    }
    const bytes = encoder.message(item.message as Record<string, unknown>, item.method as string | undefined);
    return { direction, ...vector(item), hex: handChecked(hex(bytes), item.hand, item.note) };
  };
  return {
    schema: "binary.gidl",
    hash: model.hash,
    values,
    messages: [
      ...clientMessages(model.hash).map((item) => message("client", item)),
      ...serverMessages().map((item) => message("server", item)),
      ...lenientCases(model.hash).map(({ direction, hex: bytes, note, ...item }): MessageVector => ({
        direction,
        ...item,
        hex: bytes.replace(/ /g, ""),
        decodeOnly: true,
        note,
      })),
    ],
    invalid: invalidFrames(encoder),
  };
}

/**
 * Some cases carry the bytes as worked out by hand from docs/protocol.md (spaces between fields):
 * the reference encoder must agree with every one of them.
 */
function handChecked(computed: string, hand: string | undefined, note: string): string {
  if (hand !== undefined && hand.replace(/ /g, "") !== computed) {
    throw new Error(`the reference encoder gives ${computed} for "${note}"; by hand: ${hand}`);
  }
  return computed;
}

function vector(item: MessageCase): Omit<MessageVector, "direction" | "hex"> {
  return {
    message: item.message,
    ...(item.method === undefined ? {} : { method: item.method }),
    note: item.note,
  };
}

/** The file's text, as the repository's Prettier settings format it (`npm run lint` checks it). */
export async function vectorFileText(file: VectorFile): Promise<string> {
  const options = (await resolveConfig(VECTORS_FILE)) ?? {};
  return format(JSON.stringify(file), { ...options, parser: "json" });
}
