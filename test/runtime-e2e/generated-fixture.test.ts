/**
 * The end-to-end tests run the generated code committed in fixtures/generated/ (docs/contributing.md
 * "Generated code": checked in, and a test fails when it is stale). After a change to game.gidl or to the
 * generator, regenerate it and review the diff:
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/runtime-e2e/generated-fixture.test.ts
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generate } from "../../generator/index.js";
import { compile } from "../../idl/index.js";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));

describe("the generated code of the end-to-end fixture", () => {
  it("is what game.gidl generates now", () => {
    const compiled = compile(path.join(fixtures, "game.gidl"));
    expect(compiled.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    if (compiled.model === undefined) throw new Error("game.gidl did not compile");
    const files = generate(compiled.model, { lang: "ts", schemaFile: "game.gidl" }).files;
    const dir = path.join(fixtures, "generated");
    if (process.env.UPDATE_GOLDEN === "1") {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      for (const file of files) writeFileSync(path.join(dir, file.path), file.content);
    }
    expect(readdirSync(dir).sort()).toEqual(files.map((file) => file.path));
    for (const file of files) {
      expect(readFileSync(path.join(dir, file.path), "utf8"), `${file.path} is stale: regenerate it`).toBe(
        file.content,
      );
    }
  });
});
