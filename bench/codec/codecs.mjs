// The codec bench's contenders. Each one turns a bench message (messages.mjs) into its own input,
// once, outside the timing — the value an application using that library would hold — and then
// encodes the whole wire message and decodes it as its receiver would. `back` turns a decoded
// value into the gidl envelope again, so that run.mjs can check every codec carries the same values.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Packr, Unpackr } from "msgpackr";

// gidl's MessagePack codec's options (protocol/msgpack-codec.ts), without its checks of the frame.
const PACK = { encodeUndefinedAsNil: true, skipValues: [undefined] };
const UNPACK = { mapsAsObjects: true, int64AsType: "auto" };

const WEAPONS = ["sword", "bow", "staff"];

/** A contender whose input is the gidl envelope itself and whose output is read as it is. */
function envelopeCodec(name, encode, decode, bytes = (frame) => frame.byteLength) {
  return {
    name,
    prepare: (message) => ({ input: message, encode, decode }),
    bytes,
    back: (decoded) => decoded,
  };
}

function msgpackCodec(name, options) {
  const packr = new Packr({ ...PACK, ...options });
  const unpackr = new Unpackr({ ...UNPACK, ...options });
  return envelopeCodec(
    name,
    (message) => packr.pack(message),
    (frame) => unpackr.unpack(frame),
  );
}

/** The envelope's fields in Protobuf's shape, one oneof case per method and event (bench.proto). */
const PROTO_CASES = {
  "combat.attack": "combatAttack",
  "combat.tick": "combatTick",
  "world.snapshot": "worldSnapshot",
};
const GIDL_NAMES = Object.fromEntries(Object.entries(PROTO_CASES).map(([gidl, proto]) => [proto, gidl]));
const protoCase = (message) => PROTO_CASES[message.type === "rpc" ? message.method : message.event];

const gidlParams = ({ targetId, weapon, power }) => ({ targetId, weapon: WEAPONS[weapon], power });
const gidlData = (name, data) => {
  if (name === "combat.tick") return { n: data.n, sentAt: data.sentAt, note: data.note };
  const entities = data.entities.map(({ id, pos, health, name }) => ({
    id,
    pos: { x: pos.x, y: pos.y },
    health,
    name,
  }));
  return { tick: data.tick, entities };
};

/**
 * protobufjs with the static code pbjs generates (bench/out/codec/proto/protobufjs.js). uint64 as
 * a JavaScript number: without `Long`, protobufjs reads 64-bit fields as numbers, which is how an
 * application that knows its values stay under 2^53 runs it (its default is a `Long` per field).
 * The receiver knows which envelope its direction carries: ClientMessage for the rpc,
 * ServerMessage for events.
 */
function protobufjsCodec(protobuf, { bench }) {
  protobuf.util.Long = null;
  protobuf.configure();
  const { ClientMessage, ServerMessage } = bench;
  const encode = ({ type, value }) => type.encode(value).finish();
  return {
    name: "protobufjs (static)",
    prepare(message) {
      const key = protoCase(message);
      if (message.type === "rpc") {
        const params = { ...message.params, weapon: WEAPONS.indexOf(message.params.weapon) };
        const value = { rpc: { id: message.id, [key]: params } };
        return {
          input: { type: ClientMessage, value },
          encode,
          decode: (frame) => ClientMessage.decode(frame),
        };
      }
      const value = { event: { ts: message.ts, seq: message.seq, [key]: message.data } };
      return {
        input: { type: ServerMessage, value },
        encode,
        decode: (frame) => ServerMessage.decode(frame),
      };
    },
    bytes: (frame) => frame.byteLength,
    back(decoded) {
      if (decoded.rpc !== undefined && decoded.rpc !== null) {
        const { id, combatAttack } = decoded.rpc;
        return { type: "rpc", id, method: "combat.attack", params: gidlParams(combatAttack) };
      }
      const { ts, seq, payload } = decoded.event;
      const event = GIDL_NAMES[payload];
      return { type: "event", event, data: gidlData(event, decoded.event[payload]), ts, seq };
    },
  };
}

/**
 * @bufbuild/protobuf v2 with the descriptors protoc-gen-es generates (bench/out/codec/proto/bench_pb.js):
 * its encoder and decoder walk the message descriptors at run time. 64-bit fields are `bigint`.
 */
function protobufEsCodec({ ClientMessageSchema, ServerMessageSchema, Weapon }) {
  const encode = ({ schema, value }) => toBinary(schema, value);
  return {
    name: "@bufbuild/protobuf",
    prepare(message) {
      const key = protoCase(message);
      if (message.type === "rpc") {
        const params = { ...message.params, weapon: Weapon[message.params.weapon.toUpperCase()] };
        const rpc = { id: message.id, params: { case: key, value: params } };
        const value = create(ClientMessageSchema, { message: { case: "rpc", value: rpc } });
        return {
          input: { schema: ClientMessageSchema, value },
          encode,
          decode: (frame) => fromBinary(ClientMessageSchema, frame),
        };
      }
      const event = { ts: BigInt(message.ts), seq: message.seq, payload: { case: key, value: message.data } };
      const value = create(ServerMessageSchema, { message: { case: "event", value: event } });
      return {
        input: { schema: ServerMessageSchema, value },
        encode,
        decode: (frame) => fromBinary(ServerMessageSchema, frame),
      };
    },
    bytes: (frame) => frame.byteLength,
    back(decoded) {
      const { case: kind, value } = decoded.message;
      if (kind === "rpc") {
        const params = gidlParams(value.params.value);
        return { type: "rpc", id: value.id, method: GIDL_NAMES[value.params.case], params };
      }
      const event = GIDL_NAMES[value.payload.case];
      const data = gidlData(event, value.payload.value);
      return { type: "event", event, data, ts: Number(value.ts), seq: value.seq };
    },
  };
}

/**
 * Every contender, from the modules run.mjs generated and built. gidl's binary codec takes the
 * whole envelope through `createBinaryCodec(binary)` (docs/protocol.md "The binary codec").
 */
export function contenders({ protobuf, protobufjsModule, protobufEsModule, gidl }) {
  // The structures are shared by the two ends, as a deployment that agrees on them ahead of time
  // (msgpackr's `structures`/`saveStructures`): no record definition travels in the messages.
  const structures = [];
  const all = [
    envelopeCodec("JSON", JSON.stringify, JSON.parse, (frame) => Buffer.byteLength(frame)),
    msgpackCodec("msgpackr", { useRecords: false }),
    msgpackCodec("msgpackr records", { useRecords: true, structures }),
    protobufjsCodec(protobuf, protobufjsModule),
    protobufEsCodec(protobufEsModule),
  ];
  if (gidl !== undefined) {
    const codec = gidl.createBinaryCodec(gidl.binary);
    all.push(
      envelopeCodec(
        "gidl binary",
        (message) => codec.encode(message),
        (frame) => codec.decode(frame),
      ),
    );
  }
  return all;
}
