/**
 * test/vectors/binary.json is what make-vectors.ts makes now (docs/protocol.md "Test vectors").
 * After a change to the schema or the cases, rewrite it and review the diff:
 *
 *   UPDATE_VECTORS=1 npx vitest run test/vectors/vectors-file.test.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  compileVectorSchema,
  makeVectors,
  valueMethod,
  VECTORS_FILE,
  vectorFileText,
} from "./make-vectors.js";

describe("the binary codec's test vectors", () => {
  it("are what the reference encoder makes now, and agree with the bytes worked out by hand", async () => {
    // makeVectors throws when a case's hand-made bytes differ from the reference encoder's.
    const text = await vectorFileText(makeVectors());
    if (process.env.UPDATE_VECTORS === "1") writeFileSync(VECTORS_FILE, text);
    expect(readFileSync(VECTORS_FILE, "utf8") === text, "binary.json is stale: rewrite it").toBe(true);
  });

  it("have a values.<type> rpc returning each value's type, for the tests to encode it with", () => {
    const file = JSON.parse(readFileSync(VECTORS_FILE, "utf8")) as ReturnType<typeof makeVectors>;
    const model = compileVectorSchema();
    const values = model.services.find((service) => service.name === "values");
    for (const { type } of file.values) {
      const method = values?.methods.find((m) => m.name === valueMethod(type).slice("values.".length));
      expect(method?.result, type).toEqual({ kind: "named", name: type });
    }
  });

  it("cover every message type each way, and a batch", () => {
    const file = JSON.parse(readFileSync(VECTORS_FILE, "utf8")) as ReturnType<typeof makeVectors>;
    const types = (direction: string): string[] => [
      ...new Set(
        file.messages
          .filter((m) => m.direction === direction)
          .map((m) => (Array.isArray(m.message) ? "batch" : (m.message as { type: string }).type)),
      ),
    ];
    expect(types("client").sort()).toEqual(["ack", "batch", "hello", "ping", "pong", "rpc", "send"]);
    expect(types("server").sort()).toEqual([
      "batch",
      "error",
      "event",
      "ping",
      "pong",
      "response",
      "welcome",
    ]);
  });
});
