/**
 * The values of test/vectors/binary.json, in the JSON codec's wire form. `hand` holds the bytes
 * worked out by hand from docs/protocol.md "Values" (the reference encoder must agree);
 * `decoded` is what decoding gives back when it is not `json` (an f32 rounded to binary32).
 */
export interface ValueCase {
  readonly type: string;
  readonly json: unknown;
  readonly decoded?: unknown;
  readonly hand?: string;
  readonly note: string;
}

const v = (json: unknown): { v: unknown } => ({ v: json });

/** `depth` lists, each holding the next; the innermost empty. */
export function nestedTree(depth: number): unknown {
  let tree: unknown = [];
  for (let i = 1; i < depth; i++) tree = [tree];
  return tree;
}

export const EVERYTHING = {
  flag: true,
  small: -100,
  medium: 1000,
  large: -70000,
  huge: "-9007199254740993",
  tiny: 200,
  word: 40000,
  count: 3000000000,
  big: "12345678901234567890",
  ratio: 0.25,
  precise: Math.PI,
  text: "gidl ✓ 🎮",
  blob: "AAECA/7/",
  list: [0, 127, 128, 255],
  map: { a: "red", é: "blue" },
  color: "green",
  loot: { kind: "gem", carats: 12, color: "red" },
  name: "bob",
  percent: 42,
  scores: { alice: "9223372036854775807", bob: "-9223372036854775808" },
  node: { label: "root", children: [{ label: "leaf", children: [] }] },
  nine: { f2: "two", f8: "8" },
};

export function valueCases(): ValueCase[] {
  return [
    { type: "OfBool", json: v(false), hand: "00", note: "false" },
    { type: "OfBool", json: v(true), hand: "01", note: "true" },

    { type: "OfI8", json: v(0), hand: "00", note: "i8 0" },
    { type: "OfI8", json: v(-1), hand: "01", note: "i8 -1: zigzag 1" },
    { type: "OfI8", json: v(1), hand: "02", note: "i8 1: zigzag 2" },
    { type: "OfI8", json: v(-2), hand: "03", note: "i8 -2: zigzag 3" },
    { type: "OfI8", json: v(-128), hand: "ff 01", note: "i8 min: zigzag 255, two varint bytes" },
    { type: "OfI8", json: v(127), hand: "fe 01", note: "i8 max: zigzag 254" },
    { type: "OfI16", json: v(-32768), hand: "ff ff 03", note: "i16 min: zigzag 65535" },
    { type: "OfI16", json: v(32767), hand: "fe ff 03", note: "i16 max: zigzag 65534" },
    { type: "OfI16", json: v(-1), hand: "01", note: "i16 -1" },
    { type: "OfI32", json: v(-2147483648), hand: "ff ff ff ff 0f", note: "i32 min: zigzag 2^32-1" },
    { type: "OfI32", json: v(2147483647), hand: "fe ff ff ff 0f", note: "i32 max: zigzag 2^32-2" },
    { type: "OfI32", json: v(0), hand: "00", note: "i32 0" },
    { type: "OfI64", json: v("0"), hand: "00", note: "i64 0" },
    { type: "OfI64", json: v("-1"), hand: "01", note: "i64 -1" },
    {
      type: "OfI64",
      json: v("-9223372036854775808"),
      hand: "ff ff ff ff ff ff ff ff ff 01",
      note: "i64 min: zigzag 2^64-1, ten bytes, the tenth 0x01",
    },
    {
      type: "OfI64",
      json: v("9223372036854775807"),
      hand: "fe ff ff ff ff ff ff ff ff 01",
      note: "i64 max: zigzag 2^64-2",
    },
    {
      type: "OfI64",
      json: v("9007199254740993"),
      hand: "82 80 80 80 80 80 80 20",
      note: "i64 2^53+1, past a double: zigzag 2^54+2",
    },
    { type: "OfI64", json: v("-9007199254740993"), note: "i64 -(2^53+1)" },

    { type: "OfU8", json: v(0), hand: "00", note: "u8 0" },
    { type: "OfU8", json: v(127), hand: "7f", note: "u8 127: the largest one-byte varint" },
    { type: "OfU8", json: v(128), hand: "80 01", note: "u8 128: the smallest two-byte varint" },
    { type: "OfU8", json: v(255), hand: "ff 01", note: "u8 max" },
    { type: "OfU16", json: v(0), hand: "00", note: "u16 0" },
    { type: "OfU16", json: v(65535), hand: "ff ff 03", note: "u16 max" },
    { type: "OfU32", json: v(0), hand: "00", note: "u32 0" },
    { type: "OfU32", json: v(4294967295), hand: "ff ff ff ff 0f", note: "u32 max" },
    { type: "OfU64", json: v("0"), hand: "00", note: "u64 0" },
    {
      type: "OfU64",
      json: v("9007199254740992"),
      hand: "80 80 80 80 80 80 80 10",
      note: "u64 2^53",
    },
    {
      type: "OfU64",
      json: v("18446744073709551615"),
      hand: "ff ff ff ff ff ff ff ff ff 01",
      note: "u64 max: ten bytes",
    },

    { type: "OfF32", json: v(0), hand: "00 00 00 00", note: "f32 0" },
    { type: "OfF32", json: v(1.5), hand: "00 00 c0 3f", note: "f32 1.5, little-endian 0x3fc00000" },
    { type: "OfF32", json: v(-2.5), hand: "00 00 20 c0", note: "f32 -2.5: 0xc0200000" },
    {
      type: "OfF32",
      json: v(0.1),
      decoded: v(0.10000000149011612),
      hand: "cd cc cc 3d",
      note: "f32 0.1 rounds to the nearest binary32, 0x3dcccccd",
    },
    {
      type: "OfF32",
      json: v(16777217),
      decoded: v(16777216),
      hand: "00 00 80 4b",
      note: "f32 2^24+1 rounds to 2^24",
    },
    {
      type: "OfF32",
      json: v(1.0000000596046448),
      decoded: v(1),
      hand: "00 00 80 3f",
      note: "f32 1+2^-24, halfway: rounds to even (1)",
    },
    {
      type: "OfF32",
      json: v(3.4028234663852886e38),
      hand: "ff ff 7f 7f",
      note: "f32 max finite",
    },
    {
      type: "OfF32",
      json: v(1e-45),
      decoded: v(1.401298464324817e-45),
      hand: "01 00 00 00",
      note: "f32 1e-45 rounds to the smallest subnormal",
    },
    { type: "OfF64", json: v(0), hand: "00 00 00 00 00 00 00 00", note: "f64 0" },
    { type: "OfF64", json: v(-1.5), hand: "00 00 00 00 00 00 f8 bf", note: "f64 -1.5" },
    { type: "OfF64", json: v(0.1), hand: "9a 99 99 99 99 99 b9 3f", note: "f64 0.1, exact" },
    {
      type: "OfF64",
      json: v(1.7976931348623157e308),
      hand: "ff ff ff ff ff ff ef 7f",
      note: "f64 max finite",
    },
    { type: "OfF64", json: v(5e-324), hand: "01 00 00 00 00 00 00 00", note: "f64 smallest subnormal" },
    { type: "OfF64", json: v(1764062400000.5), note: "f64 a time with a fraction" },

    { type: "OfString", json: v(""), hand: "00", note: "empty string" },
    { type: "OfString", json: v("a"), hand: "01 61", note: "one ASCII byte" },
    { type: "OfString", json: v("héllo"), hand: "06 68 c3 a9 6c 6c 6f", note: "é is two UTF-8 bytes" },
    { type: "OfString", json: v("🎮"), hand: "04 f0 9f 8e ae", note: "U+1F3AE, outside the BMP: four bytes" },
    { type: "OfString", json: v("a🎮b\u0000"), note: "a surrogate pair between ASCII, and NUL" },
    { type: "OfString", json: v("x".repeat(127)), note: "127 bytes: a one-byte length" },
    { type: "OfString", json: v("x".repeat(128)), note: "128 bytes: a two-byte length (80 01)" },
    {
      type: "OfString",
      json: v("é".repeat(100)),
      note: "100 characters, 200 bytes: the length counts bytes",
    },
    { type: "OfString", json: v("x".repeat(65536)), note: "64 KiB: length 80 80 04" },
    { type: "OfBytes", json: v(""), hand: "00", note: "empty bytes" },
    { type: "OfBytes", json: v("AAEC"), hand: "03 00 01 02", note: "bytes 00 01 02" },
    { type: "OfBytes", json: v("/w=="), hand: "01 ff", note: "one byte ff" },
    { type: "OfBytes", json: v(Buffer.alloc(300, 7).toString("base64")), note: "300 bytes" },

    { type: "Color", json: "red", hand: "00", note: "enum: the first member" },
    { type: "Color", json: "blue", hand: "02", note: "enum: the third member" },

    { type: "Empty", json: {}, hand: "", note: "a struct with no fields encodes as nothing" },
    { type: "One", json: {}, hand: "00", note: "one optional field, absent: a bitmap byte of 0" },
    { type: "One", json: { a: 5 }, hand: "01 05", note: "one optional field, present" },
    { type: "One", json: { a: 200 }, hand: "01 c8 01", note: "present, a two-byte varint" },
    { type: "Nine", json: {}, hand: "00 00", note: "nine optional fields: a two-byte bitmap" },
    { type: "Nine", json: { f8: "-1" }, hand: "00 01 01", note: "the ninth is bit 0 of the second byte" },
    { type: "Nine", json: { f0: true, f8: "1" }, hand: "01 01 01 02", note: "the first and the ninth" },
    {
      type: "Nine",
      json: {
        f0: true,
        f1: 255,
        f2: "x",
        f3: -1,
        f4: 0.5,
        f5: "green",
        f6: "AQ==",
        f7: [1, 300],
        f8: "0",
      },
      hand: "ff 01 01 ff01 0178 01 000000000000e03f 01 0101 02 01 ac02 00",
      note: "all nine present",
    },
    { type: "Nine", json: { f7: [] }, hand: "80 00 00", note: "an empty list is present: bit 7" },
    { type: "Mixed", json: { id: 7, tags: [], scores: {} }, hand: "00 07 00 00", note: "empty list and map" },
    {
      type: "Mixed",
      json: { id: 1, note: "n", tags: ["a", "b"], one: { a: 1 }, scores: { x: "-2" } },
      hand: "03 01 016e 02 0161 0162 01 01 01 0178 03",
      note: "the bitmap counts only the optional fields (note: bit 0, one: bit 1)",
    },
    {
      type: "Mixed",
      json: { id: 2, tags: [], one: {}, scores: {} },
      hand: "02 02 00 00 00",
      note: "one only",
    },
    { type: "Outer", json: { n: 1 }, hand: "00 01", note: "nested optionals: the outer absent" },
    { type: "Outer", json: { middle: {}, n: 2 }, hand: "01 00 02", note: "present but empty" },
    { type: "Outer", json: { middle: { inner: {} }, n: 3 }, hand: "01 01 00 03", note: "two levels" },
    {
      type: "Outer",
      json: { middle: { inner: { v: -1 }, label: "x" }, n: 4 },
      hand: "01 03 01 01 01 78 04",
      note: "every level present",
    },
    { type: "Loot", json: { kind: "coin", value: 5 }, hand: "00 05", note: "union: variant 0" },
    {
      type: "Loot",
      json: { kind: "gem", carats: 300, color: "blue" },
      hand: "01 01 ac02 02",
      note: "variant 1 with its bitmap",
    },
    { type: "Loot", json: { kind: "gem", carats: 0 }, hand: "01 00 00", note: "variant 1, optional absent" },
    { type: "Loot", json: { kind: "nothing" }, hand: "02", note: "a variant with no fields" },
    { type: "Loot", json: { kind: "pouch", value: 1 }, hand: "03 01", note: "a variant that is an alias" },
    { type: "Name", json: "alice", hand: "05 616c696365", note: "an alias of a string" },
    { type: "Percent", json: 100, hand: "64", note: "an alias of a u8" },
    { type: "Scores", json: {}, hand: "00", note: "empty map" },
    {
      type: "Scores",
      json: { a: "1", b: "-1" },
      hand: "02 0161 02 0162 01",
      note: "map: count, then key and value",
    },
    { type: "Scores", json: { "": "0", "🎮": "5" }, note: "an empty key and a non-BMP key" },
    { type: "Tree", json: [], hand: "00", note: "recursive alias, empty" },
    { type: "Tree", json: [[], [[]]], hand: "02 00 01 00", note: "recursive alias, three levels" },
    { type: "Tree", json: nestedTree(128), note: "128 lists deep: the deepest a value may nest" },
    {
      type: "TreeNode",
      json: { label: "r", children: [] },
      hand: "00 0172 00",
      note: "recursive struct, a leaf",
    },
    {
      type: "TreeNode",
      json: { label: "r", children: [{ label: "a", children: [] }], parent: { label: "p", children: [] } },
      hand: "01 0172 01 00 0161 00 00 0170 00",
      note: "through a list and an optional field",
    },
    { type: "Vec2", json: { x: 1.5, y: -2 }, hand: "0000c03f 000000c0", note: "two f32" },
    { type: "Everything", json: EVERYTHING, note: "every kind of type in one struct" },
    {
      type: "SessionInfo",
      json: {
        id: "s1",
        status: "running",
        host: "alice",
        players: [{ id: "alice", connected: true }],
        settings: {},
        maxPlayers: 4,
        visibility: "public",
        createdAt: 1764062400009,
        startedAt: 1764062401000,
      },
      note: "a built-in type",
    },
  ];
}
