import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { DAY_MS } from '../../shared/warning/model';
import { monthOf, writeHistory } from '../helpers/warning-history';
import { answerByKeyboard } from './keyboard-list';
import { signIn } from './sign-in';
import { type SimProcessDesk, startSimProcessDesk } from './sim-process-desk';

/**
 * Early warnings in a real browser against a headless desk whose passes run
 * in the built warnings worker: a month of history with one DC charger's
 * contact wearing is in its history.sqlite before it starts; the monitor
 * runs a pass (R), opens the warning, sees its evidence chart with the
 * expected band and opens a preventive work order (O) by keyboard.
 *
 * Then the monitor dismisses the other warning with a reason and the
 * month's report (F9) counts both: raised, acted on, dismissed.
 *
 * data-testids: tab-warnings, warnings-view, warn-list, warn-row (data-warning-id, data-detector,
 * data-status), warn-detail, warning-chart, warning-band, warn-advice, warn-workorder-dialog
 * (+ -reason, -confirm), warn-dismiss-dialog, warn-notice, reports-view, report-warnings,
 * report-warnings-<detector> (cells raised, acted, confirmed, dismissed), report-warnings-total.
 */
const ADMIN = { user: 'wang.fang', password: 'e2e correct horse battery' };

let running: SimProcessDesk;
let worn = '';

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1920, height: 1080 } });

test.beforeAll(async () => {
  running = await startSimProcessDesk('dutydesk-warn-e2e-', ADMIN, 38_000, {}, async (dir) => {
    const config = JSON.parse(readFileSync(join(dir, 'fleet.json'), 'utf8')) as {
      devices: { id: string; profile: string }[];
    };
    worn = config.devices.find((d) => d.profile === 'dc-120kw-dual')?.id ?? '';
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    writeHistory(dir, monthOf(worn, today, 22));
    return {};
  });
});

test.afterAll(async () => {
  await running?.stop();
});

test('a monitor opens a warning, sees its evidence and opens a preventive work order', async ({ page }) => {
  await page.goto(running.desk.url);
  await signIn(page, ADMIN);
  await page.keyboard.press('F10');
  const view = page.getByTestId('warnings-view');
  await expect(view).toBeVisible();
  await page.getByTestId('warn-scan').click();
  const row = view.locator(`[data-testid="warn-row"][data-detector="connector-thermal"]`);
  await expect(row).toBeVisible({ timeout: 60_000 });
  await row.click();
  const detail = page.getByTestId('warn-detail');
  await expect(detail).toBeVisible();
  await expect(detail.getByTestId('warning-chart').locator('svg')).toBeVisible();
  await expect(detail.getByTestId('warning-band')).toBeVisible();
  await expect(detail.getByTestId('warn-advice')).not.toBeEmpty();
  await page.screenshot({ path: 'docs/screenshot-warnings.png' });
  await answerByKeyboard(page, 'o', 'warn-workorder-dialog', 'Check and retighten gun 1 contact');
  await expect(page.getByTestId('warn-notice')).toContainText(/WO-/);
  await expect(row).toHaveAttribute('data-status', 'acted');
});

test('the month’s report counts the warnings raised, acted on and dismissed', async ({ page }) => {
  await page.goto(running.desk.url);
  await signIn(page, ADMIN);
  await page.keyboard.press('F10');
  const view = page.getByTestId('warnings-view');
  const insulation = view.locator(`[data-testid="warn-row"][data-detector="insulation-decline"]`);
  await expect(insulation).toBeVisible({ timeout: 30_000 });
  await insulation.click();
  await answerByKeyboard(page, 'd', 'warn-dismiss-dialog', 'Insulation sensor replaced on the last visit');
  await expect(insulation).toBeHidden();

  await page.keyboard.press('F9');
  await expect(page.getByTestId('reports-view')).toBeVisible();
  const panel = page.getByTestId('report-warnings');
  await expect(panel).toBeVisible({ timeout: 30_000 });
  const thermal = panel.getByTestId('report-warnings-connector-thermal');
  await expect(thermal.getByTestId('raised')).toHaveText('1', { timeout: 30_000 });
  await expect(thermal.getByTestId('acted')).toHaveText('1');
  await expect(thermal.getByTestId('dismissed')).toHaveText('0');
  const dismissed = panel.getByTestId('report-warnings-insulation-decline');
  await expect(dismissed.getByTestId('raised')).toHaveText('1');
  await expect(dismissed.getByTestId('acted')).toHaveText('0');
  await expect(dismissed.getByTestId('dismissed')).toHaveText('1');
  // The worn charger's two warnings are the month's only ones.
  await expect(panel.getByTestId('report-warnings-total')).toContainText(/^\D*2\s*1\s*0\s*1\s*$/);
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'docs/screenshot-report-warnings.png' });
});
