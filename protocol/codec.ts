/**
 * How messages become frames and back (docs/protocol.md "Frames and messages"). A codec sees wire
 * forms only: converting i64/bytes to and from their TypeScript forms is wire-convert.ts's job.
 * Node-free.
 */
import type { CodecName } from "./messages.js";

/** A WebSocket frame's payload: text frames carry strings (JSON), binary frames bytes (MessagePack). */
export type Frame = string | Uint8Array;

/** An event envelope serialized once for many recipients (docs/protocol.md "Events, ordering and replay"). */
export interface PreparedEvent {
  readonly codec: CodecName;
  /** The frame without `seq` — what every recipient of an unreliable event gets, as the same bytes. */
  readonly unsequenced: Frame;
  /** The envelope's fields before `seq` is appended; only the codec that made it reads it. */
  readonly body: Frame;
  /** `unsequenced` and `body` as bytes (UTF-8 for text), for `writeEventFrame`. */
  readonly unsequencedBytes: Uint8Array;
  readonly bodyBytes: Uint8Array;
}

export interface Codec {
  readonly name: CodecName;
  /** The WebSocket subprotocol (`gidl.v1.json`, `gidl.v1.msgpack`, `gidl.v1.binary.<h>`). */
  readonly subprotocol: string;
  /** Whether frames are binary (MessagePack, binary) rather than text (JSON). */
  readonly binary: boolean;
  /**
   * One message, or an array of messages (a batch), in wire form → one frame. `method` is the full
   * name of the method a `response` answers: the binary codec encodes a result by its method's
   * type (docs/protocol.md "The binary codec"); the others ignore it.
   */
  encode(message: unknown, method?: string): Frame;
  /** One frame → a message or a batch, still to be checked. Throws `CodecError` on a bad frame. */
  decode(frame: Frame): unknown;
  /** Frames this codec encoded → one batch frame, without decoding or re-encoding them. */
  batch(frames: readonly Frame[]): Frame;
  /** Serializes an event envelope (`data` in wire form) once, for any number of recipients. */
  prepareEvent(event: string, data: unknown, ts: number): PreparedEvent;
  /** One recipient's frame: `seq` spliced into the prepared envelope, or the unsequenced frame. */
  eventFrame(prepared: PreparedEvent, seq: number | undefined): Frame;
  /** The byte length of `eventFrame(prepared, seq)` (UTF-8 for text), for `writeEventFrame`. */
  eventFrameLength(prepared: PreparedEvent, seq: number): number;
  /**
   * Writes the same frame's bytes into `target` at `offset` (a server writes them after the
   * WebSocket header, in one buffer per recipient): only the seq is encoded per recipient, where a
   * text frame would be UTF-8-encoded again for each socket.
   */
  writeEventFrame(prepared: PreparedEvent, seq: number, target: Uint8Array, offset: number): void;
}

/** A frame that cannot be decoded; the server answers it with `BAD_MESSAGE`. */
export class CodecError extends Error {
  override readonly name = "CodecError";
}
