import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The load and fault test takes minutes: `npm run test:load` (vitest.load.config.ts).
    exclude: [...configDefaults.exclude, "test/load/**"],
    reporters: ["default", "./test/support/summary-reporter.ts"],
    testTimeout: 20_000,
    // Scenario replays in beforeAll take seconds; a loaded machine must not fail them.
    hookTimeout: 60_000,
  },
});
