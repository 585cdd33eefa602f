/**
 * The code the real generator makes from binary.gidl, for the tests that hold it to the vectors:
 * written under test-artifacts/ and bundled by esbuild with the sources of gidl/protocol and
 * gidl/server, so that the generated encoders, the codec, the server and the test share one copy of
 * each class (`BinaryValueError`, `UndecodableMessage`…) and no stale dist/ is involved.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { generate } from "../../generator/index.js";
import type * as protocol from "../../protocol/index.js";
import type * as runtimeServer from "../../runtime-server/index.js";
import { compileVectorSchema } from "./make-vectors.js";

export const root = fileURLToPath(new URL("../../", import.meta.url));

export interface GeneratedVectors extends Pick<
  typeof protocol,
  | "createBinaryCodec"
  | "binarySubprotocol"
  | "fromWire"
  | "toWire"
  | "jsonCodec"
  | "msgpackCodec"
  | "CodecError"
  | "UndecodableMessage"
  | "InvalidValue"
  | "BinaryFrameError"
  | "BinaryValueError"
  | "BinaryReader"
> {
  readonly binary: protocol.BinarySchema;
  readonly definition: protocol.ApiDefinition;
  readonly validators: protocol.ApiValidators;
  /** The generated server's `createServer`. */
  readonly createServer: (options: Record<string, unknown>) => runtimeServer.GameServer;
}

/** Generates binary.gidl's code into test-artifacts/`name`-<pid>/; returns the folder. */
export function writeGeneratedVectors(name: string): string {
  const dir = path.join(root, "test-artifacts", `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of generate(compileVectorSchema(), { lang: "ts", schemaFile: "binary.gidl" }).files) {
    writeFileSync(path.join(dir, file.path), file.content);
  }
  return dir;
}

/** Bundles `entry` (in a folder of generated code) into `outfile` with gidl's sources. */
export async function bundleWithSources(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    alias: {
      "gidl/protocol": path.join(root, "protocol/index.ts"),
      "gidl/server": path.join(root, "runtime-server/index.ts"),
    },
    outfile,
    logLevel: "silent",
  });
}

/** Generates, bundles and imports; `name` keeps two test files apart. Call `remove` after. */
export async function loadGeneratedVectors(
  name: string,
): Promise<{ generated: GeneratedVectors; remove: () => void }> {
  const dir = writeGeneratedVectors(name);
  const entry = path.join(dir, "entry.ts");
  writeFileSync(
    entry,
    [
      'export { binary } from "./binary.js";',
      'export { definition } from "./definition.js";',
      'export { validators } from "./validators.js";',
      'export { createServer } from "./server.js";',
      'export * from "gidl/protocol";',
    ].join("\n"),
  );
  const outfile = path.join(dir, "bundle.mjs");
  await bundleWithSources(entry, outfile);
  const generated = (await import(pathToFileURL(outfile).href)) as GeneratedVectors;
  return {
    generated,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function fromHex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, "hex"));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}
