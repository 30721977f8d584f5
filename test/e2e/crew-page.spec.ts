import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { createLogger } from '../../electron/log/logger';
import { Journal } from '../../electron/store/journal';
import { SyncClient } from '../../electron/sync/sync-client';
import { SyncStore } from '../../electron/sync/sync-store';
import { CREW_LINK_TTL_MS, CrewPageState } from '../../shared/sync/crew-link';
import { CREW_MEMBERS, crewJob, recordDispatch } from '../helpers/crew-links';
import { type NodeProcess, startNode, stopProcess } from '../helpers/processes';

/**
 * The crew's page on a phone: the built sync server as its own process, a
 * desk journal whose dispatch carries the link, Chromium at 360×740 in
 * zh-CN with a position near the station.
 *
 * Selectors: buttons by their zh-CN names (已接单, 已到场, 需要停运), the
 * status line (role=status), the recorded list (ol.taps).
 */

const SERVER_PORT = 4897;
const SHOTS = process.env.SCREENSHOT_DIR ?? 'test-results';
const token = randomBytes(24).toString('base64url');
const serverUrl = `http://127.0.0.1:${SERVER_PORT}`;

let dir: string;
let journal: Journal;
let store: SyncStore;
let server: NodeProcess | null = null;

function startServer(): Promise<NodeProcess> {
  const desks = [
    { id: journal.deskId, name: 'e2e', sha256: createHash('sha256').update(token).digest('hex') },
  ];
  return startNode('out/main/server.js', ['--port', String(SERVER_PORT), '--data', join(dir, 'server')], {
    env: { DUTYDESK_SERVER_DESKS: JSON.stringify(desks) },
    ready: /sync server on/,
    timeoutMs: 60_000,
  });
}

/** A dispatch on the desk, pushed to the server: the link the crew's message would carry. */
async function dispatch(workOrderId: string): Promise<string> {
  const now = Date.now();
  const link = recordDispatch(
    journal,
    { url: serverUrl, token },
    crewJob(workOrderId, now + CREW_LINK_TTL_MS),
    now,
  );
  const client = new SyncClient({
    journal,
    store,
    url: serverUrl,
    token,
    intervalMs: 60_000,
    log: createLogger('e2e', () => {}),
    onChange: () => {},
  });
  await client.syncNow();
  await client.stop();
  return link.url;
}

const phone = { viewport: { width: 360, height: 740 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

async function open(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('工单');
}

test.use({
  ...phone,
  geolocation: { latitude: 30.0342, longitude: 120.5801 },
  permissions: ['geolocation'],
});

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dutydesk-e2e-crew-'));
  journal = Journal.open(join(dir, 'desk.sqlite'));
  store = SyncStore.open(journal.file);
  server = await startServer();
});

test.afterAll(async () => {
  await stopProcess(server);
  store.close();
  journal.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a crew member opens the link on a phone, takes the job and checks in with the distance shown', async ({
  page,
}) => {
  const url = await dispatch('WO-0001');
  await open(page, url);
  await expect(page.locator('main')).toContainText('绍兴镜湖站');
  await expect(page.locator('main')).toContainText('绝缘故障');
  await expect(page.locator('.tier')).toHaveText('紧急');
  await page.locator('#member').selectOption(CREW_MEMBERS[1] as string);

  await page.getByRole('button', { name: '已接单' }).click();
  await expect(page.getByRole('status')).toContainText('已送达');
  await page.getByRole('button', { name: '已到场' }).click();
  await expect(page.getByRole('status')).toContainText('已送达 · 已到场');
  await expect(page.locator('.distance')).toHaveText('距站点 0.334 公里');
  await expect(page.locator('ol.taps li')).toHaveCount(2);
  await expect(page.locator('ol.taps')).toContainText(CREW_MEMBERS[1] as string);
  // Nothing wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: join(SHOTS, 'crew-page-360.png'), fullPage: true });

  // The outage application comes prefilled with the job.
  await page.getByRole('button', { name: '需要停运' }).click();
  await expect(page.locator('form.sheet')).toContainText('停运申请（已预填）');
  await expect(page.locator('#reason')).toHaveValue('unfixed-after-dispatch');
  await page.screenshot({ path: join(SHOTS, 'crew-page-outage-360.png'), fullPage: true });
});

test('the server is down while the crew taps arrived: the page says so, retries, and the tap is stored once', async ({
  page,
}) => {
  const url = await dispatch('WO-0002');
  await open(page, url);
  await stopProcess(server);
  server = null;

  await page.getByRole('button', { name: '已到场' }).click();
  await expect(page.getByRole('status')).toContainText('发送失败');
  await expect(page.locator('ol.taps li.pending')).toHaveCount(1);
  await page.screenshot({ path: join(SHOTS, 'crew-page-offline-360.png'), fullPage: true });
  const tappedBefore = Date.now();

  // The page keeps retrying with backoff (at most 30 s apart) until the server takes it.
  server = await startServer();
  await expect(page.getByRole('status')).toContainText('已送达', { timeout: 60_000 });
  await expect(page.locator('ol.taps li.pending')).toHaveCount(0);

  const state = CrewPageState.parse(await (await fetch(`${url}/state`)).json());
  expect(state.taps.map((t) => t.kind)).toEqual(['arrived']);
  // The arrival is when the crew tapped, not when the server came back.
  expect(state.taps[0]?.at).toBeLessThanOrEqual(tappedBefore);
});

test('a forged link shows a refusal and nothing to tap', async ({ page }) => {
  const response = await page.goto(`${serverUrl}/crew/${'x'.repeat(16)}.${'y'.repeat(43)}`);
  expect(response?.status()).toBe(401);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('链接无效');
  await expect(page.getByRole('button')).toHaveCount(0);
});
