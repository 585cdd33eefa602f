/**
 * Writes generated files so that a reader never sees half an output (docs/cli.md "Writing the
 * output": an error leaves the previous output untouched): everything goes to a temporary
 * directory beside the target, which then takes the target's place. The output directory belongs to
 * gidl: files it no longer produces disappear with the old directory.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import * as path from "node:path";
import type { OutputFile } from "./framework/generated-file.js";

/** The target exists, is not empty, and was not written by gidl: replacing it could lose someone's work. */
export class ForeignOutputDirectoryError extends Error {
  override readonly name = "ForeignOutputDirectoryError";
  constructor(readonly dir: string) {
    super(`refusing to replace ${dir}: it is not empty and has no manifest.json written by gidl`);
  }
}

export function writeOutput(dir: string, files: readonly OutputFile[]): void {
  const target = path.resolve(dir);
  if (!isReplaceable(target)) throw new ForeignOutputDirectoryError(dir);
  const parent = path.dirname(target);
  mkdirSync(parent, { recursive: true });

  const staging = mkdtempSync(path.join(parent, `.${path.basename(target)}.gidl-new-`));
  try {
    for (const file of files) {
      const destination = path.join(staging, ...file.path.split("/"));
      mkdirSync(path.dirname(destination), { recursive: true });
      writeFileSync(destination, file.content);
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  swap(staging, target);
}

/** Renames `staging` to `target`; the old target is moved aside first and put back if that fails. */
function swap(staging: string, target: string): void {
  if (!existsSync(target)) {
    renameSync(staging, target);
    return;
  }
  const old = staging.replace(/gidl-new-/, "gidl-old-");
  renameSync(target, old);
  try {
    renameSync(staging, target);
  } catch (error) {
    renameSync(old, target);
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  rmSync(old, { recursive: true, force: true });
}

function isReplaceable(target: string): boolean {
  if (!existsSync(target)) return true;
  if (readdirSync(target).length === 0) return true;
  try {
    const manifest = JSON.parse(readFileSync(path.join(target, "manifest.json"), "utf8")) as {
      generatedBy?: unknown;
    };
    return typeof manifest.generatedBy === "string" && manifest.generatedBy.startsWith("gidl");
  } catch {
    return false;
  }
}

/** Writes one file (`gidl docs -o`) through a temporary file beside it and a rename. */
export function writeFileAtomic(file: string, content: string): void {
  const target = path.resolve(file);
  mkdirSync(path.dirname(target), { recursive: true });
  const staging = mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.gidl-new-`));
  try {
    const temporary = path.join(staging, path.basename(target));
    writeFileSync(temporary, content);
    renameSync(temporary, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
