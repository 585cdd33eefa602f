/**
 * An event to many recipients, encoded once (docs/protocol.md "Events, ordering and replay"): the
 * payload is written once, and each recipient's frame is its small header, with its `seq`, and
 * those bytes copied. The frames are byte for byte `encode`'s. Node-free.
 */
import type { PreparedEvent } from "../codec.js";
import { Flag, MessageType, type SchemaIndex } from "./envelope.js";
import { writeEvent } from "./envelope-encode.js";
import type { BinaryWriter } from "./writer.js";

interface BinaryPreparedEvent extends PreparedEvent {
  /** The payload's bytes, after the header. */
  readonly payload: Uint8Array;
}

/** `unsequenced` is the whole frame without `seq`; `body` the header's event index and `ts`. */
export function prepareEvent(
  writer: BinaryWriter,
  index: SchemaIndex,
  event: string,
  data: unknown,
  ts: number,
): PreparedEvent {
  writer.reset();
  writeEvent(writer, index, event, data, ts, undefined);
  const unsequenced = writer.finish();
  // type, header length, flags: one byte each (the header is the flags, an index and a time).
  const headerEnd = 2 + (unsequenced[1] as number);
  const body = unsequenced.subarray(3, headerEnd);
  const prepared: BinaryPreparedEvent = {
    codec: "binary",
    unsequenced,
    body,
    unsequencedBytes: unsequenced,
    bodyBytes: body,
    payload: unsequenced.subarray(headerEnd),
  };
  return prepared;
}

function headerLength(prepared: PreparedEvent, seq: number): number {
  return 1 + prepared.bodyBytes.length + varintLength(seq);
}

export function eventFrameLength(prepared: PreparedEvent, seq: number): number {
  const header = headerLength(prepared, seq);
  return 1 + varintLength(header) + header + (prepared as BinaryPreparedEvent).payload.length;
}

export function writeEventFrame(
  prepared: PreparedEvent,
  seq: number,
  target: Uint8Array,
  offset: number,
): void {
  target[offset] = MessageType.event;
  let at = writeVarint(target, offset + 1, headerLength(prepared, seq));
  target[at++] = Flag.eventSeq;
  target.set(prepared.bodyBytes, at);
  at = writeVarint(target, at + prepared.bodyBytes.length, seq);
  target.set((prepared as BinaryPreparedEvent).payload, at);
}

export function eventFrame(prepared: PreparedEvent, seq: number | undefined): Uint8Array {
  if (seq === undefined) return prepared.unsequencedBytes;
  const frame = new Uint8Array(eventFrameLength(prepared, seq));
  writeEventFrame(prepared, seq, frame, 0);
  return frame;
}

/** The bytes of a safe non-negative integer as a varint. */
function varintLength(value: number): number {
  let length = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) length++;
  return length;
}

/** Writes a varint at `at`; returns where it ends. Division, not shifts: seqs pass 2^32. */
function writeVarint(target: Uint8Array, at: number, value: number): number {
  let rest = value;
  let position = at;
  while (rest >= 0x80) {
    target[position++] = (rest % 0x80) | 0x80;
    rest = Math.floor(rest / 0x80);
  }
  target[position++] = rest;
  return position;
}
