import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import pkg from './package.json' with { type: 'json' };

// Every Node-side entry is built by the `main` step so the engine, the
// headless desk and the simulator are plain Node programs under out/main/.
export default defineConfig({
  main: {
    define: { __DUTYDESK_VERSION__: JSON.stringify(pkg.version) },
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          main: resolve('electron/main.ts'),
          'engine-host': resolve('electron/engine-host.ts'),
          headless: resolve('electron/headless.ts'),
          verify: resolve('electron/audit/verify-main.ts'),
          // Worker threads of the engine (electron/store/service.ts): the whole-chain check and telemetry history.
          'verify-worker': resolve('electron/store/verify-worker.ts'),
          'history-worker': resolve('electron/history/worker.ts'),
          'ledger-worker': resolve('electron/config/ledger-worker.ts'),
          'warnings-worker': resolve('electron/warnings/worker.ts'),
          'backup-worker': resolve('electron/backup/worker.ts'),
          // Derived indexes beside the journal, built off the engine's thread (issue 16).
          'period-index-worker': resolve('electron/reports/period-index-worker.ts'),
          'search-index-worker': resolve('electron/handover/search-index-worker.ts'),
          sim: resolve('sim/cli.ts'),
          // The sync server; PGlite stays an external package so its .wasm and data files load from node_modules.
          server: resolve('server/main.ts'),
          restore: resolve('electron/backup/cli.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only 'electron': zod must be bundled in.
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: {
        input: { preload: resolve('electron/preload.ts') },
        // A sandboxed preload cannot load ES modules or other files.
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve('renderer'),
    plugins: [react()],
    build: {
      minify: true,
      outDir: resolve('out/renderer'),
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
