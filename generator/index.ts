/**
 * The generator: a model in, files out (docs/architecture.md "Build time: from a schema to files":
 * stages are pure; only the CLI touches the disk).
 * Each target lives in its own folder and returns its files; this module collects them, refuses
 * TypeScript that does not compile, and turns it into JavaScript for `--lang js`.
 */
import type { Model } from "../idl/model.js";
import { binaryDeclaration, generateBinary } from "./binary/index.js";
import { generateClient } from "./client/index.js";
import type { TargetContext } from "./context.js";
import { generateDefinition } from "./definition/index.js";
import { generateDocs } from "./docs/index.js";
import { generateExtras } from "./extra/index.js";
import type { OutputFile } from "./framework/generated-file.js";
import { codeHeader } from "./framework/header.js";
import { loadTemplates } from "./framework/templates.js";
import { generateJsonSchema } from "./json-schema/index.js";
import { generateManifest } from "./manifest/index.js";
import { generateServer } from "./server/index.js";
import { generateTestKit } from "./testkit/index.js";
import { generateTypes } from "./types/index.js";
import { compileInMemory } from "./typescript/compile-in-memory.js";
import { GeneratedCodeError } from "./typescript/generated-code-error.js";
import { layoutJavaScript } from "./typescript/javascript-output.js";
import { startValidators } from "./validators/in-parallel.js";
import { validatorsDeclaration } from "./validators/index.js";

export type { OutputFile } from "./framework/generated-file.js";
export { TemplateError } from "./framework/templates.js";
export { GeneratedCodeError } from "./typescript/generated-code-error.js";

export interface GenerateOptions {
  /** `ts`: TypeScript sources; `js`: JavaScript plus `.d.ts` declarations. @default "ts" */
  readonly lang?: "ts" | "js";
  /** A directory whose `.hbs` files replace the built-in templates of the same name; `extra/` in it adds outputs. */
  readonly templatesDir?: string;
  /** The schema file named in every header; the CLI passes its base name, so that output does not depend on the cwd. */
  readonly schemaFile: string;
}

export interface GenerateResult {
  /** Sorted by path. */
  readonly files: readonly OutputFile[];
}

/**
 * Every generated file for `model`.
 * @throws TemplateError when a template cannot be parsed or rendered (an override, usually), or
 *   when an extra template would replace a built-in output
 * @throws GeneratedCodeError when the TypeScript produced does not compile
 */
export function generate(model: Model, options: GenerateOptions): GenerateResult {
  const lang = options.lang ?? "ts";
  const context = targetContext(model, options, lang);
  const header = codeHeader(context.header);
  // The longest target, started first: it runs on another thread while the rest goes on.
  const validators = startValidators(model, { header });
  let validatorsFile: OutputFile | undefined;
  try {
    const before = [generateTypes(context), generateDefinition(context)];
    const binary = generateBinary(context);
    const after = [generateServer(context), generateClient(context), generateTestKit(context)];
    const other = [generateJsonSchema(context), generateDocs(context), generateManifest(context)];

    // validators.ts is @ts-nocheck (ajv's code), so only its export's type is checked: against a
    // declaration of it, which spares the compiler parsing what can be megabytes of JavaScript
    // and lets the check run while the module is still being generated. binary.ts is gidl's own
    // code, the same for every schema and no template's, which the tests compile whole: it is
    // checked against a declaration too (a third of a large schema's check otherwise). `--lang js`
    // compiles both modules themselves, to emit them.
    const emit = options.lang === "js";
    const validatorsFor = (): OutputFile => {
      validatorsFile ??= { path: "validators.ts", content: validators.result() };
      return validatorsFile;
    };
    const compiled = compileInMemory(
      [
        ...before,
        emit ? binary : binaryDeclaration(),
        emit ? validatorsFor() : validatorsDeclaration(),
        ...after,
      ],
      {
        emit,
      },
    );
    if (compiled.errors.length > 0) throw new GeneratedCodeError(compiled.errors);
    const sources = emit
      ? compiled.outputs.map((file) => layoutJavaScript(file, header))
      : [...before, binary, validatorsFor(), ...after];
    const builtin = [...sources, ...other];
    const files = [...builtin, ...generateExtras(context, lang, builtin)];
    return { files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
  } finally {
    if (validatorsFile === undefined) validators.cancel();
  }
}

/** docs.md alone, for `gidl docs`. */
export function generateDocsFile(model: Model, options: Omit<GenerateOptions, "lang">): OutputFile {
  return generateDocs(targetContext(model, options));
}

function targetContext(
  model: Model,
  options: Omit<GenerateOptions, "lang">,
  lang?: "ts" | "js",
): TargetContext {
  return {
    model,
    header: { schemaFile: options.schemaFile, hash: model.hash, lang },
    templates: loadTemplates(options.templatesDir),
  };
}
