/** package.json, tsconfig.json, README.md and .gitignore of a new project. */

export interface ProjectOptions {
  /** The npm package name of the project. */
  readonly name: string;
  /** What package.json depends on for gidl: a version range, or e.g. `file:../gidl`. */
  readonly gidlSpec: string;
}

/** Node.js 20 runs JavaScript only, so `start` and `client` compile src/ to dist/ first. */
export function packageJson(options: ProjectOptions): string {
  const manifest = {
    name: options.name,
    version: "0.1.0",
    private: true,
    type: "module",
    scripts: {
      generate: "gidl generate schema/game.gidl -o src/generated",
      watch: "gidl watch schema/game.gidl -o src/generated",
      build: "npm run generate && tsc -p tsconfig.json",
      start: "npm run build && node dist/server.js",
      client: "npm run build && node dist/client.js",
      typecheck: "tsc -p tsconfig.json --noEmit",
    },
    dependencies: { gidl: options.gidlSpec },
    devDependencies: { "@types/node": "^20.19.0", typescript: "~5.9.0" },
    engines: { node: ">=20.19" },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export const tsconfigJson = `${JSON.stringify(
  {
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2022"],
      module: "NodeNext",
      moduleResolution: "NodeNext",
      types: ["node"],
      strict: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      skipLibCheck: true,
      rootDir: "src",
      outDir: "dist",
    },
    include: ["src"],
  },
  null,
  2,
)}\n`;

export const gitignore = "node_modules/\ndist/\n";

export function readme(options: ProjectOptions): string {
  return `# ${options.name}

A multiplayer game backend made with [gidl](https://www.npmjs.com/package/gidl): the API is described
once in \`schema/game.gidl\`, and gidl generates the typed server, client, validators and docs in
\`src/generated/\`.

## Start

\`\`\`sh
npm install
npm start          # builds and runs the server on ws://127.0.0.1:8080 (PORT to change it)
npm run client     # in another terminal: a scripted player against it (GAME_URL to point elsewhere)
\`\`\`

## What is where

| path | what |
| --- | --- |
| \`schema/game.gidl\` | the API: types, rpcs, sends, events, errors, the session kind |
| \`src/generated/\` | written by \`npm run generate\`; do not edit (\`docs.md\` there is the API reference) |
| \`src/server.ts\` | the handlers of every rpc and send, and \`authenticate\` |
| \`src/client.ts\` | an example player |

## Change the API

1. Edit \`schema/game.gidl\` (\`npm run watch\` regenerates on every save).
2. \`npm run generate\`, then \`npm run typecheck\`: a handler the server lacks is a type error.
   \`npx gidl scaffold schema/game.gidl --handlers src/handlers.ts\` writes stubs for new ones.
3. Before deploying a changed schema, \`npx gidl diff old.gidl schema/game.gidl\` lists the changes
   that break clients already out there.

\`authenticate\` in \`src/server.ts\` accepts any \`player:<name>\` token: replace it with real
verification before the server is reachable by anyone else.
`;
}
