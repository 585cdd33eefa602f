/**
 * One emitted event, serialized at most once per codec whatever the number of recipients
 * (PROTOCOL.md: "The server serializes a broadcast's data once"; per recipient only `seq` is spliced).
 */
import {
  CODECS,
  toWire,
  type Codec,
  type CodecName,
  type Frame,
  type PreparedEvent,
  type Shapes,
} from "../../runtime-client/protocol/index.js";
import type { WireShape } from "../../runtime-client/protocol/definition.js";

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

  frame(codec: Codec, seq: number | undefined): Frame {
    return codec.eventFrame(this.prepare(codec), seq);
  }

  /** The serialized size, for the replay buffer's byte bound. */
  get size(): number {
    if (this.bytes < 0) {
      const frame = this.prepare(
        this.prepared.msgpack !== undefined ? CODECS.msgpack : CODECS.json,
      ).unsequenced;
      this.bytes = typeof frame === "string" ? Buffer.byteLength(frame) : frame.byteLength;
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
