import { defineConfig } from 'vitest/config';
import { LongestFirst } from './test/helpers/longest-first';

const shared = { testTimeout: 30_000, hookTimeout: 30_000 };

export default defineConfig({
  test: {
    // Most files wait on sockets, child processes and drill clocks rather than the CPU; the default of
    // one worker on a 2-core machine runs them one after another. The short soak holds one worker for
    // its five minutes, waiting on its desk: two more run the rest beside it. In a clean-clone CI the
    // whole run took 373 s, against 575 s before the unit project and the longest-first order.
    maxWorkers: 3,
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        // Unit files share their workers' module cache: each one importing the schemas, React and the
        // rules anew cost 105 s of CPU for 118 files, against 29 s shared (same machine, same load).
        test: { ...shared, name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false },
      },
      {
        // Integration files start desks, servers and clocks of their own: each keeps a fresh module graph.
        // The seven training drills play side by side at ×60 (training-drill.test.ts): all of them at once.
        test: {
          ...shared,
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          maxConcurrency: 8,
        },
      },
    ],
  },
});
