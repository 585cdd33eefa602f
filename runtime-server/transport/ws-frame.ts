/**
 * Server-to-client WebSocket data frames (RFC 6455 §5.2: FIN set, unmasked) with header and
 * payload in one buffer, written to the socket in one write. ws's `send` writes a frame's header
 * and payload as two chunks: a `writev` each time, and two entries in a corked socket's buffer.
 * Used only while ws's own sender writes straight through (no permessage-deflate, which gidl never
 * negotiates), so frames from both keep their order.
 */

const FIN = 0x80;
const OPCODE_TEXT = 0x1;
const OPCODE_BINARY = 0x2;

/** The header's length for a payload of `length` bytes: 7-bit, 16-bit or 64-bit length. */
export function headerLength(length: number): number {
  return length < 126 ? 2 : length < 0x10000 ? 4 : 10;
}

/** Writes the header of a final text or binary frame of `length` bytes at the start of `frame`. */
export function writeHeader(frame: Uint8Array, length: number, binary: boolean): void {
  frame[0] = FIN | (binary ? OPCODE_BINARY : OPCODE_TEXT);
  if (length < 126) {
    frame[1] = length;
  } else if (length < 0x10000) {
    frame[1] = 126;
    frame[2] = length >>> 8;
    frame[3] = length & 0xff;
  } else {
    frame[1] = 127;
    // Frames are far below 2^32 bytes (maxPayload); the high word is zero.
    frame.fill(0, 2, 6);
    frame[6] = length >>> 24;
    frame[7] = (length >>> 16) & 0xff;
    frame[8] = (length >>> 8) & 0xff;
    frame[9] = length & 0xff;
  }
}

/** A whole text frame of `text` (UTF-8). */
export function textFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const offset = headerLength(length);
  const frame = Buffer.allocUnsafe(offset + length);
  writeHeader(frame, length, false);
  frame.write(text, offset);
  return frame;
}

/** A whole text or binary frame of `payload`, copied after its header. */
export function bytesFrame(payload: Uint8Array, binary: boolean): Buffer {
  const offset = headerLength(payload.length);
  const frame = Buffer.allocUnsafe(offset + payload.length);
  writeHeader(frame, payload.length, binary);
  frame.set(payload, offset);
  return frame;
}
