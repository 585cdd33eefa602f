/**
 * The invalid frames of test/vectors/binary.json: one fault each, from every row of
 * docs/protocol.md "Bad frames" (a text frame cannot be written as hex, so it is not here), each
 * with the answer a server gives after `hello`. Put together from the reference encoder's pieces.
 */
import type { Answer, InvalidVector } from "./make-vectors.js";
import {
  type Bytes,
  batch,
  envelope,
  f64,
  hex,
  type ReferenceEncoder,
  utf8,
  uvarint,
} from "./reference-encoder.js";
import { nestedTree } from "./value-cases.js";

/** The rpc id every invalid rpc uses. */
export const INVALID_ID = 5;

export function invalidFrames(encoder: ReferenceEncoder): InvalidVector[] {
  const index = (method: string): number => encoder.method(method).index;
  const rpcHeader = (method: number, id = INVALID_ID): Bytes => [0, ...uvarint(id), ...uvarint(method)];
  const rpc = (method: string, value: Bytes): Bytes => envelope(3, rpcHeader(index(method)), value);
  // shop.probe(flag: bool, small: u8, ratio: f64, color: Color, loot: Loot, name: Name), in pieces
  // so that each fault replaces one.
  const good = {
    flag: [1],
    small: [5],
    ratio: f64(1.5),
    color: [1],
    loot: [0, 7],
    name: utf8("ok"),
  };
  const probe = (fault: Partial<Record<keyof typeof good, Bytes>>, extra: Bytes = []): Bytes => {
    const parts = { ...good, ...fault };
    return rpc("shop.probe", [
      ...parts.flag,
      ...parts.small,
      ...parts.ratio,
      ...parts.color,
      ...parts.loot,
      ...parts.name,
      ...extra,
    ]);
  };
  const bad = (id?: number): Answer => ({ code: "BAD_MESSAGE", ...(id === undefined ? {} : { id }) });
  const invalid = (path: string, message: string): Answer => ({
    code: "INVALID_ARGUMENT",
    id: INVALID_ID,
    problems: [{ path, message }],
  });
  const frame = (bytes: Bytes, answer: Answer, note: string): InvalidVector => ({
    direction: "client",
    hex: hex(bytes),
    answer,
    note,
  });
  const ack = (header: Bytes): Bytes => envelope(7, header);
  const elevenBytes = [...new Array<number>(10).fill(0x80), 0x01];
  const past64Bits = [...new Array<number>(9).fill(0xff), 0x02];
  const probeParams = probe({}).slice(5);

  return [
    // a varint past 10 bytes or 64 bits
    frame([7, 0x80], bad(), "truncated varint: the header length ends with the frame"),
    frame(ack([0x80]), bad(), "truncated varint: ack's seq ends with its header"),
    frame(rpc("shop.grow", [0x80]), bad(INVALID_ID), "truncated varint: the list count ends the frame"),
    frame(ack(elevenBytes), bad(), "an 11-byte varint"),
    frame(ack(past64Bits), bad(), "a 10-byte varint whose 10th byte is 0x02: past 64 bits"),
    frame(
      probe({ small: elevenBytes }),
      bad(INVALID_ID),
      "an 11-byte varint in a value: answered with the id",
    ),
    frame(envelope(3, [0, ...past64Bits, 0]), bad(), "an rpc id past 64 bits: no id to answer"),
    frame(
      envelope(3, [0, ...uvarint(2 ** 53), 0]),
      bad(),
      "an rpc id of 2^53: past a protocol field's range",
    ),
    // a length or count past the bytes left
    frame(probe({ name: [0x10, 0x6f, 0x6b] }), bad(INVALID_ID), "a string length of 16 with 2 bytes left"),
    frame(
      probe({ name: [0x80, 0x80, 0x80, 0x80, 0x08] }),
      bad(INVALID_ID),
      "a string claiming 2 GiB: refused before anything is allocated",
    ),
    frame(rpc("shop.grow", [0x7f, 0, 0]), bad(INVALID_ID), "a list count of 127 with 2 bytes left"),
    frame(
      rpc("shop.nine", [0x80, 0x00, 0x80, 0x80, 0x80, 0x80, 0x08]),
      bad(INVALID_ID),
      "a list count claiming 2^31 items",
    ),
    frame([3, 0x10, 0, INVALID_ID, 0x10], bad(), "a header length past the frame: no header, no id"),
    frame(batch([ack([1])]).slice(0, 3), bad(), "a batch item length past the frame"),
    // a string that is not UTF-8
    frame(
      probe({ name: [2, 0xc3, 0x28] }),
      bad(INVALID_ID),
      "not UTF-8: a lead byte without its continuation",
    ),
    frame(probe({ name: [3, 0xed, 0xa0, 0x80] }), bad(INVALID_ID), "not UTF-8: an encoded lone surrogate"),
    frame(probe({ name: [2, 0xc0, 0xaf] }), bad(INVALID_ID), "not UTF-8: an overlong form"),
    frame(
      envelope(3, [1, INVALID_ID, index("shop.probe"), 1, 0xff], probeParams),
      bad(INVALID_ID),
      "a trace that is not UTF-8: the header gave the id",
    ),
    // an unknown message type; a batch in a batch
    frame([11, 0], bad(), "message type 11"),
    frame([0xc8, 0x01, 0], bad(), "message type 200"),
    frame(batch([batch([])]), bad(), "a batch in a batch"),
    // a header shorter than its fields
    frame(envelope(3, [0], probeParams), bad(), "an rpc header with only its flags"),
    frame(envelope(3, [0, INVALID_ID], probeParams), bad(INVALID_ID), "an rpc header without its method"),
    frame(envelope(8, f64(1).slice(0, 4)), bad(), "a ping header of 4 bytes"),
    frame(
      envelope(3, [1, INVALID_ID, index("shop.probe")], probeParams),
      bad(INVALID_ID),
      "the trace flag set, the header ends before the trace",
    ),
    // a value that ends before or after its message; trailing bytes
    frame(probe({ name: [] }), bad(INVALID_ID), "params ending before the last field"),
    frame(
      probe({ ratio: f64(1.5).slice(0, 3), color: [], loot: [], name: [] }),
      bad(INVALID_ID),
      "inside an f64",
    ),
    frame(probe({}, [0]), bad(INVALID_ID), "a byte after the params"),
    frame([...ack([1]), 0xff], bad(), "a byte after a message without a value"),
    frame([...batch([ack([1])]), 0], bad(), "a byte after a batch's last item"),
    // a set bit past a struct's optional fields
    frame(
      rpc("shop.buy", [2, ...utf8("sword"), 2]),
      bad(INVALID_ID),
      "bit 1 set in a bitmap of one optional field",
    ),
    frame(rpc("shop.nine", [0, 2]), bad(INVALID_ID), "bit 9 set in a bitmap of nine optional fields"),
    // nesting past 128
    frame(
      rpc("shop.grow", encoder.value({ kind: "named", name: "Tree" }, nestedTree(128))),
      bad(INVALID_ID),
      "params holding 128 nested lists: 129 deep",
    ),
    frame(
      rpc("shop.grow", [...new Array<number>(5000).fill(1), 0]),
      bad(INVALID_ID),
      "5,000 nested lists: refused without exhausting the stack",
    ),
    // an item of a batch that is bad does not spoil the others
    frame(
      batch([rpc("shop.grow", [0x80]), ack([1])]),
      bad(INVALID_ID),
      "a bad item in a batch is answered; the next item still runs",
    ),
    // INVALID_ARGUMENT
    frame(probe({ small: [0xac, 0x02] }), invalid("/small", "must be <= 255"), "u8 300"),
    frame(probe({ flag: [2] }), invalid("/flag", "must be boolean"), "bool byte 2"),
    frame(probe({ ratio: [0, 0, 0, 0, 0, 0, 0xf8, 0x7f] }), invalid("/ratio", "must be number"), "f64 NaN"),
    frame(probe({ ratio: f64(-Infinity) }), invalid("/ratio", "must be number"), "f64 -Infinity"),
    frame(
      probe({ color: [3] }),
      invalid("/color", "must be equal to one of the allowed values"),
      "enum index 3 of 3 members",
    ),
    frame(
      probe({ loot: [4, 7] }),
      invalid("/loot", 'value of tag "kind" must be in oneOf'),
      "union variant 4 of 4",
    ),
    frame(
      probe({ loot: [1, 1, 0, 9] }),
      invalid("/loot/color", "must be equal to one of the allowed values"),
      "an enum index past the list inside a union variant",
    ),
    frame(
      probe({ name: utf8("") }),
      invalid("/name", "must NOT have fewer than 1 characters"),
      "@length(1, 8): empty",
    ),
    frame(
      probe({ name: utf8("🎮".repeat(9)) }),
      invalid("/name", "must NOT have more than 8 characters"),
      "@length(1, 8): 9 code points",
    ),
    // an index past the method list
    frame(
      envelope(3, rpcHeader(encoder.methods.length), [0xff, 0xff]),
      { code: "NOT_FOUND", id: INVALID_ID },
      `method index ${encoder.methods.length}, one past the last: NOT_FOUND, the value skipped`,
    ),
    frame(envelope(3, rpcHeader(1000), []), { code: "NOT_FOUND", id: INVALID_ID }, "method index 1000"),
    frame(
      envelope(4, [0, 50, ...uvarint(encoder.methods.length)], [1, 2, 3]),
      { code: "NOT_FOUND" },
      "a send with a method index past the list: an error message",
    ),
    frame(
      envelope(
        3,
        rpcHeader(index("shop.move")),
        encoder.struct(encoder.method("shop.move").params, { to: { x: 0, y: 0 } }),
      ),
      bad(INVALID_ID),
      "an rpc naming a send",
    ),
    frame([], bad(), "an empty frame"),
  ];
}
