/**
 * `gidl watch`: regenerates whenever the schema or a file it imports changes, until stopped. It
 * watches the directories of the files the last compile tried to read, so the set follows the imports
 * as they change. Directories rather than files: a directory watch survives editors that save by
 * renaming, and sees a missing import appear (for a missing directory, its nearest existing ancestor
 * is watched). A broken schema is reported and the previous output stays: the next good save regenerates.
 */
import { existsSync, readFileSync, watch, type FSWatcher } from "node:fs";
import * as path from "node:path";
import { compile, type CompileResult } from "../../idl/index.js";
import { extraTemplatesDir, templateDirectories } from "../framework/templates.js";
import { generate, GeneratedCodeError, TemplateError } from "../index.js";
import { ForeignOutputDirectoryError, writeOutput } from "../write-output.js";

export interface WatchOptions {
  /** The root .gidl file, as the user wrote it. */
  readonly entry: string;
  readonly out: string;
  readonly lang: "ts" | "js";
  readonly templatesDir?: string;
  /** Quiet time after the last change before regenerating: editors write a file in several steps. @default 100 */
  readonly debounceMs?: number;
  /** Aborting it stops watching; `watchSchema` then resolves. */
  readonly signal: AbortSignal;
  readonly reporter: WatchReporter;
}

export interface WatchReporter {
  /** Every compile, with its diagnostics (none, warnings, or errors). */
  compiled(result: CompileResult): void;
  /** The output directory was replaced. */
  wrote(fileCount: number, hash: string): void;
  /** Nothing was written this time: schema errors (already reported through `compiled`) or `reason`. */
  skipped(reason: string | undefined): void;
  /** A directory could not be watched (it was removed, say). */
  watchFailed(dir: string, error: Error): void;
}

/**
 * Generates once, then again after every change, until `options.signal` aborts.
 * @throws an Error when not even the entry file's directory can be watched
 */
export async function watchSchema(options: WatchOptions): Promise<void> {
  const debounceMs = options.debounceMs ?? 100;
  const watchers = new Map<string, FSWatcher>();
  /** Every file the last compile tried to read, whether it could or not. */
  let sources = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const extras = options.templatesDir === undefined ? undefined : extraTemplatesDir(options.templatesDir);

  const relevant = (changed: string) =>
    changed.endsWith(".gidl") ||
    (options.templatesDir !== undefined && changed.endsWith(".hbs")) ||
    // A folder made under extra/ holds templates too: the regeneration starts watching it.
    (extras !== undefined && (changed === extras || changed.startsWith(extras + path.sep))) ||
    [...sources].some((file) => file === changed || file.startsWith(changed + path.sep));

  const schedule = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      regenerate();
    }, debounceMs);
  };

  const watchDirectories = (dirs: ReadonlySet<string>) => {
    for (const [dir, watcher] of watchers) {
      if (dirs.has(dir)) continue;
      watcher.close();
      watchers.delete(dir);
    }
    for (const dir of dirs) {
      if (watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, (_event, name) => {
          // No name (some platforms) means "something here changed".
          if (name === null || relevant(path.join(dir, name))) schedule();
        });
        watcher.on("error", (error) => {
          watcher.close();
          watchers.delete(dir);
          options.reporter.watchFailed(dir, error);
        });
        watchers.set(dir, watcher);
      } catch (error) {
        options.reporter.watchFailed(dir, error as Error);
      }
    }
  };

  const regenerate = () => {
    const attempted = new Set([path.resolve(options.entry)]);
    const result = compile(options.entry, {
      readFile: (file) => {
        attempted.add(path.resolve(file));
        return readFileSync(file);
      },
    });
    sources = attempted;
    const dirs = new Set([...sources].map((file) => nearestExistingDirectory(path.dirname(file))));
    if (options.templatesDir !== undefined) {
      for (const templates of templateDirectories(options.templatesDir)) dirs.add(templates);
    }
    watchDirectories(dirs);
    options.reporter.compiled(result);
    if (result.model === undefined) {
      options.reporter.skipped(undefined);
      return;
    }
    try {
      const { files } = generate(result.model, {
        lang: options.lang,
        schemaFile: path.basename(options.entry),
        ...(options.templatesDir === undefined ? {} : { templatesDir: options.templatesDir }),
      });
      writeOutput(options.out, files);
      options.reporter.wrote(files.length, result.model.hash);
    } catch (error) {
      options.reporter.skipped(failureReason(error));
    }
  };

  regenerate();
  if (watchers.size === 0) {
    throw new Error(`cannot watch ${path.dirname(path.resolve(options.entry))}`);
  }
  await new Promise<void>((resolve) => {
    if (options.signal.aborted) resolve();
    else
      options.signal.addEventListener(
        "abort",
        () => {
          resolve();
        },
        { once: true },
      );
  });
  if (timer !== undefined) clearTimeout(timer);
  for (const watcher of watchers.values()) watcher.close();
}

function nearestExistingDirectory(dir: string): string {
  let current = dir;
  while (!existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

/** What to tell the user when generation fails; a watch keeps going whatever it was. */
function failureReason(error: unknown): string {
  if (error instanceof GeneratedCodeError) return `internal error (please report it): ${error.message}`;
  if (error instanceof TemplateError || error instanceof ForeignOutputDirectoryError) return error.message;
  // node:fs errors (an output directory that cannot be written) carry a code such as EACCES.
  if (error instanceof Error && typeof (error as { code?: unknown }).code === "string") return error.message;
  return `internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}
