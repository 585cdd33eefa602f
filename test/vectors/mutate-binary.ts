/**
 * Mutations of binary codec frames for the fuzzers: flipped, inserted, deleted and duplicated
 * bytes, lengths and counts spliced in, varints that claim gigabytes or run past 10 bytes, frames
 * cut short or spliced together. Deterministic for a seed, so that a failure can be replayed.
 */
import { seededRandom } from "../hardening/seeded-random.js";

/** Varints that lie: 2^31, 2^53, past 64 bits, past 10 bytes, and small lengths near the truth. */
const LYING_VARINTS: readonly (readonly number[])[] = [
  [0x80, 0x80, 0x80, 0x80, 0x08],
  [0xff, 0xff, 0xff, 0xff, 0x0f],
  [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
  [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
  [0x80],
  [0x7f],
  [0x00],
  [0x01],
  [0xc8, 0x01],
];

export class BinaryMutator {
  private readonly random: () => number;

  constructor(
    seed: number,
    private readonly corpus: readonly Uint8Array[],
  ) {
    this.random = seededRandom(seed);
  }

  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  /** One mutated frame from the corpus: one to four mutations. */
  next(): Uint8Array {
    const source = this.corpus[this.int(this.corpus.length)] ?? new Uint8Array(0);
    const bytes = Array.from(source);
    const count = 1 + this.int(4);
    for (let i = 0; i < count; i++) this.mutate(bytes);
    return Uint8Array.from(bytes);
  }

  private mutate(bytes: number[]): void {
    const at = this.int(bytes.length + 1);
    switch (this.int(10)) {
      case 0:
        bytes[at] = (bytes[at] ?? 0) ^ (1 << this.int(8));
        break;
      case 1:
        bytes[at] = this.int(256);
        break;
      case 2:
        bytes.splice(at, 0, ...Array.from({ length: 1 + this.int(3) }, () => this.int(256)));
        break;
      case 3:
        bytes.splice(at, 1 + this.int(4));
        break;
      case 4: {
        const from = this.int(bytes.length + 1);
        bytes.splice(at, 0, ...bytes.slice(from, from + 1 + this.int(16)));
        break;
      }
      case 5:
        bytes.length = Math.min(bytes.length, at);
        break;
      case 6:
        // A lying length or count where a varint was.
        bytes.splice(at, 1, ...(LYING_VARINTS[this.int(LYING_VARINTS.length)] ?? []));
        break;
      case 7:
        // A length one off: the most likely kind of encoder bug.
        bytes[at] = ((bytes[at] ?? 0) + (this.int(2) === 0 ? 1 : 255)) & 0xff;
        break;
      case 8: {
        // Another frame's tail: a message of one type with the body of another.
        const other = this.corpus[this.int(this.corpus.length)] ?? new Uint8Array(0);
        bytes.splice(at, bytes.length - at, ...other.subarray(this.int(other.length + 1)));
        break;
      }
      default:
        // The frame wrapped in a batch, or a batch's item count changed.
        if (bytes[0] === 0 && bytes.length > 1) bytes[1] = this.int(4);
        else bytes.unshift(0, 1, bytes.length & 0x7f);
    }
  }
}
