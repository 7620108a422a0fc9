import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: path.resolve(import.meta.dirname, ".") + "/" },
      // lib/ modules are marked server-only; the unit tests are the server.
      { find: /^server-only$/, replacement: path.resolve(import.meta.dirname, "tests/helpers/empty.ts") },
    ],
  },
  test: {
    include: ["tests/**/*.test.ts", "lib/**/*.test.ts"],
    exclude: ["e2e/**", "node_modules/**"],
    environment: "node",
    globalSetup: ["tests/helpers/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
