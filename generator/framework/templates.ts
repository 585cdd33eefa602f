/**
 * The Handlebars templates of every target, with their partials and helpers registered here and
 * nowhere else. Built-in templates live in generator/templates/; `--templates <dir>` replaces any
 * of them by file name. A file named `<name>.<ext>.hbs` renders one generated file
 * (`types.ts.hbs`); a file named `<name>.hbs` is a partial (`{{> jsdoc}}`). Templates under
 * `<dir>/extra/` render files of the user's own (generator/README.md "Extra outputs").
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";

/** A template that cannot be used: names the file and, when Handlebars knows it, the line. */
export class TemplateError extends Error {
  override readonly name = "TemplateError";
  constructor(
    /** The template file, as a path the user can open. */
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(`${line === undefined ? file : `${file}:${line}`}: ${reason}`);
  }
}

/** A template under `<dir>/extra/`: one more output file. */
export interface ExtraTemplate {
  /** Its output path, `/`-separated: `unity/Arena.cs` for `extra/unity/Arena.cs.hbs`. */
  readonly output: string;
  /** The template file, as a path the user can open. */
  readonly file: string;
}

export interface Templates {
  /** Renders a file template (`types.ts.hbs`) with `data`. */
  render(name: string, data: object): string;
  /** The extra templates, sorted by output path; none without `--templates`. */
  readonly extras: readonly ExtraTemplate[];
  /** Renders the extra template of one output path with `data`. */
  renderExtra(output: string, data: object): string;
}

/** The folder of `--templates <dir>` whose templates render extra outputs. */
export function extraTemplatesDir(overrideDir: string): string {
  return path.resolve(overrideDir, "extra");
}

/** Where the built-in templates are: generator/templates/, both from source and from dist/ (package.json "files"). */
export function builtinTemplatesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "generator", "templates");
    if (existsSync(path.join(dir, "package.json")) && existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("gidl: cannot find its built-in templates (generator/templates)");
    dir = parent;
  }
}

let builtinCache: ReadonlyMap<string, TemplateSource> | undefined;

interface TemplateSource {
  readonly file: string;
  readonly text: string;
}

/**
 * The built-in templates, each replaced by the file of the same name in `overrideDir` if any.
 * Every template is parsed here, so that a broken override fails before anything is generated.
 */
export function loadTemplates(overrideDir?: string): Templates {
  builtinCache ??= readTemplateDir(builtinTemplatesDir());
  const sources = new Map(builtinCache);
  const extraSources =
    overrideDir === undefined
      ? new Map<string, TemplateSource>()
      : readExtraDir(extraTemplatesDir(overrideDir));
  if (overrideDir !== undefined) {
    for (const [name, source] of readTemplateDir(overrideDir)) {
      if (!sources.has(name)) {
        const known = [...sources.keys()].sort().join(", ");
        throw new TemplateError(
          source.file,
          undefined,
          `no built-in template is named ${name} (templates: ${known})`,
        );
      }
      sources.set(name, source);
    }
  }

  const handlebars = Handlebars.create();
  registerHelpers(handlebars);
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  for (const [name, source] of sources) {
    parseOrThrow(handlebars, source);
    // noEscape: the output is code and Markdown, not HTML; targets escape what needs escaping.
    const template = handlebars.compile(source.text, { noEscape: true, preventIndent: false });
    if (isPartial(name)) handlebars.registerPartial(name.slice(0, -".hbs".length), template);
    else compiled.set(name, template);
  }
  // After the partials: an extra template may use them, the user's overrides included.
  const compiledExtras = new Map<string, Handlebars.TemplateDelegate>();
  for (const [output, source] of extraSources) {
    parseOrThrow(handlebars, source);
    compiledExtras.set(output, handlebars.compile(source.text, { noEscape: true, preventIndent: false }));
  }

  const run = (template: Handlebars.TemplateDelegate, source: TemplateSource, data: object) => {
    try {
      return template(data);
    } catch (error) {
      throw templateError(source, error);
    }
  };
  return {
    render(name, data) {
      const template = compiled.get(name);
      const source = sources.get(name);
      if (template === undefined || source === undefined) throw new Error(`gidl: no template named ${name}`);
      return run(template, source, data);
    },
    extras: [...extraSources]
      .map(([output, source]) => ({ output, file: source.file }))
      .sort((x, y) => (x.output < y.output ? -1 : x.output > y.output ? 1 : 0)),
    renderExtra(output, data) {
      const template = compiledExtras.get(output);
      const source = extraSources.get(output);
      if (template === undefined || source === undefined)
        throw new Error(`gidl: no extra template for ${output}`);
      return run(template, source, data);
    },
  };
}

/**
 * The directories `gidl watch` watches for `--templates <dir>`: the directory itself and every
 * directory under its `extra/`.
 */
export function templateDirectories(overrideDir: string): string[] {
  const dirs = [path.resolve(overrideDir)];
  const visit = (dir: string) => {
    if (!isDirectory(dir)) return;
    dirs.push(dir);
    for (const name of readdirSync(dir).sort()) visit(path.join(dir, name));
  };
  visit(extraTemplatesDir(overrideDir));
  return dirs;
}

/**
 * `<dir>/extra/`, subdirectories mirrored: `extra/unity/Arena.cs.hbs` renders `unity/Arena.cs`.
 * Keyed by output path, sorted; files not ending in `.hbs` are skipped, as in `<dir>` itself.
 */
function readExtraDir(root: string): Map<string, TemplateSource> {
  const sources = new Map<string, TemplateSource>();
  const visit = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (isDirectory(file)) {
        visit(file, `${prefix}${name}/`);
        continue;
      }
      if (!name.endsWith(".hbs")) continue;
      const output = name.slice(0, -".hbs".length);
      if (output === "")
        throw new TemplateError(file, undefined, "an extra template needs a name before .hbs");
      sources.set(`${prefix}${output}`, { file, text: readFileSync(file, "utf8") });
    }
  };
  if (isDirectory(root)) visit(root, "");
  return sources;
}

function isDirectory(file: string): boolean {
  return existsSync(file) && statSync(file).isDirectory();
}

function readTemplateDir(dir: string): Map<string, TemplateSource> {
  const sources = new Map<string, TemplateSource>();
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith(".hbs")) continue;
    const file = path.join(dir, name);
    sources.set(name, { file, text: readFileSync(file, "utf8") });
  }
  return sources;
}

/** `jsdoc.hbs` is a partial; `types.ts.hbs` renders a file. */
function isPartial(name: string): boolean {
  return name.split(".").length === 2;
}

function parseOrThrow(handlebars: typeof Handlebars, source: TemplateSource): void {
  try {
    handlebars.parse(source.text);
  } catch (error) {
    throw templateError(source, error);
  }
}

/** Handlebars reports a line as a `lineNumber` property, as "- 3:5" or as "Parse error on line 3:". */
function templateError(source: TemplateSource, error: unknown): TemplateError {
  const message = error instanceof Error ? error.message : String(error);
  const lineNumber = (error as { lineNumber?: unknown } | null)?.lineNumber;
  const line =
    typeof lineNumber === "number"
      ? lineNumber
      : Number(/^Parse error on line (\d+):/.exec(message)?.[1] ?? /- (\d+):\d+$/.exec(message)?.[1] ?? NaN);
  const reason = message.replace(/^Parse error on line \d+:\n/, "parse error:\n").replace(/ - \d+:\d+$/, "");
  return new TemplateError(source.file, Number.isNaN(line) ? undefined : line, reason);
}

function registerHelpers(handlebars: typeof Handlebars): void {
  // {{json value}}: a JSON literal (strings quoted and escaped), for code templates.
  handlebars.registerHelper("json", (value: unknown) => JSON.stringify(value));
  // {{#if (eq a b)}}
  handlebars.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  // {{join list ", "}}
  handlebars.registerHelper("join", (list: unknown, separator: unknown) =>
    Array.isArray(list) ? list.map(String).join(typeof separator === "string" ? separator : ", ") : "",
  );
}
