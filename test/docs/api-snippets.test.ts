/**
 * The TypeScript examples of docs/server.md and docs/client.md type-check, as written, against the
 * arena example's generated code (which their `./gen/` imports stand for) under `tsc --strict`. The
 * helpers the examples leave to the game (`verify`, `draw`, …) are declared, not implemented.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { codeBlocks, readDoc, repoRoot } from "./markdown-blocks.js";

const workDir = path.join(repoRoot, "test-artifacts", `api-snippets-${String(process.pid)}`);

/** What the examples call but a game writes itself. */
const gameHelpers = `
declare global {
  function verify(token: string): Promise<{ sub: string }>;
  function isStunned(playerId: string): boolean;
  function fetchToken(): Promise<string>;
  function draw(playerId: string, health: number): void;
  function showConnection(state: string): void;
  function reloadEverything(): void;
  function wait(ms: number): void;
}
export {};
`;

const pages = ["docs/server.md", "docs/client.md"];
const snippets = pages.flatMap((page) =>
  codeBlocks(readDoc(page))
    .filter((block) => block.lang === "ts")
    .map((block) => ({ page, block, file: `${path.basename(page, ".md")}-${String(block.line)}.ts` })),
);

/** tsc's errors in the snippet files, one `file(line,col): error TSxxxx: …` line each. */
function typeCheck(): string[] {
  mkdirSync(workDir, { recursive: true });
  cpSync(path.join(repoRoot, "examples/arena/generated"), path.join(workDir, "gen"), { recursive: true });
  writeFileSync(path.join(workDir, "game-helpers.d.ts"), gameHelpers);
  for (const { block, file } of snippets)
    writeFileSync(path.join(workDir, file), `${block.content}export {};\n`);
  writeFileSync(
    path.join(workDir, "tsconfig.json"),
    JSON.stringify({
      extends: path.join(repoRoot, "tsconfig.base.json"),
      compilerOptions: {
        noEmit: true,
        strict: true,
        noUnusedLocals: false,
        paths: {
          "gidl/server": [path.join(repoRoot, "runtime-server/index.ts")],
          "gidl/client": [path.join(repoRoot, "runtime-client/index.ts")],
        },
      },
      include: ["*.ts", "gen/*.ts"],
    }),
  );
  const tsc = path.join(repoRoot, "node_modules/typescript/bin/tsc");
  let output: string;
  try {
    output = execFileSync(process.execPath, [tsc, "-p", workDir, "--pretty", "false"], { encoding: "utf8" });
  } catch (error) {
    output = String((error as { stdout?: unknown }).stdout ?? error);
  }
  // tsc names files relative to the cwd; errors in the runtimes' sources are not the docs' to fix.
  const relative = path.relative(process.cwd(), workDir);
  return output
    .split("\n")
    .filter((line) => snippets.some(({ file }) => line.startsWith(path.join(relative, file))));
}

describe("the TypeScript examples of docs/server.md and docs/client.md", () => {
  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it("are there to check", () => {
    expect(snippets.map(({ page }) => page)).toEqual(expect.arrayContaining(pages));
  });

  it("type-check against the generated code of the arena example, but for the members server.md elides", () => {
    const errors = typeCheck();
    // server.md's handler object ends with "…every rpc and send of the service: a missing one is a
    // type error" — and so it is, once; anything else is a mistake in a page.
    const elided = /^.*server-\d+\.ts\(\d+,\d+\): error TS2739: .* from type 'CombatHandlers': /;
    expect(errors.filter((line) => !elided.test(line))).toEqual([]);
    expect(errors).toHaveLength(1);
  });
});
