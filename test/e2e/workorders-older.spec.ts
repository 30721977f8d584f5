import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { generateDeskYears } from '../../bench/five-year';
import { configOf } from '../../bench/years-start';
import { type HeadlessDesk, startHeadless, stopProcess } from '../helpers/processes';
import { signIn } from './sign-in';

/**
 * A desk with months of closed work orders (bench/five-year.ts, one station,
 * a year ending before the current month): the work-order screen loads
 * the open orders and the last week's closed ones, and pages older closed
 * orders in when the operator asks. The months are placed before the current
 * month of the machine's clock, which the desk runs on, so every run sees
 * closed orders older than a week whatever the date.
 *
 * data-testids: tab-workorders, wo-filter-closed, wo-older, wo-notice, wo-list, wo-row.
 */

const ADMIN = { user: 'wang.fang', password: 'e2e correct horse battery' };

let dir = '';
let desk: HeadlessDesk | undefined;

test.use({ viewport: { width: 1920, height: 1080 } });

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dutydesk-e2e-older-'));
  const now = new Date();
  const endMonth = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const made = await generateDeskYears({
    stations: 1,
    months: 12,
    endMonth,
    seed: 16,
    sampleEveryHours: 24,
    dir,
  });
  const config = join(dir, 'stations.json');
  // Nothing listens on these ports: the wall shows the devices comm-lost, which this spec does not look at.
  writeFileSync(config, JSON.stringify(configOf(made, 1)));
  desk = await startHeadless(['--config', config, '--data', dir], {
    env: {
      DUTYDESK_LOG_LEVEL: 'error',
      DUTYDESK_ADMIN_USER: ADMIN.user,
      DUTYDESK_ADMIN_PASSWORD: ADMIN.password,
    },
  });
});

test.afterAll(async () => {
  await stopProcess(desk);
  rmSync(dir, { recursive: true, force: true });
});

const shown = async (text: Promise<string>) => Number(/(\d+) shown/.exec(await text)?.[1]);

test('older closed work orders page in on request, and the count says how many are left', async ({
  page,
}) => {
  await page.goto(`${desk?.url}/?lang=en`);
  await signIn(page, ADMIN);
  await page.keyboard.press('F7');
  const count = page.locator('.view--workorders .filters__count');
  await expect(count).toContainText('shown');
  await page.keyboard.press('2');
  const older = page.getByTestId('wo-older');
  await expect(older).toBeVisible();
  const before = await shown(count.textContent() as Promise<string>);
  const left = Number(/\((\d+) left\)/.exec((await older.textContent()) ?? '')?.[1]);
  // A year of one station's orders: more than a page.
  expect(left).toBeGreaterThan(200);
  // The total counts the orders not loaded yet.
  await expect(count).toContainText(`${before + left} in all`);
  await older.click();
  await expect(page.getByTestId('wo-notice')).toContainText('200 older work orders loaded');
  expect(await shown(count.textContent() as Promise<string>)).toBe(before + 200);
  await expect(older).toContainText(`(${left - 200} left)`);
  await expect(count).toContainText(`${before + left} in all`);
  // Newest first: the first order paged in sits right after the recent ones, the list stays keyboard-driven.
  await expect(page.getByTestId('wo-row').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/workorders-older.png' });
  // The open filter has nothing to page.
  await page.keyboard.press('1');
  await expect(older).toHaveCount(0);
});
