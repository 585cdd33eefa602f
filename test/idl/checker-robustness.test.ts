import { readFileSync } from "node:fs";
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileTest, codeOf } from "./checker-helpers.js";

const internal = codeOf("internal-error");
const arena = readFileSync(new URL("../../examples/arena/arena.gidl", import.meta.url), "utf8");
const common = readFileSync(new URL("../../examples/arena/common.gidl", import.meta.url), "utf8");

describe("the checker on broken input", () => {
  it("compiles the example schema without diagnostics", () => {
    const result = compileTest({ "arena.gidl": arena, "common.gidl": common });
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.package).toBe("arena");
  });

  it("never fails internally on a truncated schema", () => {
    for (let end = 0; end <= arena.length; end += 7) {
      const result = compileTest({ "arena.gidl": arena.slice(0, end), "common.gidl": common });
      expect(result.diagnostics.filter((d) => d.code === internal)).toEqual([]);
    }
  });

  it("never fails internally on any mix of schema tokens", () => {
    const token = fc.constantFrom(
      "package t;",
      "version 1;",
      'import "common.gidl";',
      "struct",
      "union",
      "enum",
      "error",
      "session",
      "service",
      "type",
      "rpc",
      "send",
      "event",
      "to",
      "throws",
      "A",
      "B",
      "x",
      "settings",
      "kind",
      "{",
      "}",
      "(",
      ")",
      "<",
      ">",
      ";",
      ":",
      ",",
      "?",
      "=",
      "list",
      "map",
      "string",
      "u8",
      "u64",
      "@range(0, 1)",
      "@length(2)",
      '@pattern("a+")',
      "@public",
      "@host",
      "@session(running)",
      "@rate(1/s)",
      "@unreliable",
      "@deprecated",
      "STUNNED",
      "session",
      "all",
      "@maxPlayers(2)",
      '@queue("q", concurrency: 1, depth: 1)',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (tokens) => {
        const result = compileTest({ "main.gidl": `package t;\n${tokens.join(" ")}`, "common.gidl": common });
        return result.diagnostics.every((d) => d.code !== internal);
      }),
      { numRuns: 300 },
    );
  });
});
