import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { ServerLink } from '../../electron/sync/server-link';
import { canonicalJson } from '../../shared/journal/canonical-json';
import { type NodeProcess, stopProcess } from '../helpers/processes';
import {
  prepareSyncDesk,
  SYNC_DESK_PORT,
  SYNC_SERVER_URL,
  startSyncDesk,
  startSyncServer,
} from './sync-server';

/**
 * The admin publishes the demo desk's roster, shifts and SLA presets to the
 * other desks from the sync panel, by keyboard, against a real sync server;
 * a revision another desk published meanwhile is refused with its number.
 *
 * data-testids: sync-indicator, sync-panel, shared-config-publish, shared-config-publish-dialog(-reason,
 *   -confirm, -error), shared-config-published, shared-config-notice
 */

const TOKEN = 'e2e-publish-desk-token-0123456789';
const OTHER_TOKEN = 'e2e-publish-other-token-9876543210';
const OTHER_ID = '01900000-0000-7000-8000-00000000a0b1';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const SHOTS = process.env.SCREENSHOT_DIR ?? 'test-results';

let dir: string;
let desk: NodeProcess;
let server: NodeProcess;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dutydesk-e2e-publish-'));
  const deskId = prepareSyncDesk(dir);
  server = await startSyncServer(dir, [
    { id: deskId, name: '越城值守台', token: TOKEN },
    { id: OTHER_ID, name: '柯桥值守台', token: OTHER_TOKEN },
  ]);
  desk = await startSyncDesk(dir, TOKEN);
});

test.afterAll(async () => {
  await stopProcess(desk);
  await stopProcess(server);
  rmSync(dir, { recursive: true, force: true });
});

/** Opens the sync panel and tabs to the publish action, as an operator at the keyboard does. */
async function openPublish(page: Page): Promise<void> {
  const indicator = page.getByTestId('sync-indicator');
  await expect(indicator).toHaveAttribute('data-state', 'ok', { timeout: 30_000 });
  await indicator.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sync-panel')).toBeVisible();
  const publish = page.getByTestId('shared-config-publish');
  for (let i = 0; i < 10 && !(await publish.evaluate((e) => e === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(publish).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('shared-config-publish-dialog')).toBeVisible();
}

test('the admin publishes by keyboard; a revision published meanwhile elsewhere is refused by number', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`http://127.0.0.1:${SYNC_DESK_PORT}/?lang=zh-CN`);

  await openPublish(page);
  const dialog = page.getByTestId('shared-config-publish-dialog');
  await expect(dialog).toContainText('第 0 版之后的新版本');
  await expect(page.getByTestId('shared-config-publish-dialog-reason')).toBeFocused();
  await page.keyboard.type('公司统一调度名册');
  await page.screenshot({ path: join(SHOTS, 'shared-config-publish-dialog.png') });
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  const published = page.getByTestId('shared-config-published');
  await expect(published).toContainText('已发布为第 1 版');
  await page.screenshot({ path: join(SHOTS, 'shared-config-published.png') });

  // The other desk sees revision 1 and publishes revision 2 on top of it.
  const other = new ServerLink({
    url: SYNC_SERVER_URL,
    token: OTHER_TOKEN,
    timeoutMs: 10_000,
  });
  const seen = await other.pull(0, 10, 0);
  expect(seen.config?.revision).toBe(1);
  const data = { sla: { default: 'shaoxing', presetByGroup: {} } };
  await other.publishConfig({ base: 1, data, hash: sha256(canonicalJson(data)) });

  // This desk pulls it and must review it before publishing again.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shared-config-notice')).toContainText('共享配置第 2 版待应用', {
    timeout: 30_000,
  });
  await openPublish(page);
  await page.getByTestId('shared-config-publish-dialog-reason').fill('再次发布');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('shared-config-publish-dialog-error')).toContainText(
    /^未能发布：.*revision 2 from the sync server is not applied here: review and apply it first/,
  );
  await page.screenshot({ path: join(SHOTS, 'shared-config-publish-refused.png') });
});
