/**
 * Writes the values of docs/protocol.md "The binary codec" into one growing buffer: varints,
 * zigzag, little-endian floats, length-prefixed strings and bytes. Node-free.
 */

const utf8 = new TextEncoder();
const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/** A value the binary codec cannot carry in the type it is written as (the application's bug). */
export class BinaryEncodeError extends Error {
  override readonly name = "BinaryEncodeError";
}

export class BinaryWriter {
  private buffer: Uint8Array;
  private view: DataView;
  /** Where the next byte goes. */
  length = 0;

  constructor(capacity = 256) {
    this.buffer = new Uint8Array(capacity);
    this.view = new DataView(this.buffer.buffer);
  }

  /** The bytes written so far, copied out (the writer may be reused). */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  /** Starts over, keeping the buffer. */
  reset(): void {
    this.length = 0;
  }

  /** Makes room for `extra` more bytes. */
  reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }

  byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** An unsigned varint of a safe non-negative integer (protocol fields, lengths, u8–u32). */
  uint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new BinaryEncodeError(`${String(value)} is not a non-negative integer`);
    }
    this.reserve(8);
    let rest = value;
    while (rest >= 0x80) {
      this.buffer[this.length++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.buffer[this.length++] = rest;
  }

  /** A zigzag varint of a safe integer (i8–i32). */
  int(value: number): void {
    if (!Number.isSafeInteger(value)) throw new BinaryEncodeError(`${String(value)} is not an integer`);
    // (n << 1) ^ (n >> 63) without 32-bit overflow: 2n for n ≥ 0, −2n − 1 below.
    this.uint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  /** An unsigned varint of a u64. */
  uint64(value: bigint): void {
    if (typeof value !== "bigint" || value < 0n || value > U64_MAX) {
      throw new BinaryEncodeError(`${String(value)} is not a u64`);
    }
    if (value <= BigInt(Number.MAX_SAFE_INTEGER)) {
      this.uint(Number(value));
      return;
    }
    this.reserve(10);
    let rest = value;
    while (rest >= 0x80n) {
      this.buffer[this.length++] = Number(rest & 0x7fn) | 0x80;
      rest >>= 7n;
    }
    this.buffer[this.length++] = Number(rest);
  }

  /** A zigzag varint of an i64. */
  int64(value: bigint): void {
    if (typeof value !== "bigint" || value < I64_MIN || value > I64_MAX) {
      throw new BinaryEncodeError(`${String(value)} is not an i64`);
    }
    this.uint64(value >= 0n ? value << 1n : (-value << 1n) - 1n);
  }

  f32(value: number): void {
    if (!Number.isFinite(Math.fround(value))) throw new BinaryEncodeError(`${value} is not a finite f32`);
    this.reserve(4);
    this.view.setFloat32(this.length, value, true);
    this.length += 4;
  }

  f64(value: number): void {
    if (!Number.isFinite(value)) throw new BinaryEncodeError(`${value} is not a finite number`);
    this.reserve(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
  }

  bool(value: boolean): void {
    if (typeof value !== "boolean") throw new BinaryEncodeError(`${String(value)} is not a boolean`);
    this.byte(value ? 1 : 0);
  }

  string(value: string): void {
    if (typeof value !== "string") throw new BinaryEncodeError(`${String(value)} is not a string`);
    // ASCII, the usual case, is written byte by byte; anything else through TextEncoder.
    const count = value.length;
    if (count < 0x80) {
      this.reserve(1 + count);
      const start = this.length + 1;
      let i = 0;
      for (; i < count; i++) {
        const code = value.charCodeAt(i);
        if (code >= 0x80) break;
        this.buffer[start + i] = code;
      }
      if (i === count) {
        this.buffer[this.length] = count;
        this.length = start + count;
        return;
      }
    }
    const encoded = utf8.encode(value);
    this.uint(encoded.length);
    this.raw(encoded);
  }

  bytes(value: Uint8Array): void {
    if (!(value instanceof Uint8Array)) throw new BinaryEncodeError("not a Uint8Array");
    this.uint(value.length);
    this.raw(value);
  }

  /** `count` bytes (at most 6) of a struct's presence bitmap, from the low bits of `bits` up. */
  presence(bits: number, count: number): void {
    this.reserve(count);
    let rest = bits;
    for (let i = 0; i < count; i++) {
      this.buffer[this.length++] = rest % 0x100;
      rest = Math.floor(rest / 0x100);
    }
  }

  /**
   * Reserves one byte for a length written later by `endLength` (most headers are under 128
   * bytes); a longer one moves what follows.
   */
  beginLength(): number {
    this.byte(0);
    return this.length;
  }

  endLength(start: number): void {
    const length = this.length - start;
    if (length < 0x80) {
      this.buffer[start - 1] = length;
      return;
    }
    let size = 1;
    for (let rest = length; rest >= 0x80; rest = Math.floor(rest / 0x80)) size++;
    this.reserve(size - 1);
    this.buffer.copyWithin(start + size - 1, start, this.length);
    const end = this.length + size - 1;
    this.length = start - 1;
    this.uint(length);
    this.length = end;
  }
}
