import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { Journal } from '../../electron/store/journal';

/**
 * The header's sync indicator against a real desk and a real sync server,
 * each its own process: amber "offline" with records queued while the
 * server is down, grey "synced" once it is up, details by keyboard.
 *
 * data-testids: sync-indicator (data-state = off | syncing | ok | offline | error), sync-panel
 */

const DESK_PORT = 4895;
const SERVER_PORT = 4896;
const TOKEN = 'e2e-desk-token-0123456789';
/** Screenshots for review; another Playwright run empties test-results/ when it starts. */
const SHOTS = process.env.SCREENSHOT_DIR ?? 'test-results';

let dir: string;
let desk: ChildProcess;
let server: ChildProcess | null = null;

function start(script: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    stdio: 'pipe',
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${output}`)), 60_000);
    const seen = (chunk: Buffer) => {
      output += chunk;
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${output}`)));
  });
}

function stop(child: ChildProcess | null): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dutydesk-e2e-sync-'));
  // Records from an earlier shift that never reached a server: they must queue, then arrive.
  mkdirSync(join(dir, 'desk', 'demo'), { recursive: true });
  const journal = Journal.open(join(dir, 'desk', 'demo', 'journal.sqlite'));
  journal.appendMany(
    Array.from({ length: 25 }, (_, i) => ({
      type: 'handover.note',
      subject: 'shift',
      data: { n: i },
      actor: { user: 'li.na', role: 'shift-lead' },
    })),
  );
  journal.close();
  desk = await start(
    'out/main/headless.js',
    ['--port', String(DESK_PORT), '--data', join(dir, 'desk')],
    {
      DUTYDESK_SYNC_URL: `http://127.0.0.1:${SERVER_PORT}`,
      DUTYDESK_SYNC_TOKEN: TOKEN,
      DUTYDESK_SYNC_INTERVAL_MS: '500',
    },
    /http:\/\/127\.0\.0\.1:4895/,
  );
});

test.afterAll(async () => {
  await stop(server);
  await stop(desk);
  rmSync(dir, { recursive: true, force: true });
});

test('the sync indicator shows the outage, the queue, and the recovery', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`http://127.0.0.1:${DESK_PORT}/`);
  const indicator = page.getByTestId('sync-indicator');
  await expect(indicator).toHaveAttribute('data-state', 'offline', { timeout: 20_000 });
  const queued = Number((await indicator.textContent())?.match(/(\d+)\D*$/)?.[1]);
  expect(queued).toBeGreaterThanOrEqual(25);
  await page.screenshot({
    path: join(SHOTS, 'sync-offline.png'),
    clip: { x: 0, y: 0, width: 1280, height: 220 },
  });

  await indicator.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByTestId('sync-panel');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText(`127.0.0.1:${SERVER_PORT}`);
  await expect(panel).toContainText(/ECONNREFUSED/);
  await page.screenshot({ path: join(SHOTS, 'sync-offline-panel.png') });
  const deskId = (await panel.locator('dd.sync-panel__code').nth(1).textContent())?.trim() ?? '';
  expect(deskId).toMatch(/^[0-9a-f-]{36}$/);
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();

  server = await start(
    'out/main/server.js',
    ['--port', String(SERVER_PORT), '--data', join(dir, 'server')],
    {
      DUTYDESK_SERVER_DESKS: JSON.stringify([
        { id: deskId, name: 'e2e', sha256: createHash('sha256').update(TOKEN).digest('hex') },
      ]),
    },
    /sync server on/,
  );
  await expect(indicator).toHaveAttribute('data-state', 'ok', { timeout: 30_000 });
  await expect(indicator).not.toContainText(/·/);
  await page.screenshot({ path: join(SHOTS, 'sync-ok.png') });
});
