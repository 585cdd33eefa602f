/**
 * Reads the values of docs/protocol.md "The binary codec" from one frame, checking every length
 * against the bytes left before anything is allocated (docs/protocol.md "Bad frames"). Node-free.
 */

/** A frame that cannot be read: `BAD_MESSAGE`. `offset` is where it breaks. */
export class BinaryFrameError extends Error {
  override readonly name = "BinaryFrameError";
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset})`);
  }
}

/** A value that is well framed but not one of its type (an unknown union variant): `INVALID_ARGUMENT`. */
export class BinaryValueError extends Error {
  override readonly name = "BinaryValueError";
  constructor(
    /** A JSON Pointer to the value, as the JSON validator reports it. */
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path === "" ? "the value" : path} ${problem}`);
  }

  /** The same problem, one level further out (`segment` is the field name or index it was under). */
  under(segment: string | number): BinaryValueError {
    const escaped = String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
    return new BinaryValueError(`/${escaped}${this.path}`, this.problem);
  }
}

/** docs/protocol.md "Values": lists, maps, structs and unions nest at most this deep. */
export const MAX_NESTING = 128;

const utf8 = new TextDecoder("utf-8", { fatal: true });
const TWO_POW_53 = 2 ** 53;

/**
 * Floats are read by copying their bytes into one scratch buffer: a DataView over the frame would
 * need the frame's `.buffer`, which V8 materialises (allocating and copying) for every small typed
 * array that lives on its heap — most frames of a few dozen bytes.
 */
const scratch = new ArrayBuffer(8);
const scratchBytes = new Uint8Array(scratch);
const scratchF32 = new Float32Array(scratch);
const scratchF64 = new Float64Array(scratch);
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

export class BinaryReader {
  /** The frame being read. */
  bytes: Uint8Array;
  /** The next byte to read. */
  offset: number;
  /** The end of the part being read (a batch item, a header). */
  end: number;
  /** How deep the value being read is nested. */
  depth = 0;
  /** What `end` closes, for the errors of reading past it. */
  part = "the message";

  constructor(bytes: Uint8Array, offset = 0, end = bytes.length) {
    this.bytes = bytes;
    this.offset = offset;
    this.end = end;
  }

  /** Starts reading another frame, so one reader serves every frame of a codec. */
  load(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.offset = 0;
    this.end = bytes.length;
    this.depth = 0;
    this.part = "the message";
  }

  /** Copies `size` little-endian bytes into the scratch buffer, in the host's order. */
  private scratchOf(size: number): void {
    const { bytes, offset } = this;
    if (LITTLE_ENDIAN) for (let i = 0; i < size; i++) scratchBytes[i] = bytes[offset + i] as number;
    else for (let i = 0; i < size; i++) scratchBytes[size - 1 - i] = bytes[offset + i] as number;
    this.offset = offset + size;
  }

  get left(): number {
    return this.end - this.offset;
  }

  fail(message: string): never {
    throw new BinaryFrameError(message, this.offset);
  }

  byte(): number {
    if (this.offset >= this.end) this.fail(`${this.part} ends too early`);
    return this.bytes[this.offset++] as number;
  }

  /** An unsigned varint that must be a safe integer (protocol fields, lengths, counts, u8–u32). */
  uint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const byte = this.byte();
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        if (value >= TWO_POW_53 || (i === 9 && byte > 1)) this.fail("a varint too large");
        return value;
      }
      scale *= 0x80;
    }
    return this.fail("a varint longer than 10 bytes");
  }

  /** A zigzag varint (i8–i32); outside the safe range is refused as a frame error. */
  int(): number {
    const zigzag = this.uint();
    return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
  }

  /** A full 64-bit unsigned varint. */
  uint64(): bigint {
    const start = this.offset;
    let value = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      const byte = this.byte();
      value |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) {
        if (i === 9 && byte > 1) throw new BinaryFrameError("a varint past 64 bits", start);
        return value;
      }
      shift += 7n;
    }
    throw new BinaryFrameError("a varint longer than 10 bytes", start);
  }

  int64(): bigint {
    const zigzag = this.uint64();
    return (zigzag & 1n) === 0n ? zigzag >> 1n : -(zigzag >> 1n) - 1n;
  }

  f32(): number {
    if (this.left < 4) this.fail(`${this.part} ends inside an f32`);
    this.scratchOf(4);
    return scratchF32[0] as number;
  }

  f64(): number {
    if (this.left < 8) this.fail(`${this.part} ends inside an f64`);
    this.scratchOf(8);
    return scratchF64[0] as number;
  }

  /** One byte; anything but 0 or 1 is returned as that number, which the validator refuses. */
  bool(): boolean {
    const byte = this.byte();
    return byte === 1 ? true : byte === 0 ? false : (byte as unknown as boolean);
  }

  /** A length or count, checked against the bytes left (each item counts as at least one byte). */
  count(): number {
    const start = this.offset;
    const count = this.uint();
    if (count > this.left)
      throw new BinaryFrameError(`a length of ${count} past the ${this.left} bytes left`, start);
    return count;
  }

  string(): string {
    const length = this.count();
    const start = this.offset;
    this.offset += length;
    // ASCII, the usual case, without TextDecoder.
    if (length < 64) {
      let ascii = "";
      for (let i = start; i < this.offset; i++) {
        const code = this.bytes[i] as number;
        if (code >= 0x80) return this.utf8(start);
        ascii += String.fromCharCode(code);
      }
      return ascii;
    }
    return this.utf8(start);
  }

  private utf8(start: number): string {
    try {
      return utf8.decode(this.bytes.subarray(start, this.offset));
    } catch {
      throw new BinaryFrameError("a string that is not UTF-8", start);
    }
  }

  /** A copy: the frame's buffer is not kept alive by the value. */
  bytesValue(): Uint8Array {
    const length = this.count();
    const start = this.offset;
    this.offset += length;
    // Not `slice`: on a Node Buffer it is a view of the frame, not a copy.
    return new Uint8Array(this.bytes.subarray(start, this.offset));
  }

  /** `count` bytes of a presence bitmap (at most 6) as one number; bits past `fields` must be 0. */
  presence(count: number, fields: number): number {
    if (this.left < count) this.fail(`${this.part} ends inside a presence bitmap`);
    let bits = 0;
    let scale = 1;
    for (let i = 0; i < count; i++) {
      bits += (this.bytes[this.offset + i] as number) * scale;
      scale *= 0x100;
    }
    if (fields < count * 8 && bits >= 2 ** fields)
      this.fail("a presence bit past the struct's optional fields");
    this.offset += count;
    return bits;
  }

  /** Enters one level of nesting (docs/protocol.md "Values": at most 128). */
  enter(): void {
    if (++this.depth > MAX_NESTING) this.fail(`values nested deeper than ${MAX_NESTING}`);
  }

  leave(): void {
    this.depth--;
  }
}
