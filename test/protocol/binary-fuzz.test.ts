/**
 * Fuzzing the binary codec (docs/protocol.md "The binary codec") with the code generated from
 * test/vectors/binary.gidl:
 * - any value of any of its types encodes to the reference encoder's bytes and decodes back equal;
 * - mutations of the vectors' frames decode to messages or markers or throw `CodecError`, never
 *   anything else, and never to more than the frame could hold; frames claiming gigabytes fail
 *   without allocating them.
 * `npm test` decodes 10^4 mutated frames; `npm run fuzz` (GIDL_FUZZ=1) 10^6 and 10× the values.
 * GIDL_FUZZ_SEED replays a run.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Codec } from "../../protocol/index.js";
import { ValueArbitraries } from "../vectors/arbitraries.js";
import { fromHex, loadGeneratedVectors, toHex, type GeneratedVectors } from "../vectors/load-generated.js";
import { compileVectorSchema, valueMethod, VECTORS_FILE, type VectorFile } from "../vectors/make-vectors.js";
import { BinaryMutator } from "../vectors/mutate-binary.js";
import { hex, ReferenceEncoder } from "../vectors/reference-encoder.js";

const long = process.env.GIDL_FUZZ === "1";
const FRAMES = long ? 1_000_000 : 10_000;
const RUNS_PER_TYPE = long ? 2_000 : 150;
const SEED = Number(process.env.GIDL_FUZZ_SEED ?? 20_251_207);
/** Corpus frames up to this size: mutating the 64 KiB string's frame a million times would be slow. */
const MAX_CORPUS_FRAME = 2048;

const vectors = JSON.parse(readFileSync(VECTORS_FILE, "utf8")) as VectorFile;
const model = compileVectorSchema();
const reference = new ReferenceEncoder(model);
const arbitraries = new ValueArbitraries(model);
let g: GeneratedVectors;
let codec: Codec;
let remove: () => void = () => undefined;

beforeAll(async () => {
  ({ generated: g, remove } = await loadGeneratedVectors("binary-fuzz"));
  codec = g.createBinaryCodec(g.binary);
});
afterAll(() => {
  remove();
});

const valueTypes = [...new Set(vectors.values.map((v) => v.type))];

describe("any value of the vector schema's types", () => {
  it.each(valueTypes)("%s: encodes to the reference encoder's bytes and decodes back equal", (type) => {
    const method = valueMethod(type);
    const shape = g.definition.methods[method]?.result ?? null;
    fc.assert(
      fc.property(arbitraries.named(type), (value) => {
        const frame = codec.encode({ type: "response", id: 1, result: value }, method) as Uint8Array;
        const json = g.toWire(value, shape, g.definition.shapes, "json");
        expect(toHex(frame)).toBe(hex(reference.message({ type: "response", id: 1, result: json }, method)));
        expect(codec.decode(frame)).toEqual({ type: "response", id: 1, result: value });
      }),
      { numRuns: RUNS_PER_TYPE, seed: SEED },
    );
  });

  it("as rpc params and event payloads too", () => {
    const params = g.definition.methods["shop.echo"]?.params ?? null;
    const payload = g.definition.events["shop.positions"]?.payload ?? null;
    fc.assert(
      fc.property(
        arbitraries.named("Everything"),
        arbitraries.of({ kind: "map", value: { kind: "named", name: "Vec2" } }, 1),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        (value, players, id) => {
          const rpc = { type: "rpc", id, method: "shop.echo", params: { value } };
          const rpcJson = { ...rpc, params: g.toWire(rpc.params, params, g.definition.shapes, "json") };
          expect(toHex(codec.encode(rpc) as Uint8Array)).toBe(hex(reference.message(rpcJson)));
          expect(codec.decode(codec.encode(rpc))).toEqual(rpc);
          const event = { type: "event", event: "shop.positions", ts: id, data: { players } };
          const eventJson = { ...event, data: g.toWire(event.data, payload, g.definition.shapes, "json") };
          expect(toHex(codec.encode(event) as Uint8Array)).toBe(hex(reference.message(eventJson)));
          expect(codec.decode(codec.encode(event))).toEqual(event);
        },
      ),
      { numRuns: RUNS_PER_TYPE * 4, seed: SEED },
    );
  });
});

/** What a decoded frame may be, or why it is not (a decoder's crash turned into a marker included). */
function problemOf(frame: Uint8Array): string | undefined {
  let decoded: unknown;
  try {
    decoded = codec.decode(frame);
  } catch (error) {
    return error instanceof g.CodecError ? undefined : `threw ${String(error)}`;
  }
  for (const item of Array.isArray(decoded) ? (decoded as unknown[]) : [decoded]) {
    if (item instanceof g.UndecodableMessage) {
      if (item.reason.startsWith("the message could not be read")) return `a decoder crashed: ${item.reason}`;
      continue;
    }
    const type = (item as { type?: unknown } | null)?.type;
    if (typeof type !== "string") return `decoded to ${String(item)}`;
  }
  const size = sizeOf(decoded, 0);
  if (size > 4 * frame.length + 64) return `${frame.length} bytes decoded to ${size} items and characters`;
  return undefined;
}

/** Items, keys, characters and bytes in a decoded value: what decoding it allocated, roughly. */
function sizeOf(value: unknown, depth: number): number {
  if (depth > 200) throw new Error("a decoded value deeper than 200");
  // A marker's reason is the decoder's text, not the frame's.
  if (value instanceof g.UndecodableMessage) return 1;
  if (typeof value === "string") return value.length;
  if (value instanceof Uint8Array) return value.length;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + 1 + sizeOf(item, depth + 1), 0);
  if (typeof value === "object" && value !== null) {
    return Object.values(value).reduce((sum: number, item) => sum + 1 + sizeOf(item, depth + 1), 0);
  }
  return 0;
}

describe("mutated frames", () => {
  it(`${FRAMES.toLocaleString("en")} mutations of the vectors decode or fail cleanly (seed ${SEED})`, () => {
    const corpus = [
      ...vectors.messages.map((v) => fromHex(v.hex)),
      ...vectors.invalid.map((v) => fromHex(v.hex)),
      ...vectors.values.map((v) => {
        const index = g.binary.methods.findIndex((m) => m.name === valueMethod(v.type));
        return fromHex(`05030001${(index + 1).toString(16).padStart(2, "0")}${v.hex}`);
      }),
    ].filter((frame) => frame.length <= MAX_CORPUS_FRAME);
    const mutator = new BinaryMutator(SEED, corpus);
    const problems = new Map<string, string>();
    for (let i = 0; i < FRAMES && problems.size < 20; i++) {
      const frame = mutator.next();
      const problem = problemOf(frame);
      if (problem !== undefined && !problems.has(problem)) problems.set(problem, toHex(frame));
    }
    expect([...problems].map(([problem, frame]) => `${problem}: ${frame}`)).toEqual([]);
  });

  const header = (method: string): string => {
    const index = g.binary.methods.findIndex((m) => m.name === method);
    return `05030001${(index + 1).toString(16).padStart(2, "0")}`;
  };
  const GIB2 = "8080808008";
  const claims: readonly [string, () => string][] = [
    ["a 2 GiB string", () => `${header("values.ofString")}${GIB2}`],
    ["2 GiB of bytes", () => `${header("values.ofBytes")}${GIB2}`],
    ["a list of 2^31 items", () => `${header("values.tree")}${GIB2}`],
    ["a map of 2^31 entries", () => `${header("values.scores")}${GIB2}`],
    ["a batch of 2^31 items", () => `00${GIB2}`],
    ["a batch item of 2 GiB", () => `0001${GIB2}`],
    ["a header of 2 GiB", () => `03${GIB2}`],
    ["an error object of 2 GiB", () => `0a05${GIB2}`],
    ["100,000 nested lists", () => `${header("values.tree")}${"01".repeat(100_000)}00`],
  ];

  it.each(claims)("%s: refused without allocating it", (_name, frameHex) => {
    const frame = fromHex(frameHex());
    const before = process.memoryUsage();
    expect(problemOf(frame)).toBeUndefined();
    let decoded: unknown;
    try {
      decoded = codec.decode(frame);
    } catch (error) {
      decoded = error;
    }
    const after = process.memoryUsage();
    expect(decoded instanceof g.CodecError || decoded instanceof g.UndecodableMessage).toBe(true);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(1024 * 1024);
    expect(after.heapUsed - before.heapUsed).toBeLessThan(64 * 1024 * 1024);
  });
});
