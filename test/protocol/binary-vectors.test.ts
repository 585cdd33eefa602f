/**
 * The code generated from test/vectors/binary.gidl and the binary codec pass test/vectors/binary.json
 * byte for byte (docs/protocol.md "Test vectors"): each value and message encodes to its bytes and
 * decodes back; each invalid frame, sent to a real server after `hello`, gets its answer, and the
 * connection still serves a good call after it.
 */
import { readFileSync } from "node:fs";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Codec } from "../../protocol/index.js";
import { RawClient } from "../runtime-server/raw-client.js";
import { BinarySocket, type Message } from "../vectors/binary-socket.js";
import { createVectorHandlers } from "../vectors/handlers.js";
import { fromHex, loadGeneratedVectors, toHex, type GeneratedVectors } from "../vectors/load-generated.js";
import { valueMethod, VECTORS_FILE, type VectorFile } from "../vectors/make-vectors.js";
import { toJson, toTypeScript } from "../vectors/wire-forms.js";

const vectors = JSON.parse(readFileSync(VECTORS_FILE, "utf8")) as VectorFile;
let g: GeneratedVectors;
let codec: Codec;
let remove: () => void = () => undefined;

beforeAll(async () => {
  ({ generated: g, remove } = await loadGeneratedVectors("binary-vectors"));
  codec = g.createBinaryCodec(g.binary);
});
afterAll(() => {
  remove();
});

/** A value travels as the result of its `values.<type>` rpc: type 5, header flags 0, id 1, the method. */
function responseHeader(method: string): string {
  const index = g.binary.methods.findIndex((m) => m.name === method);
  return `05030001${(index + 1).toString(16).padStart(2, "0")}`;
}

describe("the generated binary codec on the test vectors", () => {
  it("has the vectors' schema hash and method order", () => {
    expect(g.binary.hash).toBe(vectors.hash);
    expect(codec.subprotocol).toBe(`gidl.v1.binary.${vectors.hash.slice(0, 16)}`);
    const names = g.binary.methods.map((m) => m.name);
    expect(names).toEqual([...names].sort());
  });

  it.each(vectors.values.map((v, i) => [i, v.type, v.note, v] as const))(
    "value %i, %s: %s",
    (_i, type, _note, vector) => {
      const method = valueMethod(type);
      expect(g.binary.methods.findIndex((m) => m.name === method)).toBeLessThan(127);
      const header = responseHeader(method);
      const message = toTypeScript(g, { type: "response", id: 1, result: vector.json }, method);
      expect(toHex(codec.encode(message, method) as Uint8Array)).toBe(header + vector.hex);
      const decoded = codec.decode(fromHex(header + vector.hex));
      expect(toJson(g, decoded, method)).toEqual({
        type: "response",
        id: 1,
        result: vector.decoded ?? vector.json,
      });
    },
  );

  it.each(vectors.messages.map((v, i) => [i, v.direction, v.note, v] as const))(
    "message %i (%s): %s",
    (_i, _direction, _note, vector) => {
      const message = toTypeScript(g, vector.message, vector.method);
      const frame = Array.isArray(message)
        ? codec.batch(message.map((item: unknown, i) => codec.encode(item, methodOf(vector.method, i))))
        : codec.encode(message, vector.method as string | undefined);
      if (vector.decodeOnly !== true) expect(toHex(frame as Uint8Array)).toBe(vector.hex);
      expect(toJson(g, codec.decode(fromHex(vector.hex)), vector.method)).toEqual(vector.message);
    },
  );

  it.each(vectors.invalid.map((v, i) => [i, v.note, v] as const))(
    "invalid frame %i does not decode as a good message: %s",
    (_i, _note, vector) => {
      let decoded: unknown;
      try {
        decoded = codec.decode(fromHex(vector.hex));
      } catch (error) {
        expect(error).toBeInstanceOf(g.CodecError);
        expect(vector.answer).toEqual({ code: "BAD_MESSAGE" });
        return;
      }
      const first = (Array.isArray(decoded) ? decoded[0] : decoded) as unknown;
      // An rpc naming a send is well framed: the server refuses it when it looks the method up.
      const namesASend =
        first instanceof Object &&
        (first as Message).type === "rpc" &&
        g.definition.methods[(first as Message).method as string]?.kind === "send";
      if (vector.answer.code === "BAD_MESSAGE" && !namesASend) {
        expect(first).toBeInstanceOf(g.UndecodableMessage);
        expect((first as { id?: number }).id).toBe(vector.answer.id);
      } else {
        expect(first).not.toBeInstanceOf(g.UndecodableMessage);
      }
    },
  );
});

function methodOf(method: unknown, i: number): string | undefined {
  return Array.isArray(method) ? ((method[i] as string | null) ?? undefined) : undefined;
}

describe("a real server answers the invalid frames (after hello)", () => {
  let server: ReturnType<GeneratedVectors["createServer"]>;
  let url: string;
  let player = 0;
  const sockets: BinarySocket[] = [];
  const GOOD_ID = 100;
  const probe = {
    flag: true,
    small: 5,
    ratio: 1.5,
    color: "green",
    loot: { kind: "coin", value: 7 },
    name: "ok",
  };

  beforeAll(async () => {
    server = g.createServer({
      handlers: createVectorHandlers(g.binary.methods.map((m) => m.name)),
      logger: pino({ level: "silent" }),
      authenticate: (token: string) => ({ playerId: token, roles: [] }),
    });
    await server.listen();
    url = `ws://127.0.0.1:${server.port}/`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.socket.terminate();
    await server.close();
  });

  async function login(): Promise<BinarySocket> {
    const socket = await BinarySocket.open(url, codec);
    sockets.push(socket);
    socket.send({ type: "hello", protocol: 1, schema: vectors.hash, token: `player${++player}` });
    const [welcome] = await socket.until((m) => m.type === "welcome" || m.type === "error");
    expect(welcome?.type).toBe("welcome");
    return socket;
  }

  it.each(vectors.invalid.map((v, i) => [i, v.note, v] as const))(
    "invalid frame %i: %s",
    async (_i, _note, vector) => {
      const socket = await login();
      socket.sendBytes(fromHex(vector.hex));
      socket.send({ type: "rpc", id: GOOD_ID, method: "shop.probe", params: probe });
      const received = (await socket.until((m) => m.type === "response" && m.id === GOOD_ID)).filter(
        (m) => m.type !== "ping",
      );
      const good = received.pop();
      expect(good?.result, "the good call after it").toEqual({ kind: "coin", value: 7 });
      expect(received.map(answerOf)).toEqual([vector.answer]);
    },
  );

  const lenientCalls = vectors.messages.filter(
    (v) => v.decodeOnly === true && (v.message as Message).type === "rpc",
  );
  it.each(lenientCalls.map((v) => [v.note, v] as const))(
    "a newer peer's rpc is served: %s",
    async (_note, vector) => {
      const socket = await login();
      socket.sendBytes(fromHex(vector.hex));
      const id = (vector.message as Message).id;
      const [response] = (await socket.until((m) => m.type === "response" && m.id === id)).slice(-1);
      expect(response).toEqual({ type: "response", id, result: null });
    },
  );

  // docs/protocol.md "Bad frames": the problems are those the JSON path gives for the same fault
  // (MessagePack for the NaN and infinity JSON cannot carry).
  const onOtherCodecs: readonly [note: string, params: Record<string, unknown>, codec: "json" | "msgpack"][] =
    [
      ["u8 300", { ...probe, small: 300 }, "json"],
      ["bool byte 2", { ...probe, flag: 2 }, "json"],
      ["f64 NaN", { ...probe, ratio: Number.NaN }, "msgpack"],
      ["f64 -Infinity", { ...probe, ratio: -Infinity }, "msgpack"],
      ["enum index 3 of 3 members", { ...probe, color: "purple" }, "json"],
      ["union variant 4 of 4", { ...probe, loot: { kind: "diamond" } }, "json"],
      [
        "an enum index past the list inside a union variant",
        { ...probe, loot: { kind: "gem", carats: 0, color: "purple" } },
        "json",
      ],
      ["@length(1, 8): empty", { ...probe, name: "" }, "json"],
      ["@length(1, 8): 9 code points", { ...probe, name: "🎮".repeat(9) }, "json"],
    ];

  it("every INVALID_ARGUMENT vector has its fault on the other codecs", () => {
    const notes = vectors.invalid.filter((v) => v.answer.code === "INVALID_ARGUMENT").map((v) => v.note);
    expect(notes.sort()).toEqual(onOtherCodecs.map(([note]) => note).sort());
  });

  it.each(onOtherCodecs)("%s: the same problems on %s", async (note, params, codecName) => {
    const vector = vectors.invalid.find((v) => v.note === note);
    const client = await RawClient.open(url, { codec: codecName });
    try {
      await client.hello({ schema: vectors.hash, token: `player${++player}` });
      const response = await client.call("shop.probe", params);
      const error = response.error as { code: string; details?: { problems?: unknown } };
      expect(error.code).toBe("INVALID_ARGUMENT");
      expect(error.details?.problems).toEqual(vector?.answer.problems);
    } finally {
      client.socket.terminate();
    }
  });
});

/** An answer as the vectors write it: code, id for a response, problems when there are any. */
function answerOf(message: Message): Record<string, unknown> {
  const error = message.error as { code: string; details?: { problems?: unknown } } | undefined;
  return {
    code: error?.code ?? `(a ${message.type} without an error)`,
    ...(message.type === "response" ? { id: message.id } : {}),
    ...(error?.details?.problems === undefined ? {} : { problems: error.details.problems }),
  };
}
