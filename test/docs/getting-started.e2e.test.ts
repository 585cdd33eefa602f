/**
 * docs/getting-started.md, followed to the letter in an empty folder with the built CLI: every shell
 * line runs, every file it shows is written or found, every output it shows is what was printed.
 * Blocks marked `sh package` (gidl from a packed tarball and the npm registry) are left to
 * test/package/install.e2e.test.ts, which needs the network.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectBuilt } from "../setup/built-cli.js";
import { GuideRunner } from "./guide-runner.js";
import { codeBlocks, readDoc, type CodeBlock } from "./markdown-blocks.js";

const blocks = codeBlocks(readDoc("docs/getting-started.md"));
/** The blocks this test runs: all but those test/package/install.e2e.test.ts runs. */
const localBlocks = blocks.filter((block) => !("package" in block.attributes));
const sections = [...new Set(blocks.map((block) => block.section))];
let scratch: string;
let runner: GuideRunner;

beforeAll(() => {
  expectBuilt();
  scratch = mkdtempSync(path.join(tmpdir(), "gidl-getting-started-"));
  runner = new GuideRunner(scratch);
});
afterAll(async () => {
  await runner.stopServer();
  rmSync(scratch, { recursive: true, force: true });
});

function isRunnable(block: CodeBlock): boolean {
  const { attributes } = block;
  if (block.lang === "sh")
    return Object.keys(attributes).every((key) => key === "fails" || key === "package");
  if (block.lang === "text") return "output" in attributes;
  const edits = ["excerpt", "replace", "after", "before"].filter((key) => key in attributes);
  return attributes.file !== undefined && edits.length <= 1;
}

describe("docs/getting-started.md", () => {
  it("marks every code block with a convention the test can follow", () => {
    const unmarked = blocks.filter((block) => !isRunnable(block));
    expect(unmarked.map((block) => `line ${block.line}: \`\`\`${block.lang}`)).toEqual([]);
    expect(blocks.filter((block) => block.lang === "sh").length).toBeGreaterThan(5);
  });

  // One test per section, in the page's order: each starts where the previous one left the folder.
  it.each(sections)("works as written: %s", { timeout: 240_000 }, async (section) => {
    for (const block of localBlocks.filter((b) => b.section === section)) await runner.run(block);
  });

  it("ends with the client printing the rpc's answer and the event it caused", () => {
    expect(runner.lastOutput).toContain("score answered: total 10\n");
    expect(runner.lastOutput).toContain("event game.scored: bob scored 10, total 10\n");
  });

  it("leaves a server that stops cleanly on Ctrl-C", async () => {
    expect(await runner.stopServer()).toBe(0);
  });
});
