/** definition.ts's WireShapes and schema.json: where the JSON wire form differs from TypeScript. */
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { createWireShapes } from "../../generator/definition/wire-shapes.js";
import { generateDocsFile } from "../../generator/index.js";
import { generateJsonSchema } from "../../generator/json-schema/index.js";
import { loadTemplates } from "../../generator/framework/templates.js";
import type { Model } from "../../idl/model.js";
import { arenaModel, edgeCaseModel } from "./fixtures.js";

function schemaOf(model: Model): { $defs: Record<string, object> } {
  const context = { model, header: { schemaFile: "x.gidl", hash: model.hash }, templates: loadTemplates() };
  return JSON.parse(generateJsonSchema(context).content) as { $defs: Record<string, object> };
}

describe("wire shapes", () => {
  it("are null everywhere but on the way to an f32 for an API without 64-bit integers or bytes", () => {
    const model = arenaModel();
    const shapes = createWireShapes(model);
    // Vec2's f32 fields are rounded on receipt (docs/language.md "Built-in types").
    expect(shapes.named()).toEqual({
      Vec2: { kind: "object", fields: { x: { kind: "f32" }, y: { kind: "f32" } } },
    });
    for (const method of model.services.flatMap((service) => service.methods)) {
      const expected =
        method.fullName === "combat.move"
          ? { kind: "object", fields: { pos: { kind: "ref", name: "Vec2" } } }
          : null;
      expect(shapes.ofFields(method.params), method.fullName).toEqual(expected);
    }
  });

  it("describe only what converts, naming recursive types by reference", () => {
    const model = edgeCaseModel();
    const shapes = createWireShapes(model);
    expect(shapes.named()).toEqual({
      SteamId: { kind: "i64" },
      Tree: {
        kind: "object",
        fields: {
          children: { kind: "list", element: { kind: "ref", name: "Tree" } },
          blob: { kind: "bytes" },
        },
      },
      Big: { kind: "object", fields: { owner: { kind: "ref", name: "SteamId" }, at: { kind: "i64" } } },
      Shape: { kind: "union", variants: { big: { kind: "ref", name: "Big" } } },
    });
    const counts = model.services[0]?.methods.find((method) => method.name === "counts");
    expect(counts?.result && shapes.ofType(counts.result)).toEqual({
      kind: "map",
      value: { kind: "list", element: { kind: "i64" } },
    });
  });
});

describe("schema.json", () => {
  it("is a JSON Schema 2020-12 that accepts the JSON wire form of a call and refuses a bad one", () => {
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema(schemaOf(arenaModel()), "arena");
    const params = ajv.getSchema("arena#/$defs/CombatAttackParams");
    expect(params?.({ targetId: "p2", weapon: "sword" })).toBe(true);
    expect(params?.({ targetId: "p2", weapon: "axe" })).toBe(false);
    expect(params?.({ targetId: "Not An Id", weapon: "bow" })).toBe(false);
    const pickup = ajv.getSchema("arena#/$defs/Pickup");
    expect(pickup?.({ kind: "ammo", weapon: "bow", rounds: 3 })).toBe(true);
    expect(pickup?.({ kind: "ammo", weapon: "bow", rounds: 300 })).toBe(false);
    expect(ajv.getSchema("arena#/$defs/CombatKickPlayerResult")?.(null)).toBe(true);
  });

  it("writes 64-bit integers as decimal strings and bytes as base64 strings", () => {
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema(schemaOf(edgeCaseModel()), "edge");
    const upload = ajv.getSchema("edge#/$defs/DataUploadParams");
    expect(upload?.({ payload: "AAEC", owner: "76561198000000000" })).toBe(true);
    expect(upload?.({ payload: "AAEC", owner: 76561198000000000 })).toBe(false);
    expect(upload?.({ payload: "AAEC", owner: "-1" })).toBe(false);
    expect(ajv.getSchema("edge#/$defs/DataChangedEvent")?.({ at: "-42" })).toBe(true);
  });
});

describe("docs.md", () => {
  it("derives the auth column from the attributes and marks deprecations", () => {
    const docs = generateDocsFile(edgeCaseModel(), { schemaFile: "edge.gidl" }).content;
    expect(docs).toContain("| `data.tree` | none | `Tree` | No |");
    expect(docs).toContain("| `data.ping`<br>**Deprecated**: no longer needed | none | nothing | Yes |");
    expect(docs).toContain("| `data.mode` | `mode: Mode` | no response (send) | Yes |");
    expect(docs).toContain("| `data.noise` | none | the players listed (unreliable) |");
    expect(docs).toContain("| `BUSY`<br>Try again later. | none | Yes |");
  });
});
