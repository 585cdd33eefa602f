/**
 * One emitted event, serialized at most once per codec whatever the number of recipients
 * (docs/protocol.md "Events, ordering and replay"; docs/server.md "Under load": per recipient only
 * `seq` is spliced into a whole WebSocket frame).
 */
import {
  CODECS,
  toWire,
  type Codec,
  type CodecName,
  type PreparedEvent,
  type Shapes,
} from "../../protocol/index.js";
import type { WireShape } from "../../protocol/definition.js";
import { bytesFrame, headerLength, writeHeader } from "../transport/ws-frame.js";

export class OutboundEvent {
  private readonly prepared: Partial<Record<CodecName, PreparedEvent>> = {};
  /** Per codec, the unsequenced frame (an unreliable event's), the same bytes for every recipient. */
  private readonly unsequenced: Partial<Record<CodecName, Buffer>> = {};
  private bytes = -1;

  constructor(
    readonly name: string,
    /** The TypeScript form, already validated. */
    readonly data: unknown,
    readonly reliable: boolean,
    readonly ts: number,
    private readonly shape: WireShape | null,
    private readonly shapes: Shapes,
  ) {}

  /**
   * One recipient's whole WebSocket frame (ws-frame.ts): the envelope was encoded once, and only
   * the header and seq are written per recipient, into a Buffer from Node's shared pool
   * (docs/contributing.md "Hot paths").
   */
  socketFrame(codec: Codec, seq: number | undefined): Buffer {
    const prepared = this.prepare(codec);
    if (seq === undefined) {
      let frame = this.unsequenced[codec.name];
      if (frame === undefined) {
        frame = bytesFrame(prepared.unsequencedBytes, codec.binary);
        this.unsequenced[codec.name] = frame;
      }
      return frame;
    }
    const length = codec.eventFrameLength(prepared, seq);
    const offset = headerLength(length);
    const frame = Buffer.allocUnsafe(offset + length);
    writeHeader(frame, length, codec.binary);
    codec.writeEventFrame(prepared, seq, frame, offset);
    return frame;
  }

  /** The serialized size, for the replay buffer's byte bound. */
  get size(): number {
    if (this.bytes < 0) {
      // Any codec's size will do for the bound; one already prepared costs nothing more.
      const prepared = this.prepared.binary ?? this.prepared.msgpack ?? this.prepare(CODECS.json);
      this.bytes = prepared.unsequencedBytes.byteLength;
    }
    return this.bytes;
  }

  private prepare(codec: Codec): PreparedEvent {
    let prepared = this.prepared[codec.name];
    if (prepared === undefined) {
      // The binary codec carries the TypeScript form (docs/protocol.md "The binary codec").
      const data =
        codec.name === "binary" ? this.data : toWire(this.data, this.shape, this.shapes, codec.name);
      prepared = codec.prepareEvent(this.name, data, this.ts);
      this.prepared[codec.name] = prepared;
    }
    return prepared;
  }
}
