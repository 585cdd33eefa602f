/**
 * MessagePack in binary frames (docs/protocol.md "Frames and messages"), with msgpackr. Node-free.
 *
 * Integers: msgpackr's `int64AsType: "auto"` keeps every integer up to 2^53 a `number` and gives a
 * `bigint` only beyond, so that fields of other integer types stay numbers whatever width another
 * language's encoder picked; wire-convert.ts then turns the `i64`/`u64` positions into `bigint`.
 * `bigint` values are packed as 64-bit integers; `Uint8Array` as `bin`.
 */
import { Packr, Unpackr, type Options } from "msgpackr";
import { CodecError, type Codec, type Frame, type PreparedEvent } from "./codec.js";
import { SUBPROTOCOLS } from "./messages.js";
import { scanMessagePack } from "./msgpack-scan.js";

// msgpackr 2.1 supports `skipValues` and `int64AsType: "auto"`; its typings lag behind.
const packr = new Packr({
  useRecords: false,
  // `undefined` would otherwise be packed as extension 0, which every receiver refuses; this matches JSON.
  encodeUndefinedAsNil: true,
  skipValues: [undefined],
} as Options);
const unpackr = new Unpackr({
  useRecords: false,
  mapsAsObjects: true,
  int64AsType: "auto",
} as unknown as Options);
/** For the rare frame with a `__proto__` map key, which `unpackr` would rename (see `objectsOf`). */
const mapUnpackr = new Unpackr({
  useRecords: false,
  mapsAsObjects: false,
  int64AsType: "auto",
} as unknown as Options);

/**
 * Decoded `Map`s → plain objects whose keys are own data properties, `__proto__` included, as
 * `JSON.parse` makes them: the same value then meets the same checks whatever the codec
 * (docs/protocol.md "Limits and bad input": `__proto__` never reaches application code; as a `map`
 * key it is INVALID_ARGUMENT).
 */
function objectsOf(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = objectsOf(value[i]);
    return value;
  }
  if (!(value instanceof Map)) return value;
  const object: Record<string, unknown> = {};
  for (const [key, item] of value as Map<string, unknown>) {
    Object.defineProperty(object, key, {
      value: objectsOf(item),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return object;
}

/** `"seq"` as a fixstr. */
const SEQ_KEY = Uint8Array.of(0xa3, 0x73, 0x65, 0x71);

function bytes(frame: Frame): Uint8Array {
  if (typeof frame === "string") throw new CodecError("a MessagePack codec frame must be bytes");
  return frame;
}

/** Where a map's entries start after its header (fixmap, map 16 or map 32). */
function mapHeaderLength(frame: Uint8Array): number {
  const type = frame[0] ?? 0;
  if (type >= 0x80 && type <= 0x8f) return 1;
  if (type === 0xde) return 3;
  if (type === 0xdf) return 5;
  throw new Error(`expected a MessagePack map, found byte 0x${type.toString(16)}`);
}

/** The length of a non-negative safe integer as the smallest MessagePack unsigned integer. */
function uintLength(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x100) return 2;
  if (value < 0x10000) return 3;
  return value < 0x100000000 ? 5 : 9;
}

/** Writes `value` at `at` as the smallest MessagePack unsigned integer (`uintLength` bytes). */
function writeUint(out: Uint8Array, at: number, value: number): void {
  if (value < 0x80) {
    out[at] = value;
  } else if (value < 0x100) {
    out[at] = 0xcc;
    out[at + 1] = value;
  } else if (value < 0x10000) {
    out[at] = 0xcd;
    out[at + 1] = value >> 8;
    out[at + 2] = value & 0xff;
  } else if (value < 0x100000000) {
    out[at] = 0xce;
    out[at + 1] = value >>> 24;
    out[at + 2] = (value >>> 16) & 0xff;
    out[at + 3] = (value >>> 8) & 0xff;
    out[at + 4] = value & 0xff;
  } else {
    out[at] = 0xcf;
    new DataView(out.buffer, out.byteOffset + at + 1, 8).setBigUint64(0, BigInt(value));
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function arrayHeader(length: number): Uint8Array {
  if (length < 16) return Uint8Array.of(0x90 | length);
  if (length < 0x10000) return Uint8Array.of(0xdc, length >> 8, length & 0xff);
  return Uint8Array.of(0xdd, length >>> 24, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff);
}

export const msgpackCodec: Codec = {
  name: "msgpack",
  subprotocol: SUBPROTOCOLS.msgpack,
  binary: true,

  encode(message: unknown): Uint8Array {
    return packr.pack(message);
  },

  decode(frame: Frame): unknown {
    if (typeof frame === "string")
      throw new CodecError("MessagePack travels in binary frames, not text ones");
    const { protoKey } = scanMessagePack(frame);
    try {
      return protoKey ? objectsOf(mapUnpackr.unpack(frame)) : (unpackr.unpack(frame) as unknown);
    } catch (error) {
      throw new CodecError("the frame is not valid MessagePack", { cause: error });
    }
  },

  batch(frames: readonly Frame[]): Uint8Array {
    return concat([arrayHeader(frames.length), ...frames.map(bytes)]);
  },

  prepareEvent(event: string, data: unknown, ts: number): PreparedEvent {
    // Packed once as a 4-entry map; each recipient's frame is a 5-entry header + these entries + seq.
    const whole = packr.pack({ type: "event", event, ts, data: data ?? null });
    const unsequenced = new Uint8Array(whole); // a copy: msgpackr shares its buffer between results
    const body = unsequenced.subarray(mapHeaderLength(unsequenced));
    return { codec: "msgpack", unsequenced, body, unsequencedBytes: unsequenced, bodyBytes: body };
  },

  eventFrame(prepared: PreparedEvent, seq: number | undefined): Uint8Array {
    if (seq === undefined) return prepared.unsequencedBytes;
    const frame = new Uint8Array(msgpackCodec.eventFrameLength(prepared, seq));
    msgpackCodec.writeEventFrame(prepared, seq, frame, 0);
    return frame;
  },

  eventFrameLength(prepared, seq): number {
    return 1 + prepared.bodyBytes.length + SEQ_KEY.length + uintLength(seq);
  },

  writeEventFrame(prepared, seq, target, offset): void {
    const body = prepared.bodyBytes;
    target[offset] = 0x85; // the body's 4 entries and seq
    target.set(body, offset + 1);
    target.set(SEQ_KEY, offset + 1 + body.length);
    writeUint(target, offset + 1 + body.length + SEQ_KEY.length, seq);
  },
};
