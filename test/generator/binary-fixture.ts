/**
 * The binary target's tests: a schema that reaches every type, and its generated binary.ts,
 * definition.ts and validators.ts bundled with gidl/protocol's sources by esbuild, so that the
 * generated code and the test share one BinaryReader (and one BinaryValueError).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import type { OutputFile } from "../../generator/index.js";
import { generate } from "../../generator/index.js";
import { compileSource } from "../../idl/index.js";
import type { Model } from "../../idl/model.js";
import type * as protocol from "../../protocol/index.js";

export const everySchema = `package every;
version 1;

enum Color { red, green, blue }

struct Point { x: f32; y: f64; }
struct Coin { value: u32; }
struct Gem { carats: u16; color?: Color; }
struct Nothing {}
union Loot { coin: Coin; gem: Gem; nothing: Nothing; }

type Names = list<string>;
type Tree = list<Tree>;
type PlayerId = string;

struct Node { label: string; children: list<Node>; parent?: Node; }

struct Everything {
  flag: bool;
  small: i8; medium: i16; large: i32; huge: i64;
  byte: u8; word: u16; count: u32; total: u64;
  single: f32; double: f64;
  text: string; blob: bytes;
  color: Color; point: Point; loot: Loot;
  names: Names; tree: Tree; id: PlayerId;
  grid: list<list<i32>>;
  scores: map<string, u64>;
  loots: map<string, list<Loot>>;
  maybe?: string;
  maybeLoot?: Loot;
  node: Node;
}

/// An optional field before required ones, and two fields that can hold a union.
struct Mixed { note?: string; first: Loot; second: list<Loot>; }

struct ManyOptional {
  o1?: u8; o2?: u8; o3?: u8; o4?: u8; o5?: u8; o6?: u8; o7?: u8; o8?: u8; o9?: u8; o10?: u8;
  o11?: u8; o12?: u8; o13?: u8; o14?: u8; o15?: u8; o16?: u8; o17?: u8; o18?: u8; o19?: u8;
  o20?: u8; o21?: u8; o22?: u8; o23?: u8; o24?: u8; o25?: u8; o26?: u8; o27?: u8; o28?: u8;
  last: bool;
}

error FULL { capacity: u32; }
error GONE;

service shop {
  @public rpc everything(value: Everything): Everything;
  @public rpc mixed(value: Mixed): Mixed;
  @public rpc many(value: ManyOptional): ManyOptional;
  @public rpc name(): string;
  @public rpc ids(): list<PlayerId>;
  @public rpc tree(): Tree;
  @public rpc color(): Color;
  @public rpc nothing() throws FULL, GONE;
  @public send poke(n: i32);
  @public send count(n: u32);
  event changed to all { at: i64; loot?: Loot; }
  event ping to all {}
}
`;

export function everyModel(): Model {
  const compiled = compileSource(everySchema, "every.gidl");
  if (compiled.model === undefined) throw new Error(JSON.stringify(compiled.diagnostics));
  return compiled.model;
}

export type Protocol = typeof protocol;

export interface Generated extends Protocol {
  readonly binary: protocol.BinarySchema;
  readonly definition: protocol.ApiDefinition;
  readonly validators: protocol.ApiValidators;
}

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Writes `files` (`--lang ts`) under test-artifacts/`name`, bundles them with gidl/protocol and loads the bundle. */
export async function loadGenerated(files: readonly OutputFile[], name: string): Promise<Generated> {
  const dir = path.join(root, "test-artifacts", `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of files) writeFileSync(path.join(dir, file.path), file.content);
  writeFileSync(
    path.join(dir, "entry.ts"),
    [
      'export { binary } from "./binary.js";',
      'export { definition } from "./definition.js";',
      'export { validators } from "./validators.js";',
      'export * from "gidl/protocol";',
    ].join("\n"),
  );
  const outfile = path.join(dir, "bundle.mjs");
  await build({
    entryPoints: [path.join(dir, "entry.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    alias: { "gidl/protocol": path.join(root, "protocol/index.ts") },
    outfile,
    logLevel: "silent",
  });
  return (await import(pathToFileURL(outfile).href)) as Generated;
}

export function removeGenerated(name: string): void {
  rmSync(path.join(root, "test-artifacts", `${name}-${process.pid}`), { recursive: true, force: true });
}

export function generateEvery(lang: "ts" | "js" = "ts"): readonly OutputFile[] {
  return generate(everyModel(), { lang, schemaFile: "every.gidl" }).files;
}

export function hex(bytes: Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join(" ");
}

export function fromHex(text: string): Uint8Array {
  return Uint8Array.from(
    text
      .split(" ")
      .filter((part) => part !== "")
      .map((part) => parseInt(part, 16)),
  );
}
