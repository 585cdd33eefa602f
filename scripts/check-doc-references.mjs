#!/usr/bin/env node
/**
 * Checks that the repository's references to its own docs lead somewhere (docs/contributing.md
 * "Comments"). In the comments of code files (.ts, .js, .mjs, .cjs, .hbs templates, .gidl schemas)
 * and in Markdown files:
 *
 * - a path to a Markdown file of the repository (`docs/protocol.md`, `idl/README.md`) must exist;
 * - a heading named after it (`docs/protocol.md "Exactly-once calls"`, several separated by commas,
 *   or `docs/protocol.md#exactly-once-calls`) must be a heading of that file;
 * - Markdown links to Markdown files (`[server](server.md#handlers)`) must lead to a file and a heading;
 * - no design note from outside the repository (the four contract pages gidl was first specified
 *   in, named in DESIGN_NOTE below) and no issue number is named: a reader of the repository alone
 *   must be able to follow every reference.
 *
 * Usage: node scripts/check-doc-references.mjs [root]. Prints `file:line: problem` for each problem
 * and exits 1 when there is any; exits 0 and prints a one-line summary otherwise.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

/** Folders never read: dependencies, build output, run artifacts, dot-folders. */
const SKIPPED_DIRS = new Set(["node_modules", "dist", "coverage", "test-artifacts", "out"]);
const CODE_EXTENSIONS = new Set([".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"]);
const DESIGN_NOTE = /(?<![\w./-])(PROTOCOL|IDL|API|STYLE)\.md\b/g;
const ISSUE_NUMBER = /\bissues? #?\d+\b/gi;
/** A path to a Markdown file: at least one folder, then a file name ending in `.md`. */
const MD_PATH = /(?<![\w./@-])((?:\.{1,2}\/)*(?:[\w.-]+\/)+[\w.-]+\.md)(#[\w-]+)?/g;
/** Quoted headings right after a path: `"A"`, `"A", "B"`, `"A" and "B"`; may wrap across comment lines. */
const QUOTED_AFTER =
  /^(?:\s|\/\/|\*(?!\/))*"([^"]+)"((?:(?:\s|\/\/|\*(?!\/))*(?:,|and)(?:\s|\/\/|\*(?!\/))*"[^"]+")*)/;
const QUOTED = /"([^"]+)"/g;
const MD_LINK = /\[[^\]]*\]\(([^)\s]+)\)/g;

/** Every file the check reads under `root`, relative and `/`-separated, sorted. */
export function listFiles(root) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = dir === "" ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!entry.name.startsWith(".") && !SKIPPED_DIRS.has(entry.name)) walk(relative);
      } else if (entry.isFile() && isChecked(entry.name)) {
        found.push(relative);
      }
    }
  };
  walk("");
  return found.sort();
}

function isChecked(name) {
  return (
    name.endsWith(".md") ||
    name.endsWith(".hbs") ||
    name.endsWith(".gidl") ||
    CODE_EXTENSIONS.has(path.extname(name))
  );
}

/** `{ file, line, problem }` for every broken reference under `root`, in file and line order. */
export function findProblems(root) {
  const headings = new HeadingCache(root);
  const problems = [];
  let references = 0;
  const files = listFiles(root);
  for (const file of files) {
    const text = readFileSync(path.join(root, file), "utf8");
    const lineOf = lineIndex(text);
    const report = (offset, problem) => problems.push({ file, line: lineOf(offset), problem });
    const markdown = file.endsWith(".md");
    if (markdown) {
      const prose = proseOf(text);
      references += checkLinks(root, file, { start: 0, text: prose }, headings, report);
      // Link targets were checked as links: blanked, so that a path is not checked twice.
      const withoutTargets = prose.replace(MD_LINK, (link, target) => link.replace(target, blank(target)));
      references += checkSpan(root, file, { start: 0, text: withoutTargets }, headings, report);
    } else {
      for (const span of commentsOf(file, text)) references += checkSpan(root, file, span, headings, report);
    }
  }
  problems.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  return { problems, references, files: files.length };
}

/** The checks every comment (or Markdown prose) gets; returns how many doc paths it named. */
function checkSpan(root, file, span, headings, report) {
  const { start, text } = span;
  for (const match of text.matchAll(DESIGN_NOTE)) {
    report(
      start + match.index,
      `names ${match[0]}, a design note that is not in this repository: cite the docs/ section it stands for`,
    );
  }
  for (const match of text.matchAll(ISSUE_NUMBER)) {
    report(start + match.index, `names an issue ("${match[0]}"): say what the code guarantees instead`);
  }
  let count = 0;
  for (const match of text.matchAll(MD_PATH)) {
    const [whole, written, anchor] = match;
    const target = resolveTarget(root, file, written);
    if (target === undefined) continue;
    count++;
    const at = start + match.index;
    if (target.outside) {
      report(at, `${written} lies outside the repository`);
      continue;
    }
    if (!existsSync(path.join(root, target.path))) {
      report(at, `${written} does not exist`);
      continue;
    }
    if (anchor !== undefined) checkAnchor(headings, target.path, anchor.slice(1), written, at, report);
    const after = QUOTED_AFTER.exec(text.slice(match.index + whole.length));
    if (after === null) continue;
    const names = [after[1], ...[...(after[2] ?? "").matchAll(QUOTED)].map((m) => m[1])];
    for (const name of names) {
      const heading = oneLine(name);
      if (!headings.of(target.path).texts.has(withoutBackticks(heading))) {
        report(at, `${written} has no heading "${heading}"`);
      }
    }
  }
  return count;
}

/** Markdown links to Markdown files and to headings of the same file. */
function checkLinks(root, file, span, headings, report) {
  let count = 0;
  for (const match of span.text.matchAll(MD_LINK)) {
    const target = match[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    const [pathPart, anchor] = target.split("#", 2);
    const at = span.start + match.index;
    if (pathPart === "") {
      count++;
      if (anchor !== undefined) checkAnchor(headings, file, anchor, "this page", at, report);
      continue;
    }
    if (!pathPart.endsWith(".md")) continue;
    count++;
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), pathPart));
    if (resolved.startsWith("../")) {
      report(at, `the link to ${pathPart} leads outside the repository`);
    } else if (!existsSync(path.join(root, resolved))) {
      report(at, `the link to ${pathPart} leads to no file`);
    } else if (anchor !== undefined) {
      checkAnchor(headings, resolved, anchor, pathPart, at, report);
    }
  }
  return count;
}

function checkAnchor(headings, target, anchor, written, at, report) {
  if (!headings.of(target).anchors.has(anchor.toLowerCase())) {
    report(at, `${written} has no heading for #${anchor}`);
  }
}

/**
 * Where a written path points, relative to the root: as written from the root (the repository's
 * convention), or from the file when it starts with `./` or `../`. `undefined` for a path that is not
 * one of ours (`gen/docs.md`: an example output, not a file of the repository).
 */
function resolveTarget(root, file, written) {
  if (written.startsWith("./") || written.startsWith("../")) {
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), written));
    return { path: resolved, outside: resolved.startsWith("../") };
  }
  const first = written.split("/")[0];
  const top = path.join(root, first);
  if (first !== "docs" && !(existsSync(top) && statSync(top).isDirectory())) return undefined;
  return { path: written, outside: false };
}

/** The comments of a code file, with their offsets. */
function commentsOf(file, text) {
  if (file.endsWith(".hbs") || file.endsWith(".gidl")) return lineComments(text);
  const kind =
    file.endsWith(".ts") || file.endsWith(".mts") || file.endsWith(".cts")
      ? ts.ScriptKind.TS
      : ts.ScriptKind.JS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const seen = new Set();
  const spans = [];
  const add = (ranges) => {
    for (const range of ranges ?? []) {
      if (seen.has(range.pos)) continue;
      seen.add(range.pos);
      spans.push({ start: range.pos, text: text.slice(range.pos, range.end) });
    }
  };
  const visit = (node) => {
    add(ts.getLeadingCommentRanges(text, node.pos));
    add(ts.getTrailingCommentRanges(text, node.end));
    ts.forEachChild(node, visit);
  };
  add(ts.getLeadingCommentRanges(text, 0));
  visit(source);
  add(ts.getLeadingCommentRanges(text, source.endOfFileToken.pos));
  return spans.sort((a, b) => a.start - b.start);
}

/**
 * The comments of a template or a schema: Handlebars comments, and `//` and `/* … *\/` comments
 * (of the code a template renders). Text that only looks like a comment (a `//` inside a string) is
 * checked too, which costs nothing unless it names a document.
 */
function lineComments(text) {
  const spans = [];
  for (const match of text.matchAll(/\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g)) {
    spans.push({ start: match.index, text: match[0] });
  }
  return spans;
}

/** Markdown without its fenced code blocks and inline code (blanked, so offsets stay). */
function proseOf(text) {
  return text
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, blank)
    .replace(/`[^`\n]*`/g, blank)
    .replace(/<!--[\s\S]*?-->/g, blank);
}

/** The headings of Markdown files, read once each. */
class HeadingCache {
  #root;
  #files = new Map();

  constructor(root) {
    this.#root = root;
  }

  of(file) {
    let found = this.#files.get(file);
    if (found === undefined) {
      found = headingsOf(readFileSync(path.join(this.#root, file), "utf8"));
      this.#files.set(file, found);
    }
    return found;
  }
}

/** A file's heading texts (backticks removed) and the anchors GitHub gives them. */
export function headingsOf(markdown) {
  const texts = new Set();
  const anchors = new Set();
  const used = new Map();
  const withoutCode = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
  for (const match of withoutCode.matchAll(/^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$/gm)) {
    const heading = match[1];
    texts.add(withoutBackticks(heading));
    const slug = slugOf(heading);
    const n = used.get(slug) ?? 0;
    used.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  for (const match of markdown.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(match[1].toLowerCase());
  return { texts, anchors };
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slugOf(heading) {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/ /g, "-");
}

/** The same number of characters, as spaces (line breaks kept), so that offsets stay. */
function blank(text) {
  return text.replace(/[^\n]/g, " ");
}

function withoutBackticks(text) {
  return text.replaceAll("`", "");
}

/** A heading quoted across comment lines, as one line. */
function oneLine(text) {
  return text.replace(/\s*\n\s*(?:\*(?!\/)|\/\/)?\s*/g, " ").trim();
}

function lineIndex(text) {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}

function main() {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), ".."));
  const { problems, references, files } = findProblems(root);
  for (const { file, line, problem } of problems) process.stderr.write(`${file}:${line}: ${problem}\n`);
  if (problems.length > 0) {
    process.stderr.write(`check-doc-references: ${problems.length} broken references\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`check-doc-references: ${references} references in ${files} files, all found\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href)
  main();
