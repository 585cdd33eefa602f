/** types.ts for what the arena example does not reach: 64-bit integers, bytes, reserved names, deprecations. */
import { describe, expect, it } from "vitest";
import { loadTemplates } from "../../generator/framework/templates.js";
import { generateTypes } from "../../generator/types/index.js";
import { edgeCaseModel } from "./fixtures.js";

const model = edgeCaseModel();
const types = generateTypes({
  model,
  header: { schemaFile: "edge.gidl", hash: model.hash },
  templates: loadTemplates(),
}).content;

describe("types.ts", () => {
  it("maps i64/u64 to bigint and bytes to Uint8Array", () => {
    expect(types).toContain("export type SteamId = bigint;");
    expect(types).toContain("  blob?: Uint8Array;");
    expect(types).toContain("export type DataCountsResult = Record<string, bigint[]>;");
  });

  it("escapes a schema type named like a global, and every reference to it", () => {
    expect(types).toContain("export interface Promise$ {");
    expect(types).not.toMatch(/interface Promise \{/);
  });

  it("keeps a keyword as a field name, which TypeScript allows", () => {
    expect(types).toContain("  /**\n   * A keyword as a field name.\n   */\n  default: string;");
  });

  it("marks deprecated declarations and enum members", () => {
    expect(types).toContain(" * @deprecated use Plain\n * @generated from struct Promise\n */");
    expect(types).toContain('export type Mode =\n  | "fast"\n  /** @deprecated */\n  | "slow";');
  });

  it("writes a union as its variants' structs plus a kind tag", () => {
    expect(types).toContain('export type Shape = ({ kind: "plain" } & Plain) | ({ kind: "big" } & Big);');
  });

  it("types params without fields as an empty record, and events without fields too", () => {
    expect(types).toContain("export type DataTreeParams = Record<string, never>;");
    expect(types).toContain("export type DataNoiseEvent = Record<string, never>;");
  });

  it("types a send's result as void in the Methods map", () => {
    expect(types).toContain('  "data.mode": { params: DataModeParams; result: void };');
  });
});
