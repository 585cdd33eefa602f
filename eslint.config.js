// @ts-check
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "examples/*/dist/**",
      "examples/*/web/dist/**",
      "node_modules/**",
      // Generated code is linted like ours (docs/contributing.md "Generated code"), except the ajv
      // standalone validators, whose header exempts them.
      "**/generated/validators.ts",
      "test/golden/**/validators.ts",
      "test/fixtures/**",
      "coverage/**",
      "bench/out/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["*.js", "*.mjs", "bench/*.mjs", "scripts/*.mjs"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/restrict-template-expressions": [
        "error",
        { allowNumber: true, allowBoolean: true },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // `type CombatKickPlayerResult = void` is how generated code names "returns nothing".
      "@typescript-eslint/no-invalid-void-type": "off",
    },
  },
  {
    // A promise discarded with `void` still rejects unhandled, and Node then ends the process: in the
    // server, store work nobody awaits goes through BackgroundWork (docs/server.md "When the store fails").
    files: ["runtime-server/**/*.ts"],
    rules: { "@typescript-eslint/no-floating-promises": ["error", { ignoreVoid: false }] },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
    // Untyped scripts need no TypeScript project (bench/rpc/*.mjs and the like are in none).
    languageOptions: { globals: globals.node, parserOptions: { projectService: false } },
  },
);
