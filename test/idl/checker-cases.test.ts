import { describe, expect, it } from "vitest";
import { checkerDiagnosticCases } from "./diagnostics-checker.cases.js";
import { compileTest } from "./checker-helpers.js";

describe("checker diagnostic cases", () => {
  for (const testCase of checkerDiagnosticCases) {
    it(`${testCase.name} (${testCase.code} ${testCase.id})`, () => {
      const result = compileTest(testCase.source);
      const first = result.diagnostics.find((d) => d.code === testCase.code);
      expect(
        first,
        result.diagnostics.map((d) => `${d.code} ${d.line}:${d.col} ${d.message}`).join("\n"),
      ).toBeDefined();
      expect({ line: first?.line, col: first?.col }).toEqual({ line: testCase.line, col: testCase.col });
    });
  }
});
