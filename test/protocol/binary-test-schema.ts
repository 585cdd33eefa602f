/**
 * A small BinarySchema written by hand with the reader and writer, as a generated `binary.ts`
 * would be, for the envelope's tests (docs/protocol.md "The binary codec").
 */
import {
  BinaryValueError,
  type BinaryReader,
  type BinarySchema,
  type BinaryWriter,
  type ValueCodec,
} from "../../protocol/index.js";

/** Bytes from hex digits; spaces and line breaks are ignored. */
export function hex(digits: string): Uint8Array {
  const clean = digits.replace(/\s+/g, "");
  return Uint8Array.from(clean.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join(" ");
}

/** An ASCII string as the codec writes it: its length (under 128), then its bytes, as hex. */
export function str(text: string): string {
  return toHex(Uint8Array.from([text.length, ...Array.from(text, (c) => c.charCodeAt(0))]));
}

function codec<T>(
  encode: (writer: BinaryWriter, value: T) => void,
  decode: (reader: BinaryReader) => T,
): ValueCodec {
  return { encode, decode };
}

/** Runs `read` as one nesting level, its BinaryValueError one segment further out. */
function nested<T>(reader: BinaryReader, segment: string | null, read: () => T): T {
  reader.enter();
  try {
    return read();
  } catch (error) {
    throw error instanceof BinaryValueError && segment !== null ? error.under(segment) : error;
  } finally {
    reader.leave();
  }
}

const empty = codec<Record<string, never>>(
  () => undefined,
  () => ({}),
);

interface AttackParams {
  target: string;
  power: number;
  note?: string;
}

/** `combat.attack(target: string, power: u32, note?: string): {hit: bool, damage: i64}` */
const attackParams = codec<AttackParams>(
  (writer, value) => {
    writer.presence(value.note === undefined ? 0 : 1, 1);
    writer.string(value.target);
    writer.uint(value.power);
    if (value.note !== undefined) writer.string(value.note);
  },
  (reader) =>
    nested(reader, null, () => {
      const bits = reader.presence(1, 1);
      const value: AttackParams = { target: reader.string(), power: reader.uint() };
      if (bits & 1) value.note = reader.string();
      return value;
    }),
);

const attackResult = codec<{ hit: boolean; damage: bigint }>(
  (writer, value) => {
    writer.bool(value.hit);
    writer.int64(value.damage);
  },
  (reader) => nested(reader, null, () => ({ hit: reader.bool(), damage: reader.int64() })),
);

const WEAPONS = ["sword", "bow"] as const;

/** `inventory.give(weapon: Weapon)`, returning nothing; `Weapon` is `enum { sword, bow }`. */
const giveParams = codec<{ weapon: (typeof WEAPONS)[number] }>(
  (writer, value) => {
    writer.uint(WEAPONS.indexOf(value.weapon));
  },
  (reader) =>
    nested(reader, null, () => {
      const weapon = nested(reader, "weapon", () => {
        const at = reader.uint();
        const name = WEAPONS[at];
        if (name === undefined) throw new BinaryValueError("", "must be equal to one of the allowed values");
        return name;
      });
      return { weapon };
    }),
);

interface TreeNode {
  children: TreeNode[];
}

function readNode(reader: BinaryReader): TreeNode {
  return nested(reader, null, () => {
    const children: TreeNode[] = [];
    nested(reader, null, () => {
      for (let count = reader.count(); count > 0; count--) children.push(readNode(reader));
    });
    return { children };
  });
}

function writeNode(writer: BinaryWriter, node: TreeNode): void {
  writer.uint(node.children.length);
  for (const child of node.children) writeNode(writer, child);
}

/** `inventory.nest(tree: Node)` with `struct Node { children: list<Node> }`. */
const nestParams = codec<{ tree: TreeNode }>(
  (writer, value) => {
    writeNode(writer, value.tree);
  },
  (reader) => nested(reader, null, () => ({ tree: readNode(reader) })),
);

/** `event combat.hit { target: string, amount: u16 }` */
const hitPayload = codec<{ target: string; amount: number }>(
  (writer, value) => {
    writer.string(value.target);
    writer.uint(value.amount);
  },
  (reader) => nested(reader, null, () => ({ target: reader.string(), amount: reader.uint() })),
);

/** `error OUT_OF_RANGE { distance: f64 }` */
const outOfRange = codec<{ distance: number }>(
  (writer, value) => {
    writer.f64(value.distance);
  },
  (reader) => nested(reader, null, () => ({ distance: reader.f64() })),
);

export const testSchema: BinarySchema = {
  hash: "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
  methods: [
    { name: "combat.attack", params: attackParams, result: attackResult },
    { name: "combat.ping", params: empty, result: null },
    { name: "inventory.give", params: giveParams, result: null },
    { name: "inventory.nest", params: nestParams, result: null },
  ],
  events: [
    { name: "combat.hit", payload: hitPayload },
    { name: "session.ended", payload: empty },
  ],
  errors: { OUT_OF_RANGE: outOfRange, EMPTY: empty },
};
