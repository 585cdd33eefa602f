/**
 * The binary codec of a schema, for `gidl decode`: the same generated `binary.ts` a game ships,
 * emitted as JavaScript into a temporary folder and imported, so that the command decodes exactly
 * as the runtimes do. Its `gidl/protocol` import is pointed at this installation's own module.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Model } from "../../idl/index.js";
import type { BinarySchema } from "../../protocol/index.js";
import { generate } from "../index.js";

/** This installation's protocol module (dist/protocol beside dist/generator). */
const PROTOCOL_MODULE = new URL("../../protocol/index.js", import.meta.url).href;

export async function loadBinarySchema(model: Model, schemaFile: string): Promise<BinarySchema> {
  const { files } = generate(model, { lang: "js", schemaFile });
  const dir = mkdtempSync(path.join(tmpdir(), "gidl-decode-"));
  try {
    for (const file of files) {
      if (!file.path.endsWith(".js")) continue;
      writeFileSync(
        path.join(dir, file.path),
        file.content.replaceAll('from "gidl/protocol"', `from ${JSON.stringify(PROTOCOL_MODULE)}`),
      );
    }
    const module = (await import(pathToFileURL(path.join(dir, "binary.js")).href)) as {
      binary: BinarySchema;
    };
    return module.binary;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
