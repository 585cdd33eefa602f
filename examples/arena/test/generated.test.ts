/**
 * examples/arena/generated/ is committed (docs/contributing.md "Generated code"): it must be what `gidl generate` writes
 * for arena.gidl today. Regenerate with `npm run demo` (or `gidl generate examples/arena/arena.gidl
 * -o examples/arena/generated`).
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generate } from "../../../generator/index.js";
import { compile } from "../../../idl/index.js";

const schema = fileURLToPath(new URL("../arena.gidl", import.meta.url));
const generatedDir = new URL("../generated/", import.meta.url);

describe("examples/arena/generated", () => {
  it("is what the generator writes for arena.gidl now", () => {
    const { model, diagnostics } = compile(schema);
    expect(diagnostics).toEqual([]);
    if (model === undefined) return;
    const files = generate(model, { lang: "ts", schemaFile: "arena.gidl" }).files;
    expect(readdirSync(generatedDir).sort(), "the generated files").toEqual(files.map((f) => f.path));
    for (const file of files) {
      const committed = readFileSync(new URL(file.path, generatedDir), "utf8");
      expect(committed === file.content, `${file.path} is stale: run npm run demo to regenerate it`).toBe(
        true,
      );
    }
  });
});
