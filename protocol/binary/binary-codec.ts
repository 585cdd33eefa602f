/**
 * The schema-driven binary codec (docs/protocol.md "The binary codec"): the envelope around the
 * value codecs a generated `binary.ts` supplies. It sees values in their TypeScript form (`bigint`,
 * `Uint8Array`): runtimes skip wire conversion for it. Node-free.
 */
import { CodecError, type Codec, type Frame, type PreparedEvent } from "../codec.js";
import { binarySubprotocol } from "../messages.js";
import { decodeFrame } from "./envelope-decode.js";
import { indexSchema } from "./envelope.js";
import { writeMessage } from "./envelope-encode.js";
import { eventFrame, eventFrameLength, prepareEvent, writeEventFrame } from "./events.js";
import { BinaryReader } from "./reader.js";
import type { BinarySchema } from "./schema.js";
import { BinaryEncodeError, BinaryWriter } from "./writer.js";

export function createBinaryCodec(schema: BinarySchema): Codec {
  const index = indexSchema(schema);
  // Encoding and decoding are synchronous: one writer and one reader serve every message.
  const writer = new BinaryWriter(1024);
  const reader = new BinaryReader(new Uint8Array(0));

  return {
    name: "binary",
    subprotocol: binarySubprotocol(schema.hash),
    binary: true,

    /**
     * A `response` with a result needs `method`; an array is a batch (whose responses may then
     * carry errors only: use `batch` to join frames encoded one by one).
     */
    encode(message: unknown, method?: string): Uint8Array {
      writer.reset();
      if (!Array.isArray(message)) {
        writeMessage(writer, index, message, method);
        return writer.finish();
      }
      writer.byte(0);
      writer.uint(message.length);
      for (const item of message as unknown[]) {
        if (Array.isArray(item)) throw new BinaryEncodeError("a batch cannot hold a batch");
        const start = writer.beginLength();
        writeMessage(writer, index, item, undefined);
        writer.endLength(start);
      }
      return writer.finish();
    },

    decode(frame: Frame): unknown {
      if (typeof frame === "string") {
        throw new CodecError("the binary codec travels in binary frames, not text ones");
      }
      return decodeFrame(reader, index, frame);
    },

    batch(frames: readonly Frame[]): Uint8Array {
      writer.reset();
      writer.byte(0);
      writer.uint(frames.length);
      for (const frame of frames) {
        if (typeof frame === "string") throw new BinaryEncodeError("a binary codec frame must be bytes");
        if (frame[0] === 0) throw new BinaryEncodeError("a batch cannot hold a batch");
        writer.uint(frame.length);
        writer.raw(frame);
      }
      return writer.finish();
    },

    prepareEvent(event: string, data: unknown, ts: number): PreparedEvent {
      return prepareEvent(writer, index, event, data, ts);
    },
    eventFrame,
    eventFrameLength,
    writeEventFrame,
  };
}
