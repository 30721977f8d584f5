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

const SHARED_DESK_SPECS = [
  'config-editor.spec.ts',
  'control.spec.ts',
  'csp.spec.ts',
  'fleet-time.spec.ts',
  'map.spec.ts',
  'trends.spec.ts',
  'wall.spec.ts',
  'wallboard.spec.ts',
].map((file) => `**/${file}`);

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 90_000,
  // A sign-in runs argon2id in the engine; on a loaded 2-core machine that alone can pass the default 5 s.
  expect: { timeout: 15_000 },
  // Two specs at a time, one per project below. The browser tests are mostly CPU-bound here (software
  // WebGL, desks and simulators), so the gain is small: 7.8 min in a clean-clone CI against 8.2 serial.
  workers: 2,
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
  projects: [
    // Specs on the shared desk below, one at a time: each counts what it does itself, and so does the
    // map's faulted fleet with its fixed ports. Everything else starts desks of its own on free ports
    // (sync and shared-config publishing share the sync ports, so both stay in the second project).
    { name: 'shared-desk', testMatch: SHARED_DESK_SPECS, workers: 1 },
    { name: 'own-desks', testIgnore: SHARED_DESK_SPECS, workers: 1 },
  ],
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
