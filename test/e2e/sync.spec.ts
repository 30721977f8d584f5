import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { HandoverService } from '../../electron/handover/service';
import { createLogger } from '../../electron/log/logger';
import { Journal } from '../../electron/store/journal';
import { SyncClient } from '../../electron/sync/sync-client';
import { SyncStore } from '../../electron/sync/sync-store';
import { DEFAULT_SHIFT_SCHEDULE } from '../../shared/handover/schedule';
import { type NodeProcess, stopProcess } from '../helpers/processes';
import {
  prepareSyncDesk,
  SYNC_DESK_PORT,
  SYNC_SERVER_PORT,
  SYNC_SERVER_URL,
  startSyncDesk,
  startSyncServer,
} from './sync-server';

/**
 * The header's sync indicator against a real desk and a real sync server,
 * each its own process: amber "offline" with records queued while the
 * server is down, grey "synced" once it is up, details by keyboard.
 *
 * data-testids: sync-indicator (data-state = off | syncing | ok | offline | error), sync-panel,
 *   handover-search-text, handover-search-go, handover-result (data-desk), handover-result-desk,
 *   handover-foreign, handover-state, handover-sign, handover-accept, handover-correct
 */

const TOKEN = 'e2e-desk-token-0123456789';
const OTHER_TOKEN = 'e2e-other-desk-token-9876543210';
/** Screenshots for review; another Playwright run empties test-results/ when it starts. */
const SHOTS = process.env.SCREENSHOT_DIR ?? 'test-results';

let dir: string;
/** The desk's id, from its journal created before it starts. */
let deskId: string;
let desk: NodeProcess;
let server: NodeProcess | null = null;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dutydesk-e2e-sync-'));
  // Records from an earlier shift that never reached a server: they must queue, then arrive.
  deskId = prepareSyncDesk(
    dir,
    Array.from({ length: 25 }, (_, i) => ({
      type: 'handover.note',
      subject: 'shift',
      data: { n: i },
      actor: { user: 'li.na', role: 'shift-lead' },
    })),
  );
  desk = await startSyncDesk(dir, TOKEN);
});

test.afterAll(async () => {
  await stopProcess(server);
  await stopProcess(desk);
  rmSync(dir, { recursive: true, force: true });
});

test('the sync indicator shows the outage, the queue, and the recovery', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`http://127.0.0.1:${SYNC_DESK_PORT}/`);
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
  await expect(panel).toContainText(`127.0.0.1:${SYNC_SERVER_PORT}`);
  await expect(panel).toContainText(/ECONNREFUSED/);
  await page.screenshot({ path: join(SHOTS, 'sync-offline-panel.png') });
  expect((await panel.locator('dd.sync-panel__code').nth(1).textContent())?.trim()).toBe(deskId);
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();

  server = await startSyncServer(dir, [{ id: deskId, name: 'e2e', token: TOKEN }]);
  await expect(indicator).toHaveAttribute('data-state', 'ok', { timeout: 30_000 });
  await expect(indicator).not.toContainText(/·/);
  await page.screenshot({ path: join(SHOTS, 'sync-ok.png') });
});

test("a handover signed at another desk is found in this desk's search, marked with its desk, read-only", async ({
  page,
}) => {
  test.setTimeout(120_000);
  expect(server).not.toBeNull();
  // A second desk of the organisation, run in this process on its own journal: its shift is signed and accepted.
  mkdirSync(join(dir, 'other'));
  const other = Journal.open(join(dir, 'other', 'journal.sqlite'));
  const people: Record<string, string> = { 'zhao.lei': 'zl-pass', 'qian.min': 'qm-pass' };
  const service = new HandoverService({
    journal: other,
    authenticator: {
      verify: async (user, password) => (people[user] === password ? { user, role: 'shift-lead' } : null),
    },
    schedule: () => DEFAULT_SHIFT_SCHEDULE,
    sources: {
      stations: () => [],
      devices: () => [],
      status: () => [],
      alarms: async () => [],
      work: { openWorkOrders: async () => null, outagesInForce: async () => null },
    },
  });
  const { record } = await service.current();
  await service.note(record.shift.id, 'e2e 嵊州站网关夜间离线两次，已报运维', null, {
    user: 'monitor-b',
    role: 'monitor',
  });
  await service.sign(record.shift.id, 'zhao.lei', 'zl-pass');
  await service.accept(record.shift.id, 'qian.min', 'qm-pass');

  // The server learns of the second desk (a restart with both registered) and takes its journal.
  const desks = [
    { id: deskId, name: 'e2e', token: TOKEN },
    { id: other.deskId, name: 'shengzhou', token: OTHER_TOKEN },
  ];
  await stopProcess(server);
  server = await startSyncServer(dir, desks);
  const store = SyncStore.open(other.file);
  const client = new SyncClient({
    journal: other,
    store,
    url: SYNC_SERVER_URL,
    token: OTHER_TOKEN,
    intervalMs: 60_000,
    log: createLogger('other-desk', () => {}),
    onChange: () => {},
  });
  await client.syncNow();
  expect(client.status()).toMatchObject({ state: 'ok', pending: 0 });
  await client.stop();
  store.close();
  other.close();

  await page.goto(`http://127.0.0.1:${SYNC_DESK_PORT}/?lang=en`);
  // F4 pressed before the desk has drawn its wall reaches no key handler yet.
  await expect(page.locator('[data-device-id]').first()).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('F4');
  await expect(page.getByTestId('handover-view')).toBeVisible();
  const results = page.getByTestId('handover-result');
  // The desk pulls every half second; search until the other desk's record has arrived.
  await expect(async () => {
    await page.getByTestId('handover-search-text').fill('网关');
    await page.getByTestId('handover-search-go').click();
    await expect(results.and(page.locator(`[data-desk="${desks[1]?.id}"]`))).toHaveCount(1, {
      timeout: 1000,
    });
  }).toPass({ timeout: 30_000 });
  await expect(results).toHaveCount(1);
  await expect(results.getByTestId('handover-result-desk')).toHaveText(`Desk ${desks[1]?.id}`);
  await expect(results).toContainText('e2e 嵊州站网关夜间离线两次');

  await results.click();
  await expect(page.getByTestId('handover-foreign')).toContainText(desks[1]?.id ?? '?');
  await expect(page.getByTestId('handover-state')).toHaveText('Handed over · cannot change');
  for (const action of ['handover-sign', 'handover-accept', 'handover-correct']) {
    await expect(page.getByTestId(action)).toBeDisabled();
  }
  await page.screenshot({ path: join(SHOTS, 'handover-other-desk.png') });
});
