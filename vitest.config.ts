import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Most files wait on sockets, child processes and drill clocks rather than the CPU; the default of
    // one worker on a 2-core machine runs them one after another. The short soak holds one worker for
    // its five minutes, waiting on its desk: two more run the rest beside it (whole run 322 s at load
    // 5, against 656 s with two workers).
    maxWorkers: 3,
    // The seven training drills play side by side at ×60 (training-drill.test.ts): all of them at once.
    maxConcurrency: 8,
  },
});
