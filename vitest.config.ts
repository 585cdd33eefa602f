import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "test/**/*.test.ts",
      "idl/**/*.test.ts",
      "generator/**/*.test.ts",
      "runtime-*/**/*.test.ts",
      "examples/**/*.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Builds dist/ once when the run includes e2e tests that execute the real CLI.
    globalSetup: ["test/setup/build.ts"],
  },
});
