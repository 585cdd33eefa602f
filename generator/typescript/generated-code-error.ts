/**
 * Generated TypeScript that does not compile: a bug in gidl (or in a `--templates` override), never
 * something the schema's author did, since the compiler refuses schemas that cannot be generated.
 */
export class GeneratedCodeError extends Error {
  override readonly name = "GeneratedCodeError";
  constructor(readonly errors: readonly string[]) {
    super(`the generated TypeScript does not compile:\n${errors.map((error) => `  ${error}`).join("\n")}`);
  }
}
