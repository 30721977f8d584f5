import { expect, type Locator, test } from '@playwright/test';
import type { TrainingDesk } from '../../electron/training/desk';
import { type DrillDesk, startDrillDesk } from '../helpers/drill-desk';

/**
 * A ×60 drill seen in a browser (issue 18): the screens count on the drill's
 * clock, which starts at the scenario's 02:10 and runs an hour a minute, not
 * on the browser's. The SLA countdown of the smoke alarm is its deadline
 * less the desk's time — never months overdue against today's date — the
 * header's clock reads the drill's night, and the wallboard carries the
 * DRILL band and no demo marking.
 */

const ALARM = 'sx01-dc1:smokeDetected';
const MIN = 60_000;
/** A screen re-reads the clock every 250 ms real, and resyncs every 5 s: at ×60, well under a desk minute. */
const SLACK_MS = 2 * MIN;

let drill: DrillDesk;
let desk: TrainingDesk;

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1920, height: 1080 } });

test.beforeAll(async () => {
  drill = await startDrillDesk({ scenario: 'drill-carport-smoke-night', scale: 60, trainees: ['wang.fang'] });
  desk = drill.desk;
});

test.afterAll(() => drill?.stop());

/** "3:52:10" or "▲ −0:05:00" as ms. */
function countdownMs(text: string): number {
  const m = /(−?)(\d+):(\d\d):(\d\d)/.exec(text);
  if (!m) throw new Error(`not a countdown: ${text}`);
  const ms = ((Number(m[2]) * 60 + Number(m[3])) * 60 + Number(m[4])) * 1000;
  return m[1] ? -ms : ms;
}

/** The time the screen counted the SLA cell from: its deadline less the countdown it shows, bracketed by the desk's clock. */
async function screenTimeOf(sla: Locator): Promise<{ before: number; shown: number; after: number }> {
  const before = desk.clock.now();
  const [text, deadline] = await Promise.all([sla.textContent(), sla.getAttribute('data-deadline')]);
  const after = desk.clock.now();
  return { before, shown: Number(deadline) - countdownMs(text ?? ''), after };
}

test('a ×60 drill counts its SLA down on the drill’s clock, and the header reads the drill’s night', async ({
  page,
}) => {
  await page.goto(`${drill.bridge.url}/?lang=zh-CN`);
  await expect(page.getByRole('status', { name: '演练 DRILL' })).toContainText('时间 ×60');
  // A drill runs on the demo's simulated fleet, but it is not the demo: no demo tag, no demo band.
  await expect(page.locator('.topbar__brand .tag')).toHaveCount(0);
  await expect(page.getByRole('note', { name: /演示数据/ })).toHaveCount(0);
  // The drill started at 02:10 on 14 July 2026 in Shaoxing; whatever the date here, the header says so.
  await expect(page.getByTestId('clock').locator('.clock__date')).toContainText('2026-07-14');

  await page.keyboard.press('F3');
  const alarm = page.locator(`[data-testid="alarm-row"][data-alarm-id="${ALARM}"]`);
  await expect(alarm).toHaveAttribute('data-state', 'active-unacknowledged', { timeout: 60_000 });
  const sla = alarm.getByTestId('alarm-sla');
  await expect(sla).toHaveText(/^\d+:\d\d:\d\d$/);
  await expect(sla).toHaveAttribute('data-breached', 'false');

  const first = await screenTimeOf(sla);
  expect(first.shown).toBeGreaterThanOrEqual(first.before - SLACK_MS);
  expect(first.shown).toBeLessThanOrEqual(first.after + SLACK_MS);
  // The alarm is minutes old on the drill's clock, not months against the browser's.
  await expect(alarm.locator('.arow__age')).toHaveText(/^(\d+s|\d+m|\dh\d\dm)$/);
  await page.screenshot({ path: 'test-results/drill-clock-alarms.png' });

  // It keeps counting at the drill's pace: ten more desk minutes pass and the countdown follows them.
  const target = desk.clock.now() + 10 * MIN;
  await expect.poll(() => desk.clock.now() >= target, { timeout: 60_000 }).toBe(true);
  await expect
    .poll(async () => (await screenTimeOf(sla)).shown, { timeout: 15_000 })
    .toBeGreaterThanOrEqual(first.shown + 9 * MIN);
  const later = await screenTimeOf(sla);
  expect(later.shown).toBeGreaterThanOrEqual(later.before - SLACK_MS);
  expect(later.shown).toBeLessThanOrEqual(later.after + SLACK_MS);
});

test('the wallboard of a drill desk carries the DRILL band and the drill’s time', async ({ page }) => {
  await page.goto(`${drill.bridge.url}/?view=wallboard&lang=zh-CN`);
  const board = page.getByTestId('wallboard');
  await expect(board).toBeVisible();
  const band = board.getByRole('status', { name: '演练 DRILL' });
  await expect(band).toContainText('夜间光伏车棚烟感报警');
  await expect(band).toContainText('时间 ×60');
  await expect(board.getByRole('note', { name: /演示数据/ })).toHaveCount(0);
  await expect(board.locator('.wallboard__clock')).toContainText('2026-07-14');
  await page.screenshot({ path: 'test-results/drill-clock-wallboard.png' });
});
