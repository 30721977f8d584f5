import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { Journal } from '../../electron/store/journal';
import { type HeadlessDesk, startHeadless, stopProcess } from '../helpers/processes';

/**
 * The store indicator in the header and the integrity banner, on desks of
 * their own (the built-in demo fleet, so no sign-in) with prepared data folders.
 *
 * data-testids: store-indicator (data-tone = normal | warn | fault), store-panel, integrity-banner
 */

const actor = { user: 'zhang.wei', role: 'monitor' };

test.describe('local records in the header', () => {
  let dir = '';
  let desk: HeadlessDesk | undefined;
  test.beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dutydesk-e2e-store-'));
  });
  test.afterEach(async () => {
    await stopProcess(desk);
    rmSync(dir, { recursive: true, force: true });
  });

  test('an intact journal is a quiet grey note whose details open and close by keyboard', async ({
    page,
  }) => {
    desk = await startHeadless(['--data', join(dir, 'data')]);
    await page.goto(`${desk.url}/?lang=en`);
    const indicator = page.getByTestId('store-indicator');
    await expect(indicator).toHaveText(/Records intact/, { timeout: 30_000 });
    await expect(indicator).toHaveAttribute('data-tone', 'normal');
    await expect(page.getByTestId('integrity-banner')).toHaveCount(0);
    await indicator.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('store-panel');
    await expect(panel).toBeVisible();
    await expect(panel).toContainText('Hash chain');
    await expect(panel).toContainText(join(dir, 'data', 'demo', 'backups'));
    await page.screenshot({ path: 'test-results/store-panel.png' });
    await page.keyboard.press('Escape');
    await expect(panel).toBeHidden();
    await expect(indicator).toBeFocused();
  });

  test('a broken hash chain is a red banner naming the first broken event, in both languages', async ({
    page,
  }) => {
    const demo = join(dir, 'data', 'demo');
    mkdirSync(demo, { recursive: true });
    const journal = Journal.open(join(demo, 'journal.sqlite'));
    journal.appendMany(
      Array.from({ length: 40 }, (_, i) => ({ type: 't', subject: 's', data: { i }, actor })),
    );
    journal.close();
    const raw = new Database(join(demo, 'journal.sqlite'));
    raw.exec('DROP TRIGGER journal_no_update');
    raw.prepare('UPDATE journal SET reason = ? WHERE seq = 23').run('edited afterwards');
    raw.close();

    desk = await startHeadless(['--data', join(dir, 'data')]);
    await page.goto(`${desk.url}/?lang=en`);
    const banner = page.getByTestId('integrity-banner');
    await expect(banner).toContainText('the hash chain breaks at event 23', { timeout: 30_000 });
    await expect(banner).toContainText('Nothing was repaired');
    await expect(page.getByTestId('store-indicator')).toHaveAttribute('data-tone', 'fault');
    await expect(page.getByTestId('store-indicator')).toHaveText(/Record chain broken/);
    await page.screenshot({ path: 'test-results/store-broken-en.png' });
    await page.keyboard.press('l');
    await expect(banner).toContainText('第 23 条起哈希链断裂');
    await page.screenshot({ path: 'test-results/store-broken-zh.png' });
  });
});
