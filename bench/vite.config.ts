import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// Benchmarks are TypeScript like the code they measure; this builds them
// into plain Node programs under out/bench/.
export default defineConfig({
  build: {
    ssr: true,
    outDir: resolve(import.meta.dirname, '../out/bench'),
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: {
      input: {
        run: resolve(import.meta.dirname, 'run.ts'),
        'fleet-server': resolve(import.meta.dirname, 'fleet-server.ts'),
        'engine-child': resolve(import.meta.dirname, 'engine-child.ts'),
        'sparkplug-publisher': resolve(import.meta.dirname, 'sparkplug-publisher.ts'),
        'warnings-worker': resolve(import.meta.dirname, 'warnings-worker.ts'),
        'warnings-tune': resolve(import.meta.dirname, 'warnings-tune.ts'),
      },
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});
