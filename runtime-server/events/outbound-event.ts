/**
 * One emitted event, serialized at most once per codec whatever the number of recipients
 * (PROTOCOL.md: "The server serializes a broadcast's data once"; per recipient only `seq` is spliced).
 */
import {
  CODECS,
  toWire,
  type Codec,
  type CodecName,
  type PreparedEvent,
  type Shapes,
} from "../../runtime-client/protocol/index.js";
import type { WireShape } from "../../runtime-client/protocol/definition.js";

/** Small frames come from Node's shared pool rather than an allocation of their own each. */
const allocFrame = (size: number): Uint8Array => Buffer.allocUnsafe(size);

export class OutboundEvent {
  private readonly prepared: Partial<Record<CodecName, PreparedEvent>> = {};
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
   * One recipient's frame as bytes (a text frame's too): the envelope was encoded once, and only the
   * seq is written per recipient, into a pooled Buffer (STYLE.md habit 8).
   */
  frame(codec: Codec, seq: number | undefined): Uint8Array {
    return codec.eventFrameBytes(this.prepare(codec), seq, allocFrame);
  }

  /** The serialized size, for the replay buffer's byte bound. */
  get size(): number {
    if (this.bytes < 0) {
      const codec = this.prepared.msgpack !== undefined ? CODECS.msgpack : CODECS.json;
      this.bytes = this.prepare(codec).unsequencedBytes.byteLength;
    }
    return this.bytes;
  }

  private prepare(codec: Codec): PreparedEvent {
    let prepared = this.prepared[codec.name];
    if (prepared === undefined) {
      prepared = codec.prepareEvent(
        this.name,
        toWire(this.data, this.shape, this.shapes, codec.name),
        this.ts,
      );
      this.prepared[codec.name] = prepared;
    }
    return prepared;
  }
}
