import { join } from 'node:path';
import { expect, type Locator, type Page, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { Journal } from '../../electron/store/journal';
import type { JournalEvent } from '../../shared/journal/event';
import { simCommand } from '../helpers/processes';
import { callDesk } from './contract';
import { selectByKeyboard } from './keyboard-list';
import { signIn } from './sign-in';
import { type SimProcessDesk, startSimProcessDesk } from './sim-process-desk';
import { expectTimeline } from './timeline';

/**
 * Work orders and applications in a real browser, against a desk polling
 * the simulated fleet over Modbus TCP (the simulator its own process, faults
 * injected on its stdin as a trainer does). A monitor opens and dispatches a
 * work order from the alarm, then checks the crew in, reports, resolves and
 * accepts it from the keyboard; the timeline is checked against the journal
 * file itself. An outage the monitor files is approved by a shift lead, and
 * the device's alarm goes out of service and leaves the availability count.
 *
 * data-testids: tab-workorders, workorders-view, wo-list, wo-row (data-wo-id, data-state),
 * wo-detail, wo-detail-state, wo-timeline (li[data-step][data-journal-id]), wo-action-<action>
 * (data-blocked), wo-<action>-dialog (+ -crew, -time, -note, -reason, -error), wo-notice,
 * wo-filter-<filter>, tab-applications, applications-view, app-list, app-row (data-app-id,
 * data-state), app-detail, app-action-<action>, app-file-dialog (+ -station, -device, -note),
 * app-<action>-dialog, app-notice, app-lead-only, wb-excluded.
 */

const ADMIN = { user: 'wang.fang', password: 'e2e correct horse battery' };
const MONITOR = { user: 'zhou.min', password: 'day-shift-monitor-pass' };
const LEAD = { user: 'li.qiang', password: 'day-shift-lead-pass' };

let running: SimProcessDesk;
let baseUrl: string;

const simulate = (command: string) => simCommand(running.sim, command);

/** The journal file itself, read beside the running desk (WAL: readers do not block it). */
/** The desk's journal events of one subject, read from its file as the verify command would. */
function journalOf(subject: string): JournalEvent[] {
  const db = new Database(join(running.dir, 'journal.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return new Journal(db).read({ subject });
  } finally {
    db.close();
  }
}

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1920, height: 1080 } });

test.beforeAll(async () => {
  running = await startSimProcessDesk('dutydesk-wo-e2e-', ADMIN, 36_000);
  baseUrl = running.desk.url;
  await callDesk(
    running.desk.port,
    [
      ['account.create', { ...MONITOR, role: 'monitor', reason: 'day shift monitor for the e2e' }],
      ['account.create', { ...LEAD, role: 'shift-lead', reason: 'day shift lead for the e2e' }],
    ],
    ADMIN,
  );
});

test.afterAll(() => running?.stop());

async function signInAs(page: Page, who: { user: string; password: string }): Promise<void> {
  await signIn(page, who);
  await expect(page.getByTestId('session-user')).toHaveText(who.user);
}

async function switchUser(page: Page, who: { user: string; password: string }): Promise<void> {
  await page.getByTestId('auth-menu').locator('summary').click();
  await page.getByTestId('auth-switch').click();
  await signInAs(page, who);
}

function alarmRow(page: Page, alarmId: string): Locator {
  return page.locator(`[data-testid="alarm-row"][data-alarm-id="${alarmId}"]`);
}

const ALARM = 'sx01-dc1:insulationFault';

test('a work order from the alarm: dispatched, checked in, reported, resolved and accepted by keyboard, every step in the journal', async ({
  page,
}) => {
  await page.goto(`${baseUrl}/?lang=en`);
  await signInAs(page, MONITOR);
  await page.keyboard.press('F3');
  await expect(page.getByTestId('alarm-list')).toBeFocused();
  await simulate('anomaly sx01-dc1 insulation-fault');
  const alarm = alarmRow(page, ALARM);
  await expect(alarm).toBeVisible({ timeout: 15_000 });

  // From the alarm: a work order dispatched to a crew of two.
  await selectByKeyboard(page, alarm, ALARM);
  await page.keyboard.press('d');
  await expect(page.getByTestId('dispatch-title')).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.type('张伟, 李强');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('alarm-notice')).toHaveText(/^Work order (WO-\d+) dispatched/);
  const id = /(WO-\d+)/.exec((await page.getByTestId('alarm-notice').textContent()) ?? '')?.[1] ?? '';

  // F7: the work orders, the open one selected, the list focused.
  await page.keyboard.press('F7');
  await expect(page.getByTestId('workorders-view')).toBeVisible();
  await expect(page.getByTestId('wo-list')).toBeFocused();
  const order = page.locator(`[data-testid="wo-row"][data-wo-id="${id}"]`);
  await expect(order).toHaveAttribute('data-state', 'dispatched');
  await expect(order).toContainText('张伟');
  await selectByKeyboard(page, order, id);
  const detail = page.getByTestId('wo-detail');
  await expect(detail).toHaveAttribute('data-wo-id', id);
  // Only what the state machine allows now is offered: no resolution before the check-in.
  await expect(detail.getByTestId('wo-action-arrive')).toBeEnabled();
  await expect(detail.getByTestId('wo-action-resolve')).toHaveAttribute('data-blocked', 'state');
  await expect(detail.getByTestId('wo-action-accept')).toBeDisabled();
  await page.keyboard.press('r');
  await expect(page.getByTestId('wo-notice')).toHaveText(
    'Resolve: not possible while the work order is Dispatched.',
  );

  // A: check-in; the time field has focus and defaults to now.
  await page.keyboard.press('a');
  await expect(page.getByTestId('wo-arrive-dialog-time')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('wo-arrive-dialog')).toHaveCount(0);
  await expect(order).toHaveAttribute('data-state', 'on-site');
  await expect(page.getByTestId('wo-list')).toBeFocused();

  // P: a progress report; 2 picks the second kind, Enter without a note is refused in place.
  await page.keyboard.press('p');
  const report = page.getByTestId('wo-report-dialog');
  await page.keyboard.press('2');
  await expect(report.locator('[data-testid="wo-report-choice"][data-selected="true"]')).toContainText(
    'Progress report',
  );
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('wo-report-dialog-error')).toHaveText('Give a reason.');
  await page.keyboard.press('Tab');
  await page.keyboard.type('e2e: module ordered, on site in 30 min');
  await page.keyboard.press('Enter');
  await expect(report).toHaveCount(0);

  // R: resolved, with what was done.
  await page.keyboard.press('r');
  await expect(page.getByTestId('wo-resolve-dialog-reason')).toBeFocused();
  await page.keyboard.type('e2e: insulation module replaced, tested on site');
  await page.keyboard.press('Enter');
  await expect(order).toHaveAttribute('data-state', 'resolved');
  await page.screenshot({ path: 'docs/screenshot-workorders.png' });

  // C: accepted by the monitor, who was not on the crew: the loop is closed and the order leaves the open list.
  await page.keyboard.press('c');
  await expect(page.getByTestId('wo-accept-dialog-note')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('wo-notice')).toHaveText(`Work order ${id} accepted: loop closed`);
  await expect(order).toHaveCount(0);
  await page.keyboard.press('3');
  await expect(order).toHaveAttribute('data-state', 'accepted');
  await selectByKeyboard(page, order, id);

  const steps = await expectTimeline(detail, [
    'created',
    'dispatched',
    'arrived',
    'reported',
    'resolved',
    'accepted',
  ]);
  await expect(steps.nth(3)).toContainText('Progress report — e2e: module ordered');
  await expect(steps.nth(4)).toContainText('insulation module replaced');
  // Each line is one journal event of this work order, in order, by the monitor.
  const journal = journalOf(id);
  const shown = await steps.evaluateAll((li) => li.map((l) => l.getAttribute('data-journal-id')));
  expect(journal.map((e) => e.id)).toEqual(shown);
  expect(journal.map((e) => e.type)).toEqual([
    'workorder.created',
    'workorder.dispatched',
    'workorder.arrived',
    'workorder.reported',
    'workorder.resolved',
    'workorder.accepted',
  ]);
  expect(new Set(journal.map((e) => e.actor.user))).toEqual(new Set([MONITOR.user]));
  for (const step of await steps.all()) await expect(step).toContainText(MONITOR.user);
  for (const action of ['dispatch', 'arrive', 'resolve', 'accept', 'cancel', 'outage'])
    await expect(detail.getByTestId(`wo-action-${action}`)).toBeDisabled();
});

test('an outage the monitor files waits for the shift lead; approved, the device is out of service and out of availability until resumed', async ({
  page,
}) => {
  await page.goto(`${baseUrl}/?lang=en`);
  await signInAs(page, MONITOR);
  await page.keyboard.press('F8');
  await expect(page.getByTestId('applications-view')).toBeVisible();
  await expect(page.getByTestId('app-list')).toBeFocused();

  await page.keyboard.press('n');
  const file = page.getByTestId('app-file-dialog');
  await expect(file).toBeVisible();
  // The kind has focus; the outage is the first and already chosen.
  await expect(file.locator('input[name="app-kind"][value="outage"]')).toBeFocused();
  await page.getByTestId('app-file-station').selectOption('sx01');
  await page.getByTestId('app-file-device').selectOption('sx01-dc1');
  await page.getByTestId('app-reason-distribution-maintenance').check();
  await page.getByTestId('app-file-note').focus();
  await page.keyboard.type('e2e: 10 kV feeder maintenance, notice from the utility');
  await page.keyboard.press('Enter');
  await expect(file).toHaveCount(0);
  await expect(page.getByTestId('app-notice')).toHaveText(/^Application (AP-\d+) filed/);
  const id = /(AP-\d+)/.exec((await page.getByTestId('app-notice').textContent()) ?? '')?.[1] ?? '';
  const row = page.locator(`[data-testid="app-row"][data-app-id="${id}"]`);
  await expect(row).toHaveAttribute('data-state', 'applied');
  await expect(row).toContainText('Distribution maintenance');

  // A monitor may not approve: the button is greyed, the key says why.
  await selectByKeyboard(page, row, id);
  await expect(page.getByTestId('app-action-approve')).toHaveAttribute('data-blocked', 'permission');
  await expect(page.getByTestId('app-lead-only')).toBeVisible();
  await page.keyboard.press('y');
  await expect(page.getByTestId('app-notice')).toHaveText(
    'Only a shift lead (a role that may approve) approves or rejects.',
  );

  await switchUser(page, LEAD);
  await selectByKeyboard(page, row, id);
  await page.keyboard.press('y');
  await expect(page.getByTestId('app-approve-dialog-note')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('app-notice')).toHaveText(`Application ${id} approved`);
  await expect(row).toHaveAttribute('data-state', 'approved');
  await expect(page.locator('[data-section="in-force"]').locator(`[data-app-id="${id}"]`)).toContainText(
    'until resumed',
  );
  await page.screenshot({ path: 'docs/screenshot-applications.png' });

  // The alarm of the device is out of service (ISA-18.2 state O), listed under All.
  await page.keyboard.press('F3');
  await page.getByTestId('alarm-filter-all').click();
  await expect(alarmRow(page, ALARM)).toHaveAttribute('data-state', 'out-of-service', { timeout: 15_000 });

  // The wallboard leaves the device out of the availability count.
  const board = await page.context().newPage();
  await board.goto(`${baseUrl}/?view=wallboard&lang=en&rotate=1`);
  await expect(board.getByTestId('wb-excluded')).toHaveAttribute('data-count', '1', { timeout: 15_000 });
  await board.close();

  // R: the resume is filed; once the lead approves it the outage has ended and the alarm is back.
  await page.keyboard.press('F8');
  await selectByKeyboard(page, row, id);
  await page.keyboard.press('r');
  await expect(page.getByTestId('app-resume-dialog-note')).toBeFocused();
  await page.keyboard.type('e2e: feeder back');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('app-notice')).toHaveText(/^Resume (AP-\d+) for outage/);
  const resumeId = /(AP-\d+)/.exec((await page.getByTestId('app-notice').textContent()) ?? '')?.[1] ?? '';
  const resume = page.locator(`[data-testid="app-row"][data-app-id="${resumeId}"]`);
  await selectByKeyboard(page, resume, resumeId);
  await page.keyboard.press('y');
  await expect(page.getByTestId('app-approve-dialog-note')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(row).toHaveAttribute('data-state', 'ended');
  await expect(resume).toHaveAttribute('data-state', 'approved');
  await page.keyboard.press('F3');
  await expect(alarmRow(page, ALARM)).not.toHaveAttribute('data-state', 'out-of-service', {
    timeout: 15_000,
  });
  expect(journalOf(id).map((e) => [e.type, e.actor.user])).toEqual([
    ['application.filed', MONITOR.user],
    ['application.approved', LEAD.user],
    ['application.ended', LEAD.user],
  ]);
});
