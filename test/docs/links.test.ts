/** The relative links of the guide pages and of the README lead somewhere: to a file, and to a heading. */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { readDoc, repoRoot } from "./markdown-blocks.js";

const pages = ["README.md", "docs/getting-started.md", "docs/language.md"];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
function anchors(markdown: string): Set<string> {
  const headings = [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((match) => match[1] ?? "");
  return new Set(
    headings.map((heading) =>
      heading
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, "")
        .replace(/ /g, "-"),
    ),
  );
}

/** Links outside code blocks and code spans, as `[text](target)`. */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1] ?? "")
    .filter((target) => !/^[a-z]+:/.test(target));
}

describe.each(pages)("the links of %s", (page) => {
  it("lead to files that exist, and to headings that exist in them", () => {
    const text = readDoc(page);
    const broken: string[] = [];
    for (const link of relativeLinks(text)) {
      const [file = "", anchor] = link.split("#");
      const target = file === "" ? path.join(repoRoot, page) : path.join(repoRoot, path.dirname(page), file);
      if (!existsSync(target)) broken.push(`${link}: no such file`);
      else if (anchor !== undefined && !anchors(readFileSync(target, "utf8")).has(anchor)) {
        broken.push(`${link}: no such heading`);
      }
    }
    expect(broken).toEqual([]);
    expect(relativeLinks(text).length).toBeGreaterThan(0);
  });
});
