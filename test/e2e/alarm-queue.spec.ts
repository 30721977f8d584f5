import { expect, type Locator, type Page, test } from '@playwright/test';
import { simCommand } from '../helpers/processes';
import { selectByKeyboard } from './keyboard-list';
import { signIn } from './sign-in';
import { type SimProcessDesk, startSimProcessDesk } from './sim-process-desk';

/**
 * The alarm queue in a real browser, against a desk polling the simulated
 * fleet over Modbus TCP. The simulator runs as its own process, so faults
 * are injected the way a trainer does it: commands on its stdin
 * (`anomaly sx01-dc1 insulation-fault`, `offline sx03`).
 *
 * data-testids used here and by the renderer:
 *   tab-alarms, alarm-queue, alarm-list (the listbox), alarm-row (data-alarm-id, data-state,
 *   data-children, data-depth, aria-selected), alarm-group, alarm-sla (data-breached),
 *   alarm-shelf, alarm-notice, alarm-detail, alarm-clocks, flood-banner, unacked-<priority> (data-count),
 *   shelve-dialog, shelve-dialog-reason, shelve-dialog-error, alarm-filter-<state>
 */

const ADMIN = { user: 'wang.fang', password: 'e2e correct horse battery' };

let running: SimProcessDesk;
let baseUrl: string;

const simulate = (command: string) => simCommand(running.sim, command);

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1920, height: 1080 } });

test.beforeAll(async () => {
  running = await startSimProcessDesk('dutydesk-alarm-e2e-', ADMIN, 30_000);
  baseUrl = running.desk.url;
});

test.afterAll(() => running?.stop());

async function openQueue(page: Page): Promise<void> {
  await page.goto(`${baseUrl}/?lang=en`);
  await signIn(page, ADMIN);
  await page.keyboard.press('F3');
  await expect(page.getByTestId('alarm-queue')).toBeVisible();
  await expect(page.getByTestId('alarm-list')).toBeFocused();
}

function row(page: Page, alarmId: string): Locator {
  return page.locator(`[data-testid="alarm-row"][data-alarm-id="${alarmId}"]`);
}

/** Arrow keys down the list until the row is selected: what an operator does, no clicking. */
async function selectAlarm(page: Page, alarmId: string): Promise<void> {
  await selectByKeyboard(page, row(page, alarmId), alarmId);
}

test('acknowledge and shelve by keyboard only', async ({ page }) => {
  await openQueue(page);
  const id = 'sx01-dc1:insulationFault';
  await simulate('anomaly sx01-dc1 insulation-fault');
  const alarm = row(page, id);
  await expect(alarm).toHaveAttribute('data-state', 'active-unacknowledged', { timeout: 15_000 });
  await expect(alarm).toHaveAttribute('data-priority', 'critical');
  await expect(page.getByTestId('unacked-critical')).not.toHaveAttribute('data-count', '0');
  const criticalBefore = Number(await page.getByTestId('unacked-critical').getAttribute('data-count'));

  await selectAlarm(page, id);
  await page.keyboard.press('a');
  await expect(alarm).toHaveAttribute('data-state', 'active-acknowledged');
  await expect(alarm).toContainText(ADMIN.user);
  await expect(page.getByTestId('unacked-critical')).toHaveAttribute(
    'data-count',
    String(criticalBefore - 1),
  );

  await page.keyboard.press('s');
  const dialog = page.getByTestId('shelve-dialog');
  await expect(dialog).toBeVisible();
  // The chosen duration has focus; 2 picks the second choice (30 min).
  await page.keyboard.press('2');
  await expect(dialog.locator('[data-testid="shelve-choice"][data-selected="true"]')).toContainText('30 min');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('shelve-dialog-error')).toHaveText('Give a reason.');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('shelve-dialog-reason')).toBeFocused();
  await page.keyboard.type('e2e: crew already on the way');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('alarm-notice')).toContainText('Shelved until');
  // Shelved alarms leave the open queue (ISA-18.2 state E) and are listed under Shelved, with their end.
  await expect(alarm).toHaveCount(0);
  await expect(page.getByTestId('alarm-list')).toBeFocused();
  await page.getByTestId('alarm-filter-shelved').click();
  await expect(alarm).toHaveAttribute('data-state', 'shelved');
  await expect(alarm.getByTestId('alarm-shelf')).toHaveText(/^(\d\d-\d\d )?\d\d:\d\d$/);

  await page.getByTestId('alarm-list').focus();
  await selectAlarm(page, id);
  await page.keyboard.press('u');
  await expect(alarm).toHaveCount(0);
  await page.getByTestId('alarm-filter-open').click();
  await expect(alarm).toHaveAttribute('data-state', 'active-unacknowledged');
});

test('a fault storm raises the flood banner and the queue groups by station and cause', async ({ page }) => {
  await openQueue(page);
  // One alarm so far, from the test before: no flood yet.
  await expect(page.getByTestId('flood-banner')).toHaveCount(0);
  for (const n of [1, 2, 3, 4, 5, 6]) await simulate(`anomaly sx02-ac${n} ground-fault`);
  for (const n of [1, 2, 3, 4, 5]) await simulate(`anomaly sx04-ac${n} ground-fault`);

  const banner = page.getByTestId('flood-banner');
  await expect(banner).toBeVisible({ timeout: 30_000 });
  await expect(banner).toContainText(/Alarm flood since \d\d:\d\d: \d+ new in 10 min/);
  const groups = page.getByTestId('alarm-group');
  await expect(groups).toHaveCount(2, { timeout: 15_000 });
  await expect(groups.filter({ hasText: '6 alarms' })).toHaveCount(1);
  await expect(page.locator('[data-testid="alarm-row"][data-alarm-id$=":groundFault"]')).toHaveCount(0);

  // One work order for the whole group, dispatched to a crew of two, from the keyboard.
  const group = groups.filter({ hasText: '6 alarms' });
  await selectByKeyboard(page, group, 'the sx02 ground-fault group');
  await page.keyboard.press('d');
  const dispatch = page.getByTestId('dispatch-dialog');
  await expect(dispatch).toBeVisible();
  await expect(page.getByTestId('dispatch-title')).toBeFocused();
  await expect(page.getByTestId('dispatch-title')).not.toHaveValue('');
  await page.keyboard.press('Tab');
  await page.keyboard.type('张伟');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('dispatch-dialog-error')).toHaveText(
    'A dispatch needs at least 2 different people.',
  );
  await page.keyboard.type(', 李强');
  await page.keyboard.press('Enter');
  await expect(dispatch).toBeHidden();
  await expect(page.getByTestId('alarm-notice')).toHaveText(/^Work order \S+ dispatched: 张伟.{1,2}李强$/);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('alarm-detail')).toContainText('Work orders');
  await page.keyboard.press('Escape');
});

test('a station that goes offline is one parent row with its devices grouped under it', async ({ page }) => {
  await openQueue(page);
  await simulate('offline sx03');
  const parent = row(page, 'sx03:comms.station');
  await expect(parent).toBeVisible({ timeout: 30_000 });
  await expect(parent).toHaveAttribute('data-state', 'active-unacknowledged');
  // Six devices and the gateway they share, all lost with the station.
  await expect(parent.getByTestId('suppressed-count')).toHaveText('7 suppressed', { timeout: 15_000 });
  // None of them is a row of its own.
  await expect(page.locator('[data-testid="alarm-row"][data-alarm-id^="sx03-"]')).toHaveCount(0);

  await selectAlarm(page, 'sx03:comms.station');
  await page.keyboard.press('ArrowRight');
  const children = page.locator('[data-testid="alarm-row"][data-depth="1"]');
  await expect(children).toHaveCount(7);
  await expect(children.and(page.locator('[data-alarm-id$=":comms.device"]'))).toHaveCount(6);
  await expect(children.and(page.locator('[data-alarm-id$=":comms.gateway"]'))).toHaveCount(1);
  for (const state of await children.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')))) {
    expect(state).toBe('suppressed-by-design');
  }
  await page.keyboard.press('ArrowLeft');
  await expect(children).toHaveCount(0);
  await simulate('online sx03');
});

test('the SLA countdown renders and counts down, the detail pane shows the clocks, and a re-tier is recorded', async ({
  page,
}) => {
  await openQueue(page);
  const alarm = row(page, 'sx01-dc1:insulationFault');
  const sla = alarm.getByTestId('alarm-sla');
  await expect(sla).toHaveText(/^\d+:\d\d:\d\d$/, { timeout: 15_000 });
  await expect(sla).toHaveAttribute('data-breached', 'false');
  const seconds = (text: string | null) => {
    const [h = 0, m = 0, s = 0] = (text ?? '').split(':').map(Number);
    return h * 3600 + m * 60 + s;
  };
  const first = seconds(await sla.textContent());
  // Emergency tier under the service commitment: plan within 4 h is the nearest deadline.
  expect(first).toBeGreaterThan(3 * 3600);
  expect(first).toBeLessThanOrEqual(4 * 3600);
  await expect.poll(async () => seconds(await sla.textContent()), { timeout: 5000 }).toBeLessThan(first);

  await selectAlarm(page, 'sx01-dc1:insulationFault');
  await page.keyboard.press('Enter');
  const detail = page.getByTestId('alarm-detail');
  await expect(detail).toHaveAttribute('data-alarm-id', 'sx01-dc1:insulationFault');
  await expect(detail.getByTestId('alarm-clocks')).toContainText('Plan given');
  await expect(detail.getByTestId('alarm-clocks')).toContainText('Progress report');
  // Each clock's seed sentence comes from the texts the page fetched once (sla.rules), not from the record.
  await expect(detail.getByTestId('clock-basis').first()).toHaveText(
    'Basis: 000 故障处理时效承诺: 重大故障，接到报警后 4 小时内启动应急抢修预案',
  );
  await expect(sla).toHaveAttribute('title', /重大故障，接到报警后 4 小时内启动应急抢修预案/);
  await detail.screenshot({ path: 'test-results/alarm-detail-basis.png' });
  await expect(detail.getByTestId('alarm-live')).toBeVisible();
  await page.screenshot({ path: 'docs/screenshot-alarms.png' });

  // Re-tier by keyboard: the reason lands in the alarm's tier history, and the clocks follow the new tier.
  await page.keyboard.press('t');
  const retier = page.getByTestId('retier-dialog');
  await expect(retier).toBeVisible();
  await page.keyboard.press('2');
  await expect(retier.locator('[data-testid="retier-choice"][data-selected="true"]')).toHaveText(/On site/);
  await page.keyboard.press('Tab');
  await page.keyboard.type('e2e: crew confirms a site visit is enough');
  await page.keyboard.press('Enter');
  await expect(retier).toBeHidden();
  await expect(alarm).toHaveAttribute('data-tier', 'on-site');
  await expect(detail.getByTestId('tier-changes')).toContainText('Emergency → On site: e2e: crew confirms');
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
});

test("the detail pane shows the device's last hours from the engine's history, recorded before the page opened", async ({
  page,
}) => {
  // The desk has been polling the fleet since the first test; this page has seen none of it.
  const openedAt = Date.now();
  await openQueue(page);
  await selectAlarm(page, 'sx01-dc1:insulationFault');
  await page.keyboard.press('Enter');
  const detail = page.getByTestId('alarm-detail');
  await expect(detail).toHaveAttribute('data-alarm-id', 'sx01-dc1:insulationFault');
  const trends = detail.getByTestId('alarm-trends');
  await expect(trends).toBeVisible({ timeout: 15_000 });
  await expect(detail).toContainText('Trend, last 6 h');
  const from = Number(await trends.getAttribute('data-from'));
  const to = Number(await trends.getAttribute('data-to'));
  expect(to - from).toBe(6 * 3_600_000 + 1);
  const lines = trends.locator('li');
  expect(await lines.count()).toBeGreaterThan(0);
  expect(await lines.count()).toBeLessThanOrEqual(4);
  const first = await lines.evaluateAll((items) =>
    items.map((li) => ({
      first: Number(li.getAttribute('data-first')),
      points: Number(li.getAttribute('data-points')),
      drawn: li.querySelector('polyline')?.getAttribute('points')?.split(' ').length ?? 0,
    })),
  );
  for (const line of first) {
    // Readings older than this page: they can only have come from the engine's store.
    expect(line.first).toBeLessThan(openedAt);
    expect(line.first).toBeGreaterThanOrEqual(from);
    expect(line.points).toBeGreaterThanOrEqual(2);
    expect(line.drawn).toBe(line.points);
  }
  await page.keyboard.press('Escape');
});

test('an SLA clock that runs out turns its row visibly breached', async ({ page }) => {
  // The page's clock is the one the countdown reads; moving it on is the controllable clock of this test.
  await page.clock.install();
  await openQueue(page);
  const id = 'sx06-dc1:insulationFault';
  await simulate('anomaly sx06-dc1 insulation-fault');
  const alarm = row(page, id);
  const sla = alarm.getByTestId('alarm-sla');
  await expect(sla).toHaveText(/^\d+:\d\d:\d\d$/, { timeout: 15_000 });
  await expect(sla).toHaveAttribute('data-breached', 'false');
  const calm = await sla.evaluate((el) => getComputedStyle(el).backgroundColor);
  await selectAlarm(page, id);
  await page.keyboard.press('Enter');
  const plan = page.getByTestId('alarm-detail').locator('[data-clock="plan"]');
  await expect(plan).toHaveAttribute('data-state', 'running');

  // Emergency under the service commitment: the plan is due within 4 h. Five minutes past it
  // (the desk locks itself meanwhile, idle for hours; the queue behind the lock keeps updating):
  await page.clock.fastForward('04:05:00');
  await expect(sla).toHaveAttribute('data-breached', 'true');
  // Marked, and counting how late it is (a little over the five minutes).
  await expect(sla).toHaveText(/^▲ −0:0[5-9]:\d\d$/);
  // Out of the grey: the breached cell has a colour of its own.
  expect(await sla.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(calm);
  await expect(plan).toHaveAttribute('data-state', 'breached');
  await simulate('clear sx06-dc1');
});
