import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { FLEET_AT } from './test/helpers/fleet-time';

// Playwright cannot download its own browser here; Debian's chromium is used.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const port = Number(process.env.E2E_PORT ?? 4873);
// The shared desk gets a data folder of its own, new for every run: a journal
// left in the user's folder by another build must not decide whether tests start.
const dataDir = mkdtempSync(join(tmpdir(), 'dutydesk-e2e-'));
// Its demo fleet starts at the same moment on every run, so no check depends on when CI runs.

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 90_000,
  // A sign-in runs argon2id in the engine; on a loaded 2-core machine that alone can pass the default 5 s.
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    // Without the demo's generated week: these specs count what they do themselves (demo-week.spec.ts starts its own desk).
    command: `node out/main/headless.js --port ${port} --data ${JSON.stringify(dataDir)} --at ${FLEET_AT} --no-demo-week`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
