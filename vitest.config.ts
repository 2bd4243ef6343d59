import { defineConfig } from "vitest/config";

// One runner for the whole suite: unit tests (tests/src, tests/kernel, tests/extension) and the
// integration/browser tests that start a real kernel, JupyterLab and Chromium (tests/integration).
export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/build.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Integration tests start servers on fixed-free ports; running files in parallel on 2 cores
    // makes timings noisy, so keep a small pool.
    maxWorkers: 2,
    minWorkers: 1,
    // dl.check results are recorded in ~/.dlab/records (src/check/record.ts): not from tests,
    // which point DLAB_RECORDS at their own file where they read records
    env: { DLAB_RECORDS: "off" },
  },
});
