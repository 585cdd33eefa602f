/**
 * The model of the example schema, compared with a reviewed copy: any change to what the compiler
 * produces shows up as a diff of test/golden/arena.model.json. UPDATE_GOLDEN=1 rewrites the copy.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compile } from "../../idl/index.js";

const schemaPath = fileURLToPath(new URL("../../examples/arena/arena.gidl", import.meta.url));
const goldenPath = fileURLToPath(new URL("../golden/arena.model.json", import.meta.url));

describe("the arena example", () => {
  const result = compile(schemaPath);

  it("compiles without errors or warnings", () => {
    expect(result.diagnostics).toEqual([]);
  });

  it("produces the reviewed model in test/golden/arena.model.json", () => {
    const actual = `${JSON.stringify(result.model, null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN === "1") {
      writeFileSync(goldenPath, actual);
      return;
    }
    expect(
      existsSync(goldenPath),
      "no golden file yet: run UPDATE_GOLDEN=1 npx vitest run test/idl/arena.golden.test.ts",
    ).toBe(true);
    expect(actual).toBe(readFileSync(goldenPath, "utf8"));
  });
});
