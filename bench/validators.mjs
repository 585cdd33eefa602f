// npm run build && node bench/validators.mjs: the generated validators (ajv standalone code,
// compiled at generation time) against ajv compiling the same schemas at run time and against
// zod 4, on a flat and a nested params object, valid and invalid. Prints ops/s and ratios.
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Ajv } from "ajv";
import ts from "typescript";
import { z } from "zod";
import { generateValidators } from "../dist/generator/validators/index.js";
import { gidlKeywords } from "../dist/generator/validators/keywords.js";
import { buildValidatorSchemas } from "../dist/generator/validators/schemas.js";
import { compileSource, renderDiagnostics } from "../dist/idl/index.js";

const schemaText = `package bench;
@length(1, 32) @pattern("^[a-z0-9_]+$")
type PlayerId = string;
enum Weapon { sword, bow, staff }
struct Vec2 { @range(-1000, 1000) x: f32; @range(-1000, 1000) y: f32; }
struct Item { id: u32; weapon: Weapon; @range(1, 99) count: u8; }
struct Player {
  id: PlayerId;
  pos: Vec2;
  health: u16;
  alive: bool;
  @length(0, 20) name: string;
  items: list<Item>;
}
service bench {
  rpc attack(targetId: PlayerId, weapon: Weapon, power: u16, crit?: bool, @length(0, 200) note?: string);
  rpc sync(tick: u32, players: list<Player>);
}
`;

// ── the three validators ──────────────────────────────────────────────────

const compiled = compileSource(schemaText, "bench.gidl");
if (compiled.model === undefined) {
  process.stderr.write(
    `${renderDiagnostics(compiled.diagnostics, compiled.sources)}\nbench: the schema does not compile\n`,
  );
  process.exit(1);
}
const model = compiled.model;

const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "out");
mkdirSync(outDir, { recursive: true });
const generatedFile = path.join(outDir, "validators.mjs");
const js = ts.transpileModule(generateValidators(model), {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
}).outputText;
writeFileSync(generatedFile, js);
const { validators: generated } = await import(pathToFileURL(generatedFile).href);

// What a team would run without gidl: ajv compiling the same JSON Schemas at run time (with
// gidl's keywords for bigint and bytes, none of which these shapes use), with the generator's
// options — and once more with ajv's default \`inlineRefs\`, which copies small referenced
// schemas into each use (the generator shares one function per named type: docs/cli.md
// "The generated files").
const { schemas, params } = buildValidatorSchemas(model);
const runtimeAjv = (options) => {
  const ajv = new Ajv({
    allErrors: false,
    removeAdditional: true,
    discriminator: true,
    strict: true,
    strictRequired: false,
    keywords: [...gidlKeywords],
    ...options,
  });
  for (const { $id, schema } of schemas) ajv.addSchema({ ...schema, $id }, $id);
  return (name) => ajv.getSchema(params.get(name));
};
const runtime = runtimeAjv({ inlineRefs: false });
const runtimeInlined = runtimeAjv({});

const PlayerId = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[a-z0-9_]+$/u);
const Weapon = z.enum(["sword", "bow", "staff"]);
const f32 = z.number().min(-1000).max(1000);
const Vec2 = z.object({ x: f32, y: f32 });
const Item = z.object({
  id: z.number().int().min(0).max(4294967295),
  weapon: Weapon,
  count: z.number().int().min(1).max(99),
});
const Player = z.object({
  id: PlayerId,
  pos: Vec2,
  health: z.number().int().min(0).max(65535),
  alive: z.boolean(),
  name: z.string().max(20),
  items: z.array(Item),
});
const zodSchemas = {
  "bench.attack": z.object({
    targetId: PlayerId,
    weapon: Weapon,
    power: z.number().int().min(0).max(65535),
    crit: z.boolean().optional(),
    note: z.string().max(200).optional(),
  }),
  "bench.sync": z.object({ tick: z.number().int().min(0).max(4294967295), players: z.array(Player) }),
};

// ── inputs ────────────────────────────────────────────────────────────────

const flat = () => ({ targetId: "player_42", weapon: "bow", power: 120, crit: true, note: "gg" });
const nested = () => ({
  tick: 123456,
  players: Array.from({ length: 10 }, (_, p) => ({
    id: `player_${p}`,
    pos: { x: p * 10.5, y: -p * 3.25 },
    health: 100 - p,
    alive: true,
    name: `Player ${p}`,
    items: Array.from({ length: 3 }, (_, i) => ({ id: p * 10 + i, weapon: "sword", count: i + 1 })),
  })),
});
// A bad value at the start (the usual case: a wrong type or a stale client) and one at the very
// end, where every validator has done all the work of a valid input first.
const flatInvalid = () => ({ ...flat(), power: 70000 });
const nestedInvalid = (player, item) => {
  const value = nested();
  value.players[player].items[item].count = 0;
  return value;
};

const cases = [
  { name: "flat valid", method: "bench.attack", input: flat(), valid: true },
  { name: "flat invalid", method: "bench.attack", input: flatInvalid(), valid: false },
  { name: "nested valid", method: "bench.sync", input: nested(), valid: true },
  { name: "nested invalid, first item", method: "bench.sync", input: nestedInvalid(0, 0), valid: false },
  { name: "nested invalid, last item", method: "bench.sync", input: nestedInvalid(9, 2), valid: false },
];

const contenders = {
  generated: (method) => generated.params[method],
  "ajv runtime": runtime,
  "ajv runtime, inlined refs": runtimeInlined,
  zod: (method) => {
    const schema = zodSchemas[method];
    return (value) => schema.safeParse(value).success;
  },
};

// ── measurement ───────────────────────────────────────────────────────────

/** How many calls of `fn` take about 50 ms. */
function batchSize(fn, input) {
  let iterations = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) fn(input);
    if (performance.now() - start > 50) return iterations;
    iterations *= 2;
  }
}

/**
 * The contenders take turns, batch by batch, and each keeps its best batch: the machine is shared,
 * so the least disturbed batch is the best estimate, and turns spread any disturbance over all.
 */
function measure(testCase) {
  const fns = Object.entries(contenders).map(([name, make]) => {
    const fn = make(testCase.method);
    if (fn(testCase.input) !== testCase.valid) throw new Error(`${name} gets ${testCase.name} wrong`);
    return { name, fn, iterations: batchSize(fn, testCase.input) * 2, best: 0 };
  });
  for (let round = 0; round < 7; round++) {
    for (const contender of fns) {
      const start = performance.now();
      for (let i = 0; i < contender.iterations; i++) contender.fn(testCase.input);
      contender.best = Math.max(contender.best, contender.iterations / ((performance.now() - start) / 1000));
    }
  }
  return Object.fromEntries([["case", testCase.name], ...fns.map((c) => [c.name, c.best])]);
}

const rows = cases.map(measure);

const format = (n) => Math.round(n).toLocaleString("en-US");
const lines = [
  "| case | generated ops/s | ajv runtime ops/s | ajv runtime, inlined refs ops/s | zod ops/s | generated / ajv | generated / ajv inlined | generated / zod |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ...rows.map(
    (r) =>
      `| ${r.case} | ${format(r.generated)} | ${format(r["ajv runtime"])} | ${format(r["ajv runtime, inlined refs"])} | ${format(r.zod)} | ${(r.generated / r["ajv runtime"]).toFixed(2)}× | ${(r.generated / r["ajv runtime, inlined refs"]).toFixed(2)}× | ${(r.generated / r.zod).toFixed(1)}× |`,
  ),
  "",
  `machine: ${availableParallelism()} cores, Node.js ${process.version}, zod ${z.core?.version?.major ?? 4}`,
  "targets: generated ≥ ajv runtime; ≥ 4× zod on nested valid; ≥ 10× zod on invalid",
];
process.stdout.write(`${lines.join("\n")}\n`);
