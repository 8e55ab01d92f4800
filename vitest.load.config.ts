/** `npm run test:load`: the load and fault test (test/load), a few minutes on 2 cores. */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/load/**/*.test.ts"],
    reporters: ["default", "./test/support/summary-reporter.ts"],
    testTimeout: 600_000,
  },
});
