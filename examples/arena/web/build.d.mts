/** Types of build.mjs, for the TypeScript tests that call it. */
export interface WebBuild {
  /** The bundle's path. */
  readonly file: string;
  /** Every file esbuild put into the bundle, relative to the working directory. */
  readonly inputs: readonly string[];
}

/** Bundles src/main.ts into `outdir` (default: web/dist). */
export function buildWebClient(options?: { outdir?: string }): Promise<WebBuild>;
