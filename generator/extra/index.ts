/**
 * The extra outputs of `--templates <dir>`: each template under `<dir>/extra/` renders one more
 * file from the compiled model, as a protobuf plugin adds files of its own (generator/README.md
 * "Extra outputs"). They are text: not type-checked, and written as named for `--lang js` too.
 */
import type { Model } from "../../idl/model.js";
import type { TargetContext } from "../context.js";
import type { OutputFile } from "../framework/generated-file.js";
import { headerText } from "../framework/header.js";
import { TemplateError } from "../framework/templates.js";

/** What an extra template sees. generator/README.md documents each field. */
export interface ExtraTemplateView {
  /** The compiled schema (idl/model.ts), as every target reads it. */
  readonly model: Model;
  /** The do-not-edit line without comment markers: `// {{header}}`, `# {{header}}`. */
  readonly header: string;
  /** The schema file's base name, as headers name it. */
  readonly schemaFile: string;
  /** The `--lang` of the built-in outputs. */
  readonly lang: "ts" | "js";
  /** This file's output path, `/`-separated. */
  readonly path: string;
}

/**
 * One file per extra template.
 * @throws TemplateError when an extra output has the path of a built-in one, or fails to render
 */
export function generateExtras(
  context: TargetContext,
  lang: "ts" | "js",
  builtin: readonly OutputFile[],
): OutputFile[] {
  const taken = new Set(builtin.map((file) => file.path));
  return context.templates.extras.map(({ output, file }) => {
    // Built-in outputs are top-level files, so a clash is the whole path or its first folder.
    const clash = [output, output.split("/")[0] ?? output].find((name) => taken.has(name));
    if (clash !== undefined) {
      const names = [...taken].sort().join(", ");
      throw new TemplateError(
        file,
        undefined,
        `renders ${output}, but gidl generates ${clash} itself: give the template another name (generated: ${names})`,
      );
    }
    const view: ExtraTemplateView = {
      model: context.model,
      header: headerText(context.header, lang),
      schemaFile: context.header.schemaFile,
      lang,
      path: output,
    };
    return { path: output, content: context.templates.renderExtra(output, view) };
  });
}
