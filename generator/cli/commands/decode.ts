// gidl decode --schema <schema.gidl> <hex|file>: a binary-codec frame as JSON, or where it breaks.
import * as path from "node:path";
import { Command } from "commander";
import {
  CodecError,
  createBinaryCodec,
  encodeBase64,
  InvalidValue,
  messagesOfFrame,
  UndecodableMessage,
} from "../../../protocol/index.js";
import type { CommandDefinition } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import { hexWithCaret, readFrameInput } from "../frame-input.js";
import { loadBinarySchema } from "../load-binary-schema.js";
import { compileForGeneration } from "../shared-options.js";

interface DecodeOptions {
  readonly schema: string;
}

export const decodeCommand: CommandDefinition = (context) =>
  new Command("decode")
    .description("print a frame of the binary codec as JSON, or say where a bad one breaks")
    .requiredOption("--schema <schema.gidl>", "the schema both peers were generated from")
    .argument("<frame>", "the frame: a file of its bytes, or its bytes as hex")
    .action(async (frame: string, options: DecodeOptions) => {
      const input = readFrameInput(frame);
      if (!input.ok) {
        context.stderr(`gidl decode: ${input.error}\n`);
        context.exitCode = ExitCode.usage;
        return;
      }
      const model = compileForGeneration(options.schema, context);
      if (model === undefined) return;
      const codec = createBinaryCodec(await loadBinarySchema(model, path.basename(options.schema)));
      let decoded: unknown;
      try {
        decoded = codec.decode(input.bytes);
      } catch (error) {
        if (!(error instanceof CodecError)) throw error;
        reportBadFrame(context.stderr, input.bytes, error.message);
        context.exitCode = ExitCode.schemaErrors;
        return;
      }
      const messages = messagesOfFrame(decoded);
      context.stdout(JSON.stringify(Array.isArray(decoded) ? messages : messages[0], wireJson, 2) + "\n");
      for (const message of messages) {
        const problem = problemOf(message);
        if (problem === undefined) continue;
        reportBadFrame(context.stderr, input.bytes, problem);
        context.exitCode = ExitCode.schemaErrors;
      }
    });

/** What a user reads in JSON: i64/u64 as decimal strings and bytes as base64, as the JSON codec sends them. */
function wireJson(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return encodeBase64(value);
  if (value instanceof UndecodableMessage) return { undecodable: value.reason, ...idOf(value.id) };
  if (value instanceof InvalidValue) return { invalid: value.problems };
  return value;
}

function idOf(id: number | undefined): { id?: number } {
  return id === undefined ? {} : { id };
}

/** Why a decoded item is bad, if it is: a message that could not be read, or params not of their type. */
function problemOf(message: unknown): string | undefined {
  if (message instanceof UndecodableMessage) return message.reason;
  const params = (message as { params?: unknown } | null)?.params;
  if (params instanceof InvalidValue) {
    return params.problems.map((problem) => `${problem.path || "params"}: ${problem.message}`).join("; ");
  }
  return undefined;
}

function reportBadFrame(stderr: (text: string) => void, bytes: Uint8Array, reason: string): void {
  stderr(`gidl decode: bad frame: ${reason}\n`);
  const offset = /\(at byte (\d+)\)/.exec(reason)?.[1];
  if (offset !== undefined) stderr(hexWithCaret(bytes, Number(offset)));
}
