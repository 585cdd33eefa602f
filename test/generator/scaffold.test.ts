/**
 * `gidl scaffold` as a user runs it (in process): stubs appear for the rpcs and sends a handlers file
 * lacks, every existing byte stays where it was, and the result compiles against the generated code.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { scaffoldCommand } from "../../generator/cli/commands/scaffold.js";
import { runCli } from "../../generator/cli/program.js";
import { generate } from "../../generator/index.js";
import { writeOutput } from "../../generator/write-output.js";
import { compile } from "../../idl/index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
mkdirSync(path.join(root, "test-artifacts"), { recursive: true });
// Inside the repository, so that the type-check finds @types/node in its node_modules.
const workDir = mkdtempSync(path.join(root, "test-artifacts", "scaffold-"));

const schemaPath = path.join(workDir, "arena.gidl");
writeFileSync(
  schemaPath,
  `package arena;

struct Vec2 { x: f32; y: f32; }
struct AttackResult { hit: bool; damage: u16; newHealth: i32; }
struct ServerInfo { name: string; playersOnline: u32; }
struct Inventory { gold: u32; items: list<string>; }
error INSUFFICIENT_GOLD { needed: u32; }
error SHOP_BUSY;

/// Combat actions and what they cause.
service combat {
  rpc attack(targetId: string, weapon: string): AttackResult;
  send move(pos: Vec2);
  rpc kickPlayer(player: string);
  rpc serverInfo(): ServerInfo;
  rpc buyItem(itemId: string): Inventory throws INSUFFICIENT_GOLD, SHOP_BUSY;
}
`,
);

afterAll(() => {
  if (process.env.KEEP !== "1") rmSync(workDir, { recursive: true, force: true });
});

let counter = 0;
function projectDir(): string {
  const dir = path.join(workDir, `p${++counter}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function scaffold(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const status = await runCli(["scaffold", schemaPath, ...argv], [scaffoldCommand], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { status, stdout, stderr };
}

/** Every segment of the original appears, whole and in order, the first at the start and the last at the end. */
function expectSegmentsKept(result: string, segments: readonly string[]): void {
  expect(result.startsWith(segments[0] ?? "")).toBe(true);
  expect(result.endsWith(segments.at(-1) ?? "")).toBe(true);
  let from = 0;
  for (const segment of segments) {
    const at = result.indexOf(segment, from);
    expect(at, `segment not found in order: ${JSON.stringify(segment.slice(0, 60))}`).toBeGreaterThanOrEqual(
      from,
    );
    from = at + segment.length;
  }
}

const partialHandlers = `// Our combat handlers: hand-written, formatted our way.
import type { CombatHandlers, Context } from "./gen/server.js";
import type { CombatMoveParams } from "./gen/types.js";

/** Combat, as the designers asked for it. */
export class Combat implements CombatHandlers {
  // Movement is trusted for now.
  move(params: CombatMoveParams, ctx: Context): void {
    ctx.session?.setPosition(ctx.player.id, params.pos);
  }
}

export function unrelated(): number { return 42 } // odd formatting that must survive
`;

describe("gidl scaffold on an existing file", () => {
  it("adds a throwing stub for each missing rpc and send and keeps every existing byte", async () => {
    const file = path.join(projectDir(), "combat.ts");
    writeFileSync(file, partialHandlers);
    const run = await scaffold("--handlers", file);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("added combat.attack to Combat\n");
    expect(run.stdout).not.toContain("combat.move");
    expect(run.stdout).toMatch(/combat\.ts: added 4 stubs\n$/);

    const result = readFileSync(file, "utf8");
    const importsEnd = partialHandlers.indexOf("\n\n/** Combat") + 1;
    const closeBraceLine = partialHandlers.indexOf("}\n\nexport function");
    expectSegmentsKept(result, [
      partialHandlers.slice(0, importsEnd),
      partialHandlers.slice(importsEnd, closeBraceLine),
      partialHandlers.slice(closeBraceLine),
    ]);
    expect(result).toContain(`  }

  attack(
    _params: CombatAttackParams,
    _ctx: Context,
  ): CombatAttackResult | Promise<CombatAttackResult> {
    throw new Error("combat.attack is not implemented yet");
  }
`);
    // A method with `throws` gets its own context type, as server.ts declares it; others the plain one.
    expect(result).toContain(`  buyItem(
    _params: CombatBuyItemParams,
    _ctx: Context<"INSUFFICIENT_GOLD" | "SHOP_BUSY">,
  ): CombatBuyItemResult | Promise<CombatBuyItemResult> {
`);
    expect(result).toContain(`  serverInfo(
    _params: CombatServerInfoParams,
    _ctx: Context,
  ): CombatServerInfoResult | Promise<CombatServerInfoResult> {
`);
    // The types it needs come in one new import; Context and CombatMoveParams are not imported twice.
    expect(result.match(/CombatMoveParams[,\s}]/g)).toHaveLength(2);
    expect(result).toContain(
      `import type { CombatMoveParams } from "./gen/types.js";\nimport type {\n  CombatAttackParams,\n`,
    );
    expect(result.match(/import type .*Context/g)).toHaveLength(1);
  });

  it("leaves a complete file untouched and says so", async () => {
    const file = path.join(projectDir(), "combat.ts");
    writeFileSync(file, partialHandlers);
    expect((await scaffold("--handlers", file)).status).toBe(0);
    const once = readFileSync(file, "utf8");
    const mtime = statSync(file).mtimeMs;
    const again = await scaffold("--handlers", file);
    expect(again).toMatchObject({ status: 0, stderr: "" });
    expect(again.stdout).toMatch(/nothing to add, every rpc and send has a handler\n$/);
    expect(readFileSync(file, "utf8")).toBe(once);
    expect(statSync(file).mtimeMs).toBe(mtime);
  });

  it("keeps CRLF line endings, tabs, single quotes and no semicolons", async () => {
    const original = [
      "import type { CombatHandlers, Context } from './gen/server.js'",
      "",
      "export class Combat implements CombatHandlers {",
      "\tmove(_params: { pos: { x: number; y: number } }, _ctx: Context): void {}",
      "}",
      "",
    ].join("\r\n");
    const file = path.join(projectDir(), "crlf.ts");
    writeFileSync(file, original);
    expect((await scaffold("--handlers", file)).status).toBe(0);
    const result = readFileSync(file, "utf8");

    const importLineEnd = original.indexOf("\r\n") + 2;
    const closeBrace = original.lastIndexOf("}");
    expectSegmentsKept(result, [
      original.slice(0, importLineEnd),
      original.slice(importLineEnd, closeBrace),
      original.slice(closeBrace),
    ]);
    expect(result.replace(/\r\n/g, "")).not.toContain("\n");
    expect(result).toContain(
      "\r\n\tbuyItem(\r\n\t\t_params: CombatBuyItemParams,\r\n\t\t_ctx: Context<'INSUFFICIENT_GOLD' | 'SHOP_BUSY'>,\r\n" +
        "\t): CombatBuyItemResult | Promise<CombatBuyItemResult> {\r\n" +
        "\t\tthrow new Error('combat.buyItem is not implemented yet')\r\n\t}\r\n}",
    );
    expect(result).toContain("} from './gen/types.js'\r\n");
    expect(result).not.toMatch(/^ +\S/m);
  });

  it("adds stubs at the top of an object literal whose last member has no trailing comma", async () => {
    const original = `import type { CombatHandlers } from "./gen/server.js";

export const combat: CombatHandlers = {
  move() {},
  kickPlayer() {}
};
`;
    const file = path.join(projectDir(), "object.ts");
    writeFileSync(file, original);
    expect((await scaffold("--handlers", file)).status).toBe(0);
    const result = readFileSync(file, "utf8");
    const firstMember = original.indexOf("  move()");
    expectSegmentsKept(result, [
      original.slice(0, original.indexOf("\n") + 1),
      original.slice(original.indexOf("\n") + 1, firstMember),
      original.slice(firstMember),
    ]);
    expect(result).toContain(`= {
  attack(
    _params: CombatAttackParams,
    _ctx: Context,
  ): CombatAttackResult | Promise<CombatAttackResult> {
    throw new Error("combat.attack is not implemented yet");
  },
  serverInfo(`);
    expect(result).toContain(`import type { Context } from "./gen/server.js";\n`);
  });

  it("counts methods a class inherits from a base class in another file", async () => {
    const dir = projectDir();
    writeFileSync(
      path.join(dir, "base.ts"),
      `export class CombatBase {\n  attack(): { hit: boolean; damage: number; newHealth: number } {\n    return { hit: false, damage: 0, newHealth: 100 };\n  }\n}\n`,
    );
    const file = path.join(dir, "derived.ts");
    writeFileSync(
      file,
      `import { CombatBase } from "./base.js";\nimport type { CombatHandlers } from "./gen/server.js";\n\nexport class Combat extends CombatBase implements CombatHandlers {}\n`,
    );
    const run = await scaffold("--handlers", file);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain("combat.attack");
    expect(run.stdout).toContain("added combat.move to Combat\n");
    expect(readFileSync(file, "utf8")).toContain(
      "export class Combat extends CombatBase implements CombatHandlers {\n  move(",
    );
  });

  it("names the context type through a namespace import, with the method's errors", async () => {
    const file = path.join(projectDir(), "namespace.ts");
    writeFileSync(
      file,
      `import type * as gen from "./gen/server.js";\n\nexport class Combat implements gen.CombatHandlers {}\n`,
    );
    expect((await scaffold("--handlers", file)).status).toBe(0);
    expect(readFileSync(file, "utf8")).toContain(
      `    _ctx: gen.Context<"INSUFFICIENT_GOLD" | "SHOP_BUSY">,\n`,
    );
  });

  it("notes a service that nothing in the file implements, and adds nothing for it", async () => {
    const file = path.join(projectDir(), "empty.ts");
    writeFileSync(file, `export const unrelated = 1;\n`);
    const run = await scaffold("--handlers", file);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(`note: nothing in ${file} implements the service combat\n`);
    expect(readFileSync(file, "utf8")).toBe(`export const unrelated = 1;\n`);
  });
});

describe("gidl scaffold without a handlers file", () => {
  it("creates one class per service with every method a stub, importing from --generated", async () => {
    const dir = projectDir();
    const file = path.join(dir, "src", "handlers.ts");
    const run = await scaffold("--handlers", file, "--generated", path.join(dir, "src", "api"));
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/created .*handlers\.ts with 5 stubs\n$/);
    const created = readFileSync(file, "utf8");
    expect(created).toContain(`import type { CombatHandlers, Context } from "./api/server.js";\n`);
    expect(created).toContain(`} from "./api/types.js";\n`);
    expect(created).toContain(
      `/** Combat actions and what they cause. */\nexport class Combat implements CombatHandlers {\n`,
    );
    expect(created).toContain(`  move(_params: CombatMoveParams, _ctx: Context): void {\n`);
    expect(created).toContain(`    _ctx: Context<"INSUFFICIENT_GOLD" | "SHOP_BUSY">,\n`);
  });
});

describe("gidl scaffold's exit status", () => {
  it("exits 1 on schema errors and writes nothing", async () => {
    const dir = projectDir();
    const schema = path.join(dir, "bad.gidl");
    writeFileSync(schema, `package bad;\nservice game {\n  rpc ping(): Strin;\n}\n`);
    const file = path.join(dir, "handlers.ts");
    let stderr = "";
    const status = await runCli(["scaffold", schema, "--handlers", file], [scaffoldCommand], {
      stdout: () => undefined,
      stderr: (text) => (stderr += text),
    });
    expect(status).toBe(1);
    expect(stderr).toContain("bad.gidl:3:");
    expect(() => statSync(file)).toThrow();
  });

  it("exits 2 without --handlers", async () => {
    expect((await scaffold()).status).toBe(2);
  });
});

/** A directory with the code generated for the test schema, as `gidl generate -o gen` writes it. */
function generatedProject(): string {
  const dir = projectDir();
  const model = compile(schemaPath).model;
  if (model === undefined) throw new Error("the test schema does not compile");
  writeOutput(path.join(dir, "gen"), generate(model, { lang: "ts", schemaFile: "arena.gidl" }).files);
  return dir;
}

/** tsc --strict over the project's own files; the errors reported in `files`, one line each. */
function typeErrors(dir: string, files: readonly string[]): string[] {
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      extends: path.join(root, "tsconfig.base.json"),
      compilerOptions: {
        noEmit: true,
        noUnusedLocals: true,
        noUnusedParameters: true,
        paths: {
          "gidl/server": [path.join(root, "runtime-server/index.ts")],
          "gidl/client": [path.join(root, "runtime-client/index.ts")],
          "gidl/protocol": [path.join(root, "protocol/index.ts")],
          "gidl/testkit": [path.join(root, "testkit/index.ts")],
        },
      },
      include: ["*.ts"],
    }),
  );
  let output: string;
  try {
    output = execFileSync(
      process.execPath,
      [path.join(root, "node_modules/typescript/bin/tsc"), "-p", dir, "--pretty", "false"],
      // From the project, so that tsc names its files as `combat.ts(…)`.
      { encoding: "utf8", cwd: dir },
    );
  } catch (error) {
    output = String((error as { stdout?: unknown }).stdout ?? error);
  }
  // Errors inside the runtimes' own sources are theirs; the files under test must have none.
  return output.split("\n").filter((line) => files.some((file) => line.startsWith(`${file}(`)));
}

/** The stub of combat.buyItem as scaffold writes it into a class, and the same stub filled in. */
const buyItemStub = `  buyItem(
    _params: CombatBuyItemParams,
    _ctx: Context<"INSUFFICIENT_GOLD" | "SHOP_BUSY">,
  ): CombatBuyItemResult | Promise<CombatBuyItemResult> {
    throw new Error("combat.buyItem is not implemented yet");
  }`;
const buyItemFilled = `  buyItem(
    params: CombatBuyItemParams,
    ctx: Context<"INSUFFICIENT_GOLD" | "SHOP_BUSY">,
  ): CombatBuyItemResult | Promise<CombatBuyItemResult> {
    if (params.itemId === "") throw ctx.errors.SHOP_BUSY("Restocking");
    throw ctx.errors.INSUFFICIENT_GOLD({ needed: 10 }, "Not enough gold");
  }`;

describe("scaffolded code", () => {
  it("type-checks with tsc --strict against the generated code", async () => {
    const dir = generatedProject();
    writeFileSync(path.join(dir, "combat.ts"), partialHandlers);
    writeFileSync(
      path.join(dir, "object.ts"),
      `import type { CombatHandlers } from "./gen/server.js";\n\nexport const combat: CombatHandlers = {\n  move() {},\n};\n`,
    );
    expect((await scaffold("--handlers", path.join(dir, "combat.ts"))).status).toBe(0);
    expect((await scaffold("--handlers", path.join(dir, "object.ts"))).status).toBe(0);
    expect(
      (await scaffold("--handlers", path.join(dir, "created.ts"), "--generated", path.join(dir, "gen")))
        .status,
    ).toBe(0);
    expect(typeErrors(dir, ["combat.ts", "object.ts", "created.ts"])).toEqual([]);
  }, 120_000);

  it("type-checks once a stub is filled with its method's ctx.errors, the annotation unchanged", async () => {
    const dir = generatedProject();
    const file = path.join(dir, "combat.ts");
    writeFileSync(file, partialHandlers);
    expect((await scaffold("--handlers", file)).status).toBe(0);
    const scaffolded = readFileSync(file, "utf8");
    expect(scaffolded).toContain(buyItemStub);
    writeFileSync(file, scaffolded.replace(buyItemStub, buyItemFilled));
    expect(typeErrors(dir, ["combat.ts"])).toEqual([]);

    // The check is real: an error another method declares is not on this one's ctx.errors.
    const undeclared = scaffolded
      .replace(buyItemStub, buyItemFilled)
      .replace(
        'throw new Error("combat.serverInfo is not implemented yet");',
        'throw _ctx.errors.SHOP_BUSY("Restocking");',
      );
    expect(undeclared).not.toBe(scaffolded.replace(buyItemStub, buyItemFilled));
    writeFileSync(file, undeclared);
    expect(typeErrors(dir, ["combat.ts"])).toEqual([
      expect.stringMatching(
        /^combat\.ts\(\d+,\d+\): error TS2339: Property 'SHOP_BUSY' does not exist on type/,
      ),
    ]);
  }, 120_000);
});
