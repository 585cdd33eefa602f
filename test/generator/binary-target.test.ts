/**
 * The binary target as code: what binary.ts lists and in which order (docs/protocol.md
 * "Messages": indexes are positions in the sorted names), how it reads, that `--lang js` output
 * runs, that no schema name can break it, and the f32 rule of the other codecs' wire conversion.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildSync } from "esbuild";
import * as prettier from "prettier";
import { afterAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/index.js";
import { compileInMemory } from "../../generator/typescript/compile-in-memory.js";
import { validatorsDeclaration } from "../../generator/validators/index.js";
import { compileSource } from "../../idl/index.js";
import { fromWire, toWire } from "../../protocol/index.js";
import type { ValueCodec } from "../../protocol/index.js";
import { everyModel, generateEvery, loadGenerated, removeGenerated } from "./binary-fixture.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const jsDir = path.join(root, "test-artifacts", `binary-js-${process.pid}`);

afterAll(() => {
  removeGenerated("binary-target");
  removeGenerated("binary-names");
  rmSync(jsDir, { recursive: true, force: true });
});

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

describe("binary.ts", () => {
  const files = generateEvery();
  const source = files.find((file) => file.path === "binary.ts")?.content ?? "";

  it("lists every method and event sorted by code point, built-in ones included, and every declared error", async () => {
    const g = await loadGenerated(files, "binary-target");
    const methods = g.binary.methods.map((entry) => entry.name);
    expect(methods).toEqual(Object.keys(g.definition.methods).sort(byCodePoint));
    expect(methods).toContain("session.create");
    expect(methods).toContain("topic.subscribe");
    // Code points, not locale: "shop.ids" < "shop.many" < "shop.mixed" < "shop.name".
    expect(methods.filter((name) => name.startsWith("shop."))).toEqual([
      "shop.color",
      "shop.count",
      "shop.everything",
      "shop.ids",
      "shop.many",
      "shop.mixed",
      "shop.name",
      "shop.nothing",
      "shop.poke",
      "shop.tree",
    ]);
    expect(g.binary.events.map((entry) => entry.name)).toEqual(
      Object.keys(g.definition.events).sort(byCodePoint),
    );
    expect(Object.keys(g.binary.errors)).toEqual(["FULL", "GONE"]);
    expect(g.binary.hash).toBe(g.definition.hash);
    expect(g.definition.binary).toBe(g.binary);
    // Sends and rpcs that return nothing have no result codec.
    expect(g.binary.methods.find((entry) => entry.name === "shop.poke")?.result).toBeNull();
  });

  it("compiles whole under the self-check's strict options (the check of generate reads its declaration)", () => {
    const sources = files.filter((file) => file.path.endsWith(".ts") && file.path !== "validators.ts");
    expect(compileInMemory([...sources, validatorsDeclaration()], { emit: false }).errors).toEqual([]);
  });

  it("is laid out as prettier lays it out, and uses no any, eval or Function", async () => {
    const options = {
      ...(await prettier.resolveConfig(path.join(root, "test/golden/arena/"))),
      parser: "typescript",
    };
    expect(await prettier.format(source, options)).toBe(source);
    expect(source).not.toMatch(/: any\b|\bas any\b|\beval\(|new Function|@ts-ignore|@ts-nocheck/);
  });

  it("gives every function a @generated line that names what it comes from, and each helper its JSDoc", () => {
    const lines = source.split("\n");
    const functions = lines.flatMap((text, index) => {
      const name = /^function (\w+)/.exec(text)?.[1];
      return name === undefined ? [] : [{ name, previous: lines[index - 1] ?? "" }];
    });
    expect(functions.length).toBeGreaterThan(40);
    for (const { name, previous } of functions) {
      if (/^(?:encode|decode)[A-Z]/.test(name))
        expect(previous, name).toMatch(/^\/\*\* @generated from .+ \*\/$/);
      else expect(previous, name).toMatch(/^ ?\*\/$|^\/\*\* .+ \*\/$/);
    }
    expect(source).toContain("/** @generated from struct Everything */\nfunction encodeEverything(");
    expect(source).toContain("/** @generated from union Loot, variant gem */\nfunction decodeLootGem(");
    expect(source).toContain("/** @generated from list<list<i32>> */\nfunction decodeListOfListOfI32(");
    expect(source).toContain("/** @generated from type Tree */\nfunction encodeTree(");
    expect(source).toContain(
      "/** @generated from rpc shop.everything */\nfunction encodeShopEverythingParams(",
    );
    expect(source).toContain("/** @generated from error FULL */\nfunction decodeFullErrorDetails(");
  });
});

describe("binary.ts under --lang js", () => {
  it("is JavaScript and declarations that Node.js loads and runs", async () => {
    const { files } = generate(everyModel(), { lang: "js", schemaFile: "every.gidl" });
    expect(files.map((file) => file.path)).toContain("binary.d.ts");
    const declarations = files.find((file) => file.path === "binary.d.ts")?.content ?? "";
    expect(declarations).toContain("export declare const binary: BinarySchema;");

    const gidl = path.join(jsDir, "node_modules", "gidl");
    mkdirSync(gidl, { recursive: true });
    writeFileSync(
      path.join(gidl, "package.json"),
      JSON.stringify({ name: "gidl", type: "module", exports: { "./protocol": "./protocol.js" } }),
    );
    buildSync({
      entryPoints: [path.join(root, "protocol/index.ts")],
      outfile: path.join(gidl, "protocol.js"),
      bundle: true,
      platform: "node",
      format: "esm",
      packages: "external",
      logLevel: "error",
    });
    const gen = path.join(jsDir, "gen");
    mkdirSync(gen, { recursive: true });
    for (const file of files) writeFileSync(path.join(gen, file.path), file.content);
    const load = (name: string) => import(pathToFileURL(name).href) as Promise<Record<string, unknown>>;
    const { definition } = (await load(path.join(gen, "definition.js"))) as {
      definition: { binary: { methods: { name: string; params: ValueCodec }[] } };
    };
    const protocol = (await load(
      path.join(gidl, "protocol.js"),
    )) as unknown as typeof import("../../protocol/index.js");
    const count = definition.binary.methods.find((entry) => entry.name === "shop.count");
    const writer = new protocol.BinaryWriter();
    (count?.params.encode as (w: unknown, value: unknown) => void)(writer, { n: 300 });
    expect([...writer.finish()]).toEqual([0xac, 0x02]);
    expect(count?.params.decode(new protocol.BinaryReader(writer.finish()))).toEqual({ n: 300 });
  });
});

describe("binary.ts and the schema's names", () => {
  it("compiles and runs when schema names meet the names it uses itself", async () => {
    const schema = `package names;
      struct Error { field?: u8; value: u8; r: u8; bits: u8; types: u8; }
      struct ListOfString { items: list<string>; }
      struct BinaryReader { default: string; encodeLater: bool; }
      struct Holder { note?: string; error: Error; }
      union Choice { error: Error; list: ListOfString; }
      struct Pair { a: Choice; b: Choice; }
      struct AStructWithANameLongEnoughToBreakTheLinesThatMentionIt {
        anOptionalFieldWithAVeryLongNameAsFieldsGo?: string;
        aRequiredFieldWithAVeryLongNameAsFieldsGo: list<string>;
      }
      service s {
        @public rpc go(reader: BinaryReader, holder: Holder, pair: Pair): ListOfString;
        @public rpc aMethodWithAVeryLongNameThatTakesTheLongStruct(
          value: AStructWithANameLongEnoughToBreakTheLinesThatMentionIt
        ): AStructWithANameLongEnoughToBreakTheLinesThatMentionIt;
      }
    `;
    const compiled = compileSource(schema, "names.gidl");
    if (compiled.model === undefined) throw new Error(JSON.stringify(compiled.diagnostics));
    const { files } = generate(compiled.model, { lang: "ts", schemaFile: "names.gidl" });
    const sources = files.filter((file) => file.path.endsWith(".ts") && file.path !== "validators.ts");
    expect(compileInMemory([...sources, validatorsDeclaration()], { emit: false }).errors).toEqual([]);
    const source = files.find((file) => file.path === "binary.ts")?.content ?? "";
    const options = {
      ...(await prettier.resolveConfig(path.join(root, "test/golden/arena/"))),
      parser: "typescript",
    };
    expect(await prettier.format(source, options)).toBe(source);
    const g = await loadGenerated(files, "binary-names");
    const go = g.binary.methods.find((entry) => entry.name === "s.go");
    if (go === undefined) throw new Error("no s.go");
    const value = {
      reader: { default: "d", encodeLater: true },
      holder: { error: { value: 1, r: 2, bits: 3, types: 5 }, note: "n" },
      pair: {
        a: { kind: "error", value: 1, r: 2, bits: 3, field: 4, types: 5 },
        b: { kind: "list", items: ["x"] },
      },
    };
    const writer = new g.BinaryWriter();
    (go.params.encode as (w: unknown, v: unknown) => void)(writer, value);
    expect(go.params.decode(new g.BinaryReader(writer.finish()))).toEqual(value);
  });
});

describe("f32 on the JSON and MessagePack codecs", () => {
  const { files } = { files: generateEvery() };
  const definitionSource = files.find((file) => file.path === "definition.ts")?.content ?? "";

  it("has a wire shape wherever a value holds an f32", () => {
    expect(definitionSource).toContain('Point: { kind: "object", fields: { x: { kind: "f32" } } }');
  });

  it("is rounded to single precision on receipt, and sent as it is", () => {
    const shapes = { Point: { kind: "object", fields: { x: { kind: "f32" } } } } as const;
    const shape = { kind: "ref", name: "Point" } as const;
    for (const form of ["json", "msgpack"] as const) {
      expect(fromWire({ x: 0.1, y: 0.1 }, shape, shapes, form)).toEqual({ x: Math.fround(0.1), y: 0.1 });
      expect(fromWire({ x: "0.1" }, shape, shapes, form)).toEqual({ x: "0.1" });
      expect(toWire({ x: 0.1 }, shape, shapes, form)).toEqual({ x: 0.1 });
    }
  });

  it("sends a value whose shape reaches only f32s without copying it, and converts one that reaches an i64", () => {
    const shapes = {
      Point: { kind: "object", fields: { x: { kind: "f32" } } },
      Stamped: { kind: "object", fields: { at: { kind: "i64" }, where: { kind: "ref", name: "Point" } } },
    } as const;
    const point = { x: 0.1 };
    const points = { kind: "list", element: { kind: "ref", name: "Point" } } as const;
    const list = [point];
    expect(toWire(list, points, shapes, "json")).toBe(list);
    const stamped = { at: 5n, where: point };
    expect(toWire(stamped, { kind: "ref", name: "Stamped" }, shapes, "json")).toEqual({
      at: "5",
      where: point,
    });
    expect(stamped.at).toBe(5n);
  });

  it("leaves a value of the binary codec as it is: its decoders give the TypeScript form", () => {
    const value = { x: 0.1, big: "1" };
    const shapes = {
      Point: { kind: "object", fields: { x: { kind: "f32" }, big: { kind: "i64" } } },
    } as const;
    const shape = { kind: "ref", name: "Point" } as const;
    expect(fromWire(value, shape, shapes, "binary")).toBe(value);
    expect(toWire(value, shape, shapes, "binary")).toBe(value);
    expect(value).toEqual({ x: 0.1, big: "1" });
  });
});
