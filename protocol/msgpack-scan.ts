/**
 * A structural pass over a MessagePack frame before msgpackr decodes it. msgpackr's extension
 * handlers are process-wide (timestamps, records, its own bigint…), so refusing extension types
 * (docs/protocol.md "Frames and messages") is done here, together with what our
 * messages never contain: the unused byte 0xc1, map keys other than strings, truncated data and
 * trailing bytes. Iterative, so deep nesting cannot exhaust the stack, and container lengths are
 * checked against the bytes left before anything is allocated.
 *
 * It also reports a map key `__proto__`: msgpackr renames that key to `__proto_` when it builds
 * objects, which would let it past the checks that refuse it (docs/protocol.md "Limits and bad
 * input": as a key of a `map` it is INVALID_ARGUMENT), so the codec decodes such a frame another
 * way (msgpack-codec.ts).
 */
import { CodecError } from "./codec.js";

/** Bytes after the type byte that hold a length (str/bin/array/map) or a fixed-size payload. */
function readLength(bytes: Uint8Array, at: number, size: 1 | 2 | 4): number {
  if (at + size > bytes.length) throw new CodecError("MessagePack frame is truncated");
  if (size === 1) return bytes[at] ?? 0;
  if (size === 2) return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
  return (
    (bytes[at] ?? 0) * 0x1000000 +
    (((bytes[at + 1] ?? 0) << 16) | ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0))
  );
}

/** `__proto__` in UTF-8. */
const PROTO_KEY = [0x5f, 0x5f, 0x70, 0x72, 0x6f, 0x74, 0x6f, 0x5f, 0x5f];

/** Whether the string whose type byte is at `at` is exactly `__proto__` (any of the str encodings). */
function isProtoKey(bytes: Uint8Array, at: number): boolean {
  const type = bytes[at] ?? 0;
  let start: number;
  if (type === 0xa0 + PROTO_KEY.length) start = at + 1;
  else if (type === 0xd9 && bytes[at + 1] === PROTO_KEY.length) start = at + 2;
  else if (type === 0xda && bytes[at + 1] === 0 && bytes[at + 2] === PROTO_KEY.length) start = at + 3;
  else if (type === 0xdb && readLength(bytes, at + 1, 4) === PROTO_KEY.length) start = at + 5;
  else return false;
  if (start + PROTO_KEY.length > bytes.length) return false;
  for (let i = 0; i < PROTO_KEY.length; i++) if (bytes[start + i] !== PROTO_KEY[i]) return false;
  return true;
}

function isStringType(type: number): boolean {
  return (type >= 0xa0 && type <= 0xbf) || type === 0xd9 || type === 0xda || type === 0xdb;
}

export interface ScanResult {
  /** Some map has a key `__proto__`. */
  readonly protoKey: boolean;
}

/** Throws `CodecError` when `bytes` is not exactly one MessagePack value our protocol can carry. */
export function scanMessagePack(bytes: Uint8Array): ScanResult {
  let protoKey = false;
  // Per open container: items still to read, and whether it is a map (then even items are keys).
  // The root is a one-item container that is not a map.
  const remaining: number[] = [1];
  const isMap: boolean[] = [false];
  let pos = 0;
  while (remaining.length > 0) {
    const top = remaining.length - 1;
    const left = (remaining[top] ?? 0) - 1;
    if (left < 0) {
      remaining.pop();
      isMap.pop();
      continue;
    }
    remaining[top] = left;
    if (pos >= bytes.length) throw new CodecError("MessagePack frame is truncated");
    const type = bytes[pos] ?? 0;
    // A map of n entries holds 2n items; with the count already decremented, an odd count left means a key.
    if (isMap[top] === true && left % 2 === 1) {
      if (!isStringType(type)) throw new CodecError("MessagePack map keys must be strings");
      if (!protoKey && isProtoKey(bytes, pos)) protoKey = true;
    }
    pos++;
    let skip = 0;
    let items = -1;
    let map = false;
    if (type <= 0x7f || type >= 0xe0 || type === 0xc0 || type === 0xc2 || type === 0xc3) skip = 0;
    else if (type <= 0x8f) [items, map] = [(type & 0x0f) * 2, true];
    else if (type <= 0x9f) items = type & 0x0f;
    else if (type <= 0xbf) skip = type & 0x1f;
    else {
      switch (type) {
        case 0xc4:
        case 0xd9:
          skip = readLength(bytes, pos, 1) + 1;
          break;
        case 0xc5:
        case 0xda:
          skip = readLength(bytes, pos, 2) + 2;
          break;
        case 0xc6:
        case 0xdb:
          skip = readLength(bytes, pos, 4) + 4;
          break;
        case 0xcc:
        case 0xd0:
          skip = 1;
          break;
        case 0xcd:
        case 0xd1:
          skip = 2;
          break;
        case 0xca:
        case 0xce:
        case 0xd2:
          skip = 4;
          break;
        case 0xcb:
        case 0xcf:
        case 0xd3:
          skip = 8;
          break;
        case 0xdc:
          items = readLength(bytes, pos, 2);
          pos += 2;
          break;
        case 0xdd:
          items = readLength(bytes, pos, 4);
          pos += 4;
          break;
        case 0xde:
          [items, map] = [readLength(bytes, pos, 2) * 2, true];
          pos += 2;
          break;
        case 0xdf:
          [items, map] = [readLength(bytes, pos, 4) * 2, true];
          pos += 4;
          break;
        case 0xc1:
          throw new CodecError("MessagePack frame holds the never-used byte 0xc1");
        default:
          // 0xc7–0xc9 ext 8/16/32 and 0xd4–0xd8 fixext.
          throw new CodecError(`MessagePack extension types are refused (byte 0x${type.toString(16)})`);
      }
    }
    pos += skip;
    if (pos > bytes.length) throw new CodecError("MessagePack frame is truncated");
    if (items > 0) {
      // Every item takes at least one byte: a length beyond the frame is a lie, caught before looping.
      if (items > bytes.length - pos) throw new CodecError("MessagePack frame is truncated");
      remaining.push(items);
      isMap.push(map);
    }
  }
  if (pos !== bytes.length) throw new CodecError("MessagePack frame has bytes after its message");
  return { protoKey };
}
