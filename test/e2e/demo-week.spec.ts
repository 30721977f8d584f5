import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Locator, test } from '@playwright/test';
import { type HeadlessDesk, startHeadless, stopProcess } from '../helpers/processes';

/**
 * A newcomer's first start of the demo desk: the week before it is there on
 * the trends, the monthly report and the handover records, and every
 * screen says it is demo data. The desk runs as `npm run serve` runs it, on
 * a fresh data folder. Its fleet starts now (to the minute, Shaoxing time),
 * as a desk started without --at does: the desk's own clock (trend windows,
 * the shift in progress) is the real one, and the week must end where it
 * looks. Nothing checked depends on the hour: seven days always hold six
 * middays, and the month half a week back always holds half a week.
 */
const SHOTS = process.env.DEMO_WEEK_SHOTS ?? null;
const HOUR = 3_600_000;
const shaoxing = (ms: number) => new Date(ms + 8 * HOUR).toISOString();
const startMs = Math.floor(Date.now() / 60_000) * 60_000;
const START = `${shaoxing(startMs).slice(0, 16)}:00+08:00`;
const MONTH = shaoxing(startMs - 84 * HOUR).slice(0, 7);

let desk: HeadlessDesk;

test.beforeAll(async () => {
  const data = mkdtempSync(join(tmpdir(), 'dutydesk-e2e-week-'));
  desk = await startHeadless(['--data', data, '--seed', '7', '--at', START], {
    demoWeek: true,
    timeoutMs: 90_000,
  });
});
test.afterAll(async () => {
  await stopProcess(desk);
});

/** Points the chart's first line (the measured series; the clear-sky expectation comes second) draws. */
async function measuredPoints(chart: Locator): Promise<number> {
  const counts = await chart
    .locator('path.recharts-line-curve')
    .evaluateAll((paths) => paths.map((p) => (p.getAttribute('d') ?? '').match(/[ML]/g)?.length ?? 0));
  return counts[0] ?? 0;
}

test('the demo opens with its week on the trends, reports, handovers and work orders, marked as demo data; a reset is asked for with a typed phrase', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${desk.url}/?lang=en`);
  const band = page.getByRole('note', { name: /DEMO DATA/ });
  await expect(band).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('[data-device-id]').first()).toBeVisible({ timeout: 30_000 });

  // Trends: an inverter's last seven days, the desk sorting the written week into its rollups as it starts.
  const tile = page.locator('[data-device-id="sx01-pv1"]').first();
  await page.locator('body').press('2');
  await expect(tile).toBeVisible({ timeout: 30_000 });
  await tile.focus();
  await page.keyboard.press('t');
  await expect(page.getByTestId('tab-trends')).toHaveAttribute('aria-current', 'page');
  const chart = page.getByTestId('trend-device-chart');
  await page.keyboard.press('3');
  await expect(page.locator('[data-range]').nth(2)).toHaveAttribute('aria-pressed', 'true');
  await expect
    .poll(
      async () => {
        // The range asked again: the first answer may have come before the rollups caught up.
        await page.keyboard.press('2');
        await page.keyboard.press('3');
        await expect(page.locator('.trends__chart').first()).toHaveAttribute('data-state', 'ready', {
          timeout: 15_000,
        });
        return measuredPoints(chart);
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .toBeGreaterThan(300);
  await expect(band).toBeVisible();
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'demo-week-trends.png') });

  // Reports: the month's figures count the week's charging sessions.
  await page.locator('body').press('F9');
  await expect(page.getByTestId('reports-view')).toBeVisible();
  await page.getByTestId('report-month').fill(MONTH);
  const sessions = page.getByTestId('report-total-sessions');
  await expect
    .poll(async () => Number((await sessions.textContent())?.replace(/\D/g, '') || 0), { timeout: 30_000 })
    .toBeGreaterThan(200);
  await expect(band).toBeVisible();
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'demo-week-report.png') });

  // Handover: the week's shifts, signed by the outgoing lead and accepted by the incoming one.
  await page.locator('body').press('F4');
  await expect(page.getByTestId('handover-view')).toBeVisible();
  await page.getByTestId('handover-search-go').click();
  const results = page.getByTestId('handover-result');
  await expect.poll(() => results.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(12);
  await results.nth(3).click();
  const record = page.getByTestId('handover-record');
  await expect(record).toHaveAttribute('data-state', 'accepted', { timeout: 30_000 });
  await expect(record).toContainText(/李强|孙浩/);
  await expect(band).toBeVisible();
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'demo-week-handover.png') });

  // Work orders: the week's faults, closed by an acceptance.
  await page.locator('body').press('F7');
  await expect(page.getByTestId('workorders-view')).toBeVisible();
  await page.getByTestId('wo-filter-all').click();
  await expect
    .poll(() => page.locator('[data-testid="wo-row"][data-state="accepted"]').count(), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(4);
  await expect(band).toBeVisible();
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'demo-week-workorders.png') });

  // The sandbox's local admin may ask for the reset: a typed phrase and a reason, carried out at the next start.
  await page.locator('body').press('F2');
  await page.getByTestId('demo-reset-open').click();
  const dialog = page.getByTestId('demo-reset-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('demo-reset-phrase').fill('yes');
  await page.getByTestId('demo-reset-dialog-reason').fill('a clean demo for the new trainees');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('demo-reset-dialog-error')).toContainText('reset the demo');
  await page.getByTestId('demo-reset-phrase').fill('reset the demo');
  await page.getByTestId('demo-reset-dialog-confirm').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('demo-reset-requested')).toContainText('restart DutyDesk');
});
