/**
 * Frame generation for the fuzzer: valid messages of both codecs as seeds, then random and
 * mutated frames from them. Deterministic for a seed, so a failure can be replayed.
 */
import { Packr } from "msgpackr";
import { seededRandom } from "../hardening/seeded-random.js";

const packr = new Packr({ useRecords: false });

export type Codec = "json" | "msgpack";

export interface FuzzFrame {
  readonly data: Uint8Array;
  /** Sent as a text frame (JSON's) or a binary one (MessagePack's); mutations may mismatch on purpose. */
  readonly text: boolean;
}

const METHODS = [
  "game.echo",
  "game.whoami",
  "game.fail",
  "game.count",
  "game.limited",
  "game.admin",
  "game.hostOnly",
  "game.inMatch",
  "game.emit",
  "game.badResult",
  "game.trace",
  "game.move",
  "game.note",
  "session.create",
  "session.join",
  "session.leave",
  "session.start",
  "session.kick",
  "session.get",
  "session.list",
  "topic.subscribe",
  "__proto__",
  "constructor",
];

const INTERESTING: unknown[] = [
  0,
  -1,
  1.5,
  2 ** 53,
  2 ** 31,
  -(2 ** 63),
  Number.MAX_VALUE,
  "",
  "1",
  "__proto__",
  "\ud800",
  "x".repeat(300),
  null,
  true,
  [],
  {},
  [[[[[]]]]],
  { __proto__: null, constructor: { prototype: { polluted: 1 } } },
];

export class FrameSource {
  readonly random: () => number;

  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** A valid (or nearly valid) message in object form. */
  message(id: number): Record<string, unknown> {
    const method = this.pick(METHODS);
    switch (this.int(8)) {
      case 0:
        return { type: "send", id, method: "game.note", params: { text: `n${id}` } };
      case 1:
        return { type: "ack", seq: this.int(100) };
      case 2:
        return { type: "ping", t: this.random() * 1e12 };
      case 3:
        return { type: "rpc", id, method: "game.echo", params: { text: "hi", tags: { a: 1 }, big: "12" } };
      case 4:
        return { type: "rpc", id, method: "session.create", params: { settings: { map: "dust" } } };
      default:
        return { type: "rpc", id, method, params: {} };
    }
  }

  encode(value: unknown, codec: Codec): FuzzFrame {
    if (codec === "json") return { data: Buffer.from(JSON.stringify(value)), text: true };
    return { data: Uint8Array.from(packr.pack(value)), text: false };
  }

  /** A hello that the fixture server accepts. */
  hello(codec: Codec, player: string): FuzzFrame {
    return this.encode({ type: "hello", protocol: 1, schema: "a".repeat(64), token: player }, codec);
  }

  /** One fuzz frame: mostly mutations of valid messages, some structural changes, some noise. */
  frame(codec: Codec, id: number): FuzzFrame {
    const roll = this.int(100);
    if (roll < 5) return this.noise(codec);
    if (roll < 35) return this.encode(this.structural(this.message(id)), codec);
    if (roll < 45) {
      const batch = Array.from({ length: 1 + this.int(8) }, (_, i) => this.message(id + i));
      return this.encode(batch, codec);
    }
    const valid = this.encode(this.message(id), codec);
    if (roll < 55) return valid;
    let data = this.mutateBytes(valid.data);
    // Most mutated JSON stays valid UTF-8, so that it reaches the parser instead of ws's 1007 check.
    if (valid.text && this.int(50) !== 0) data = Buffer.from(Buffer.from(data).toString("utf8"));
    return { data, text: this.int(50) === 0 ? !valid.text : valid.text };
  }

  private noise(codec: Codec): FuzzFrame {
    const data = new Uint8Array(this.int(64));
    for (let i = 0; i < data.length; i++) data[i] = this.int(256);
    return { data, text: codec === "json" };
  }

  /** Replaces or adds a field with an interesting value. */
  private structural(message: Record<string, unknown>): unknown {
    const copy: Record<string, unknown> = { ...message };
    const keys = ["type", "id", "method", "params", "seq", "t", "trace", "__proto__", "resume"];
    const key = this.pick(keys);
    const value = this.pick(INTERESTING);
    if (key === "__proto__") Object.defineProperty(copy, key, { value, enumerable: true });
    else copy[key] = value;
    if (this.int(4) === 0 && typeof copy.params === "object" && copy.params !== null) {
      copy.params = {
        ...copy.params,
        [this.pick(["text", "tags", "big", "settings", "x"])]: this.pick(INTERESTING),
      };
    }
    return copy;
  }

  private mutateBytes(source: Uint8Array): Uint8Array {
    const bytes = Array.from(source);
    const count = 1 + this.int(4);
    for (let i = 0; i < count; i++) {
      const at = this.int(bytes.length + 1);
      switch (this.int(6)) {
        case 0:
          bytes[at] = (bytes[at] ?? 0) ^ (1 << this.int(8));
          break;
        case 1:
          bytes.splice(at, 0, this.int(256));
          break;
        case 2:
          bytes.splice(at, 1 + this.int(4));
          break;
        case 3:
          bytes.length = Math.min(bytes.length, at);
          break;
        case 4:
          bytes.splice(at, 0, ...bytes.slice(this.int(bytes.length), this.int(bytes.length)));
          break;
        default:
          // MessagePack type bytes that lie about lengths or announce extensions.
          bytes.splice(at, 0, this.pick([0xdd, 0xdf, 0xdb, 0xc6, 0xd4, 0xc7, 0xc1, 0xff, 0x7b, 0x5b, 0x22]));
      }
    }
    return Uint8Array.from(bytes);
  }
}
