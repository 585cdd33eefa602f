/**
 * Reads the fenced code blocks of a Markdown page, with the attributes of their info strings, so that
 * the tests of docs/ can run or compile what the pages show. An info string is a language followed by
 * attributes: `ts file=src/server.ts before="};"` → lang `ts`, `{ file: "src/server.ts", before: "};" }`.
 * A bare word is an attribute with the value `""` (`excerpt`). GitHub shows only the language.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface CodeBlock {
  readonly lang: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** The block's text, with a final newline. */
  readonly content: string;
  /** 1-based line of the opening fence, for failure messages. */
  readonly line: number;
  /** The text of the nearest `##` heading above the block (`""` before the first). */
  readonly section: string;
}

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

export function readDoc(relativePath: string): string {
  return readFileSync(new URL(`../../${relativePath}`, import.meta.url), "utf8");
}

export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: CodeBlock[] = [];
  let section = "";
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const heading = /^## (.*)$/.exec(line);
    if (heading !== null) section = heading[1] ?? "";
    const fence = /^(`{3,})(.*)$/.exec(line);
    if (fence === null) continue;
    const [, ticks = "```", info = ""] = fence;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !(lines[i] ?? "").startsWith(ticks); i++) body.push(lines[i] ?? "");
    if (i >= lines.length) throw new Error(`the code block at line ${start + 1} is not closed`);
    const { lang, attributes } = parseInfo(info);
    blocks.push({ lang, attributes, content: `${body.join("\n")}\n`, line: start + 1, section });
  }
  return blocks;
}

function parseInfo(info: string): { lang: string; attributes: Record<string, string> } {
  const [lang = "", ...rest] = info.trim().split(/\s+(.*)/s);
  const attributes: Record<string, string> = {};
  for (const match of (rest[0] ?? "").matchAll(/([\w-]+)(?:=(?:"([^"]*)"|(\S+)))?/g)) {
    attributes[match[1] ?? ""] = match[2] ?? match[3] ?? "";
  }
  return { lang, attributes };
}
