import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { fullFormats } from "ajv-formats/dist/formats.js";
import fc from "fast-check";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinServices, builtinTypes } from "../../idl/builtins.js";
import { compile } from "../../idl/index.js";
import type { Model } from "../../idl/model.js";
import { generateValidators } from "../../generator/validators/index.js";
import type { ApiValidators, ValidateFunction } from "../../protocol/definition.js";
import { field, named, prim, rpc, validatorsModel } from "./validators-model.js";

const dir = mkdtempSync(path.join(tmpdir(), "gidl-validators-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

let written = 0;
/** Generates, strips the types as `--lang js` would, writes the module and imports it. */
async function load(model: Model): Promise<{ validators: ApiValidators; file: string; source: string }> {
  const source = generateValidators(model);
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const file = path.join(dir, `validators-${written++}.mjs`);
  writeFileSync(file, js);
  const module = (await import(pathToFileURL(file).href)) as { validators: ApiValidators };
  return { validators: module.validators, file, source };
}

function get(group: Record<string, ValidateFunction | undefined>, name: string): ValidateFunction {
  const validate = group[name];
  if (validate === undefined) throw new Error(`no validator for ${name}`);
  return validate;
}

/** The first error's path and keyword, or null when the value is valid. */
function check(validate: ValidateFunction, value: unknown): { path: string; keyword: string } | null {
  if (validate(value)) return null;
  const first = validate.errors?.[0];
  return { path: first?.instancePath ?? "?", keyword: first?.keyword ?? "?" };
}

let validators: ApiValidators;
let source: string;
let file: string;
beforeAll(async () => {
  ({ validators, source, file } = await load(validatorsModel()));
});

describe("generated validators module", () => {
  it("imports nothing at run time and never compiles code", () => {
    const imports = source.split("\n").filter((line) => /^\s*import\b/.test(line));
    expect(imports).toEqual(['import type { ApiValidators } from "gidl/protocol";']);
    expect(source).not.toMatch(/require\(|new Function|\beval\(|from "ajv/);
  });

  it("starts with the header and a comment on reading errors, then exempts itself from lint and types", () => {
    const lines = generateValidators(validatorsModel(), { header: "// HEADER" }).split("\n");
    expect(lines[0]).toBe("// HEADER");
    const opening = lines.slice(1, lines.indexOf(" */") + 1).join("\n");
    expect(opening).toMatch(/^\/\*\n \* The validators of this API/);
    // The lookups it shows are this schema's own.
    expect(opening).toContain('For example `validators.params["game.numbers"]`');
    expect(opening).toContain("Reading an error: after `false`, the validator's `errors`");
    const rest = lines.slice(lines.indexOf(" */") + 1);
    expect(rest.slice(0, 4)).toEqual([
      "/* eslint-disable */",
      expect.stringMatching(/^\/\/ @ts-nocheck/) as unknown as string,
      "",
      'import type { ApiValidators } from "gidl/protocol";',
    ]);
  });

  it("loads in plain Node.js without ajv", () => {
    const isolated = mkdtempSync(path.join(tmpdir(), "gidl-validators-plain-"));
    try {
      const copy = path.join(isolated, "validators.mjs");
      writeFileSync(copy, ts.sys.readFile(file) ?? "");
      const script = `import(${JSON.stringify(pathToFileURL(copy).href)}).then(({ validators }) => {
        const ok = validators.params["game.move"]({ pos: { x: 1, y: 2 } });
        process.stdout.write(String(ok && !validators.params["game.move"]({ pos: { x: NaN, y: 2 } })));
      })`;
      // cwd outside the repository, so that no node_modules (and no ajv) can be found.
      const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
        cwd: isolated,
        encoding: "utf8",
      });
      expect(out).toBe("true");
    } finally {
      rmSync(isolated, { recursive: true, force: true });
    }
  });

  it("is byte-identical when generated twice", () => {
    expect(generateValidators(validatorsModel())).toBe(source);
  });

  it("has validators for every method, rpc result and event, built-ins included", () => {
    expect(Object.keys(validators.params)).toEqual(
      expect.arrayContaining([
        "game.numbers",
        "game.move",
        "session.create",
        "session.list",
        "topic.subscribe",
      ]),
    );
    expect(Object.keys(validators.results)).toEqual(
      expect.arrayContaining(["game.things", "session.join", "topic.subscribe"]),
    );
    expect(Object.keys(validators.results)).not.toContain("game.move");
    expect(Object.keys(validators.events)).toEqual([
      "game.moved",
      ...builtinServices(null).flatMap((service) => service.events.map((e) => e.fullName)),
    ]);
  });
});

describe("declared errors", () => {
  it("have a validator of their details by code, and an error without fields none", async () => {
    const model: Model = {
      ...validatorsModel(),
      errors: [
        { code: "STUNNED", fields: [field("remainingMs", prim("u32"))], retryable: true },
        { code: "MUTED", fields: [], retryable: false },
      ],
    };
    const { validators: checked } = await load(model);
    expect(Object.keys(checked.errors)).toEqual(["STUNNED"]);
    const stunned = get(checked.errors, "STUNNED");
    const details = { remainingMs: 5, secret: "x" };
    expect(check(stunned, details)).toBeNull();
    expect(details).toEqual({ remainingMs: 5 });
    expect(check(stunned, { remainingMs: -1 })).toEqual({ path: "/remainingMs", keyword: "minimum" });
    expect(check(stunned, undefined)).toEqual({ path: "", keyword: "type" });
  });
});

describe("numbers", () => {
  const numbers = () => get(validators.params, "game.numbers");

  it("accepts integers at the edges of their type's range", () => {
    expect(check(numbers(), { small: -128, count: 4294967295, level: 5 })).toBeNull();
    expect(check(numbers(), { small: 127, count: 0, level: -5 })).toBeNull();
  });

  it("refuses integers outside their type's range or a @range", () => {
    expect(check(numbers(), { small: 128 })).toEqual({ path: "/small", keyword: "maximum" });
    expect(check(numbers(), { count: -1 })).toEqual({ path: "/count", keyword: "minimum" });
    expect(check(numbers(), { level: 6 })).toEqual({ path: "/level", keyword: "maximum" });
  });

  it("refuses fractions and numeric strings where an integer belongs", () => {
    expect(check(numbers(), { count: 1.5 })).toEqual({ path: "/count", keyword: "type" });
    expect(check(numbers(), { count: "1" })).toEqual({ path: "/count", keyword: "type" });
  });

  it("refuses NaN and infinities in floats", () => {
    expect(check(numbers(), { real: NaN })).toEqual({ path: "/real", keyword: "type" });
    expect(check(numbers(), { real: Infinity })).toEqual({ path: "/real", keyword: "type" });
    expect(check(numbers(), { real: -Infinity })).toEqual({ path: "/real", keyword: "type" });
    expect(check(numbers(), { real: 1e300, single: 3.4e38 })).toBeNull();
  });

  it("refuses an f32 too large to be stored as one", () => {
    expect(check(numbers(), { single: 1e39 })).toEqual({ path: "/single", keyword: "maximum" });
  });

  it("accepts i64 and u64 as bigints within their range", () => {
    expect(
      check(numbers(), { big: -9223372036854775808n, steam: 18446744073709551615n, capped: 10n }),
    ).toBeNull();
    expect(check(numbers(), { big: 9223372036854775807n, steam: 0n, capped: 20n })).toBeNull();
  });

  it("refuses i64 and u64 given as numbers or strings, or outside their range", () => {
    expect(check(numbers(), { big: 5 })).toEqual({ path: "/big", keyword: "gidlBigint" });
    expect(check(numbers(), { big: "5" })).toEqual({ path: "/big", keyword: "gidlBigint" });
    expect(check(numbers(), { big: 9223372036854775808n })).toEqual({ path: "/big", keyword: "gidlBigint" });
    expect(check(numbers(), { steam: -1n })).toEqual({ path: "/steam", keyword: "gidlBigint" });
    expect(check(numbers(), { steam: 18446744073709551616n })).toEqual({
      path: "/steam",
      keyword: "gidlBigint",
    });
    expect(check(numbers(), { capped: 21n })).toEqual({ path: "/capped", keyword: "gidlBigint" });
  });

  it("explains a bigint problem with the bounds", () => {
    const validate = numbers();
    validate({ capped: 9n });
    expect(validate.errors?.[0]?.message).toBe("must be a bigint from 10 to 20");
  });

  it("refuses a value of the wrong type with the type keyword", () => {
    expect(check(numbers(), { flag: 1 })).toEqual({ path: "/flag", keyword: "type" });
    expect(check(numbers(), null)).toEqual({ path: "", keyword: "type" });
    expect(check(numbers(), [])).toEqual({ path: "", keyword: "type" });
  });
});

describe("strings", () => {
  const texts = () => get(validators.params, "game.texts");

  it("counts @length in code points, so an emoji counts once", () => {
    expect(check(texts(), { nick: "😀😀😀😀😀" })).toBeNull();
    expect(check(texts(), { nick: "😀😀😀😀😀😀" })).toEqual({ path: "/nick", keyword: "maxLength" });
    expect(check(texts(), { nick: "" })).toEqual({ path: "/nick", keyword: "minLength" });
  });

  it("decides @length like counting code points, for any string", () => {
    // Code points as ajv counts them (a lone surrogate counts once); the validator counts only
    // when the UTF-16 length leaves the answer open, so strings around both bounds matter most.
    const codePoints = (text: string) => Array.from(text).length;
    const pieces = fc.constantFrom("a", "é", "😀", "\uD83D", "\uDE00", "€");
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        const text = parts.join("");
        const count = codePoints(text);
        const nick = check(texts(), { nick: text });
        const expected = count > 5 ? "maxLength" : count < 1 ? "minLength" : null;
        expect(nick === null ? null : nick.keyword).toBe(expected);
        const short = check(texts(), { short: text });
        const expectedShort = count > 2 ? "maxLength" : count < 1 ? "minLength" : null;
        expect(short === null ? null : short.keyword).toBe(expectedShort);
      }),
      { numRuns: 2000 },
    );
  });

  it("reports a @length problem with ajv's keyword, limit and message", () => {
    const validate = texts();
    expect(validate({ nick: "abcdef" })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({
      instancePath: "/nick",
      keyword: "maxLength",
      params: { limit: 5 },
      message: "must NOT have more than 5 characters",
    });
  });

  it("applies a field's own @length on top of its alias's", () => {
    expect(check(texts(), { short: "ab" })).toBeNull();
    expect(check(texts(), { short: "abc" })).toEqual({ path: "/short", keyword: "maxLength" });
  });

  it("checks @pattern, with the regular expression's unicode mode", () => {
    expect(check(texts(), { id: "p_42" })).toBeNull();
    expect(check(texts(), { id: "Bad-Id" })).toEqual({ path: "/id", keyword: "pattern" });
    expect(check(texts(), { letters: "Ünïcödé" })).toBeNull();
    expect(check(texts(), { letters: 'require("x")' })).toBeNull();
    expect(check(texts(), { letters: "abc1" })).toEqual({ path: "/letters", keyword: "pattern" });
  });

  const formatCases: [string, string, string][] = [
    ["email", "a.b@example.com", "a@b@c"],
    ["uuid", "123e4567-e89b-12d3-a456-426614174000", "123e4567-e89b-12d3-a456"],
    ["uri", "https://game.example/path?q=1", "not a uri"],
    ["at", "2025-11-25T10:00:00Z", "2025-02-30T10:00:00Z"],
    ["host", "game.example", "-bad-.example"],
    ["v4", "192.168.0.1", "256.1.1.1"],
    ["v6", "::1", "1:::2"],
  ];
  it.each(formatCases)("checks the %s field's @format", (name, good, bad) => {
    expect(check(texts(), { contact: { [name]: good } })).toBeNull();
    expect(check(texts(), { contact: { [name]: bad } })).toEqual({
      path: `/contact/${name}`,
      keyword: "format",
    });
  });

  it("checks date-time and uri exactly as ajv-formats does", () => {
    const samples = [
      "2024-02-29T23:59:60Z",
      "2023-02-29T00:00:00Z",
      "2025-11-25T10:00:00.123+01:00",
      "2025-11-25 10:00:00Z",
      "2025-11-25T10:00:00",
      "2025-11-25T24:00:00Z",
      "http://[::1]:8080/a",
      "urn:isbn:0451450523",
      "mailto:someone@example.com",
      "//no-scheme",
      "https://bad host",
    ];
    const contact = get(validators.params, "game.texts");
    const dateTime = fullFormats["date-time"] as { validate: (s: string) => boolean };
    const uri = fullFormats.uri as (s: string) => boolean;
    for (const sample of samples) {
      expect(contact({ contact: { at: sample } }), `date-time ${sample}`).toBe(dateTime.validate(sample));
      expect(contact({ contact: { uri: sample } }), `uri ${sample}`).toBe(uri(sample));
    }
  });
});

describe("bytes, lists and maps", () => {
  const things = () => get(validators.params, "game.things");

  it("accepts bytes as a Uint8Array, a Buffer included, within @length in bytes", () => {
    expect(check(things(), { raw: new Uint8Array(100), blob: new Uint8Array(4) })).toBeNull();
    expect(check(things(), { blob: Buffer.from([1, 2]) })).toBeNull();
    expect(check(things(), { blob: new Uint8Array(5) })).toEqual({ path: "/blob", keyword: "gidlBytes" });
  });

  it("refuses bytes given as an array of numbers or a base64 string", () => {
    expect(check(things(), { raw: [1, 2, 3] })).toEqual({ path: "/raw", keyword: "gidlBytes" });
    expect(check(things(), { raw: "AQID" })).toEqual({ path: "/raw", keyword: "gidlBytes" });
  });

  it("checks @length on lists and maps and each element", () => {
    expect(check(things(), { ids: ["a"], scores: { a: 1, b: 2, c: 3 }, weapons: ["bow"] })).toBeNull();
    expect(check(things(), { ids: [] })).toEqual({ path: "/ids", keyword: "minItems" });
    expect(check(things(), { ids: ["a", "b", "c"] })).toEqual({ path: "/ids", keyword: "maxItems" });
    expect(check(things(), { ids: ["a", "B"] })).toEqual({ path: "/ids/1", keyword: "pattern" });
    expect(check(things(), { scores: { a: 1, b: 2, c: 3, d: 4 } })).toEqual({
      path: "/scores",
      keyword: "maxProperties",
    });
    expect(check(things(), { scores: { a: 70000 } })).toEqual({ path: "/scores/a", keyword: "maximum" });
    expect(check(things(), { weapons: ["axe"] })).toEqual({ path: "/weapons/0", keyword: "enum" });
  });

  it.each(["__proto__", "constructor", "prototype"])("refuses a map with the key %s", (key) => {
    const params = JSON.parse(`{"scores": {"a": 1, "${key}": 2}}`) as unknown;
    expect(check(things(), params)).toEqual({ path: "/scores", keyword: "gidlSafeKeys" });
  });
});

describe("unions and recursive types", () => {
  const things = () => get(validators.params, "game.things");

  it("accepts each variant of a union by its kind", () => {
    expect(check(things(), { pickup: { kind: "health", amount: 5 } })).toBeNull();
    expect(check(things(), { pickup: { kind: "ammo", weapon: "bow", rounds: 10 } })).toBeNull();
  });

  it("checks a variant's fields against the variant that kind names", () => {
    expect(check(things(), { pickup: { kind: "ammo", amount: 5 } })).toEqual({
      path: "/pickup",
      keyword: "required",
    });
    expect(check(things(), { pickup: { kind: "ammo", weapon: "bow", rounds: 0 } })).toEqual({
      path: "/pickup/rounds",
      keyword: "minimum",
    });
  });

  it("refuses a union value with an unknown or missing kind", () => {
    expect(check(things(), { pickup: { kind: "mana", amount: 5 } })).toEqual({
      path: "/pickup",
      keyword: "discriminator",
    });
    expect(check(things(), { pickup: { amount: 5 } })).toEqual({ path: "/pickup", keyword: "required" });
  });

  it("removes undeclared fields of the chosen variant and keeps its kind", () => {
    const params = { pickup: { kind: "health", amount: 5, weapon: "bow", extra: true } };
    expect(things()(params)).toBe(true);
    expect(params).toEqual({ pickup: { kind: "health", amount: 5 } });
  });

  it("validates recursive types at any depth", () => {
    const leaf = (label: unknown) => ({ label, children: [] });
    const deep = { label: "root", children: [{ label: "a", children: [leaf("b"), leaf("c")] }] };
    expect(check(things(), { tree: deep })).toBeNull();
    const bad = { label: "root", children: [{ label: "a", children: [leaf("b"), leaf(3)] }] };
    expect(check(things(), { tree: bad })).toEqual({
      path: "/tree/children/0/children/1/label",
      keyword: "type",
    });
  });

  it("validates an rpc's result, here a union", () => {
    const result = get(validators.results, "game.things");
    expect(check(result, { kind: "health", amount: 1 })).toBeNull();
    expect(check(result, { kind: "health", amount: 256 })).toEqual({ path: "/amount", keyword: "maximum" });
  });
});

describe("unknown fields and built-ins", () => {
  it("removes fields the schema does not declare, at every depth, and keeps the object", () => {
    const params = JSON.parse(
      '{"pos": {"x": 1, "y": 2, "z": 3, "__proto__": {"admin": true}}, "extra": 1}',
    ) as Record<string, unknown>;
    expect(get(validators.params, "game.move")(params)).toBe(true);
    expect(params).toEqual({ pos: { x: 1, y: 2 } });
    expect(Object.keys(params["pos"] as object)).toEqual(["x", "y"]);
  });

  it("checks event payloads", () => {
    const moved = get(validators.events, "game.moved");
    expect(check(moved, { player: "p1", pos: { x: 0, y: 0 } })).toBeNull();
    expect(check(moved, { player: "p1" })).toEqual({ path: "", keyword: "required" });
  });

  it("checks the built-in topic names' length", () => {
    const subscribe = get(validators.params, "topic.subscribe");
    expect(check(subscribe, { name: "guild:42" })).toBeNull();
    expect(check(subscribe, { name: "" })).toEqual({ path: "/name", keyword: "minLength" });
    expect(check(subscribe, { name: "x".repeat(129) })).toEqual({ path: "/name", keyword: "maxLength" });
  });

  it("lets an rpc that returns nothing return anything: the response carries null", () => {
    const result = get(validators.results, "topic.subscribe");
    expect(result(undefined)).toBe(true);
    expect(result(42)).toBe(true);
  });

  it("checks built-in params against the schema's session settings", () => {
    const create = get(validators.params, "session.create");
    expect(check(create, { settings: {}, visibility: "public" })).toBeNull();
    expect(check(create, { settings: {}, visibility: "secret" })).toEqual({
      path: "/visibility",
      keyword: "enum",
    });
  });
});

describe("shared code", () => {
  it("compiles a named type used many times into one function", () => {
    const uses = Array.from({ length: 10 }, (_, i) => field(`spot${i}`, named("Spot")));
    const model: Model = {
      ...validatorsModel(),
      types: [
        { kind: "struct", name: "Spot", fields: [field("uniqueSpotField", prim("u8"))] },
        { kind: "struct", name: "Holder", fields: uses.slice(0, 5) },
        ...builtinTypes(null),
      ],
      services: [
        {
          name: "many",
          builtin: false,
          methods: [
            rpc("many", "a", uses, named("Spot")),
            rpc("many", "b", uses.slice(5), named("Holder")),
            rpc("many", "c", [field("spots", { kind: "list", element: named("Spot") })], null),
          ],
          events: [],
        },
        ...builtinServices(null),
      ],
    };
    const code = generateValidators(model);
    // The code that checks Spot's field (and removes others) appears once, however many uses.
    expect(code.split('(key0 === "uniqueSpotField")').length - 1).toBe(1);
  });
});

describe("the arena example", () => {
  it("validates the example's calls and emits each of its named types once", async () => {
    const result = compile("test/fixtures/idl-example/arena.gidl");
    if (result.model === undefined) throw new Error(result.diagnostics.map((d) => d.message).join("; "));
    const arena = await load(result.model);
    const attack = get(arena.validators.params, "combat.attack");
    expect(check(attack, { targetId: "p2", weapon: "sword" })).toBeNull();
    expect(check(attack, { targetId: "P2", weapon: "sword" })).toEqual({
      path: "/targetId",
      keyword: "pattern",
    });
    const ids = [...arena.source.matchAll(/"\$id":"(type\.[^"]+)"/g)].map((match) => match[1]);
    expect(ids).toContain("type.Vec2");
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("deep type graphs", () => {
  it("generates validators for a 2,000-long chain of structs with back references without overflowing the stack", async () => {
    const depth = 2000;
    const types: Model["types"] = Array.from({ length: depth }, (_, i) => ({
      kind: "struct" as const,
      name: `Link${i}`,
      fields: [
        field("n", prim("u16")),
        // Each link requires the next and may point back to the first: a long chain that is also a cycle.
        ...(i + 1 < depth ? [field("next", named(`Link${i + 1}`))] : []),
        field("first", named("Link0"), {}, true),
      ],
    }));
    const model: Model = {
      ...validatorsModel(),
      types: [...types, ...builtinTypes(null)],
      errors: [],
      services: [
        {
          name: "chain",
          builtin: false,
          methods: [rpc("chain", "walk", [field("head", named("Link0"))], null)],
          events: [],
        },
        ...builtinServices(null),
      ],
    };
    const { validators } = await load(model);
    let head: Record<string, unknown> = { n: depth - 1 };
    for (let i = depth - 2; i >= 0; i--) head = { n: i, next: head };
    const walk = get(validators.params, "chain.walk");
    expect(walk({ head })).toBe(true);
    let last = head;
    for (let i = 0; i < depth - 1; i++) last = last.next as Record<string, unknown>;
    last.n = 70000;
    expect(walk({ head })).toBe(false);
    // Compiling 2,000 validators takes ~10 s alone and three times that beside other suites on 2 cores.
  }, 120_000);
});
