/**
 * scripts/check-doc-references.mjs, the part of `npm run lint` that keeps every reference to the
 * docs followable (docs/contributing.md "Comments"): run as lint runs it, on a small repository
 * written here and on this one.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./markdown-blocks.js";

/** A design note's file name, built here so that this file itself names none. */
const note = (name: string): string => `${name}.md`;

const script = path.join(repoRoot, "scripts", "check-doc-references.mjs");

function check(root: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [script, root], { encoding: "utf8", timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

// Put together at run time, so that this file itself cites no design note and names no issue.
const DESIGN_NOTE = ["PROTOCOL", "md"].join(".");
const AN_ISSUE = ["issue", "7"].join(" ");

const files: Record<string, string> = {
  "docs/guide.md": [
    "# Guide",
    "",
    "## Exactly-once calls",
    "",
    "## The context, `ctx`",
    "",
    "A [good link](#exactly-once-calls), one to [a page that is not there](other.md), one to",
    "[a heading that is not there](#missing-anchor), and one [out of the repository](../../notes.md).",
    "",
    "```",
    `${note("PROTOCOL")} in a code block is an example, not a reference`,
    "```",
    "",
  ].join("\n"),
  "src/a.ts": [
    "/**",
    ' * Follows docs/guide.md "Exactly-once calls" and docs/guide.md "The context, ctx".',
    ' * Wrapped: docs/guide.md "Exactly-once',
    ' * calls", "Nowhere".',
    " */",
    "// docs/missing.md says so.",
    "// docs/guide.md#exactly-once-calls, but docs/guide.md#no-such-anchor",
    `// See ${DESIGN_NOTE} "Limits" (${AN_ISSUE}).`,
    `export const s = "docs/missing-in-a-string.md, ${note("STYLE")}"; // gen/docs.md is an output, not ours`,
    "// ../../outside/notes.md",
    "",
  ].join("\n"),
  "src/view.hbs": `{{!-- see ${note("API")} --}}\nexport const x = 1; // docs/guide.md "Exactly-once calls"\n`,
  "schema.gidl": '// docs/guide.md "Nope"\npackage p;\n',
};

describe("check-doc-references on a repository with broken references", () => {
  let root: string;
  let run: ReturnType<typeof check>;

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), "gidl-doc-references-"));
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), content);
    }
    run = check(root);
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it("exits 1 and says how many references are broken", () => {
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/check-doc-references: 11 broken references\n$/);
  });

  it("flags a Markdown path that does not exist, and one outside the repository, at their lines", () => {
    expect(run.stderr).toContain("src/a.ts:6: docs/missing.md does not exist\n");
    expect(run.stderr).toContain("src/a.ts:10: ../../outside/notes.md lies outside the repository\n");
  });

  it("flags a heading the file does not have, also in a list of headings wrapped across lines", () => {
    expect(run.stderr).toContain('src/a.ts:3: docs/guide.md has no heading "Nowhere"\n');
    expect(run.stderr).toContain('schema.gidl:1: docs/guide.md has no heading "Nope"\n');
    expect(run.stderr).toContain("src/a.ts:7: docs/guide.md has no heading for #no-such-anchor\n");
  });

  it("flags a design note from outside the repository, and an issue number", () => {
    expect(run.stderr).toContain(
      `src/a.ts:8: names ${note("PROTOCOL")}, a design note that is not in this repository: cite the docs/ section it stands for\n`,
    );
    expect(run.stderr).toContain(`src/view.hbs:1: names ${note("API")}, a design note`);
    expect(run.stderr).toContain(
      `src/a.ts:8: names an issue ("${AN_ISSUE}"): say what the code guarantees instead\n`,
    );
  });

  it("flags Markdown links to a missing page, a missing heading, and out of the repository", () => {
    expect(run.stderr).toContain("docs/guide.md:7: the link to other.md leads to no file\n");
    expect(run.stderr).toContain("docs/guide.md:8: this page has no heading for #missing-anchor\n");
    expect(run.stderr).toContain(
      "docs/guide.md:8: the link to ../../notes.md leads outside the repository\n",
    );
  });

  it("accepts what resolves (exact headings, headings without their backticks, anchors) and reads no strings or code blocks", () => {
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(12);
    expect(run.stderr).not.toMatch(
      /src\/a\.ts:[12]:|missing-in-a-string|STYLE\.md|gen\/docs\.md|guide\.md:11:/,
    );
  });
});

describe("check-doc-references on this repository", () => {
  it("finds every reference the code and docs make", () => {
    const run = check(repoRoot);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^check-doc-references: \d+ references in \d+ files, all found\n$/);
  });
});
