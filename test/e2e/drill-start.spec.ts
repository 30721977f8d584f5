import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { type HeadlessDesk, startHeadless, stopProcess } from '../helpers/processes';
import { callDesk } from './contract';
import { answerByKeyboard, selectByKeyboard } from './keyboard-list';
import { signIn } from './sign-in';

/**
 * A shift lead runs a drill from the desk's own Drills view by keyboard
 * only: Y opens it, N starts the gateway drill for a named trainee at ×60,
 * the trainee signs in on the training desk's own address as themselves,
 * acknowledges, and the lead ends the drill with remarks (E); the records
 * section (3) then shows the trainee's drill against the pass mark.
 *
 * data-testids: drills-view (data-section), drill-scenario-row (data-scenario), drill-start-dialog,
 * drill-start-trainees, drill-start-speed, drill-running-row, drill-url, drill-end-dialog,
 * drill-record-row (data-trainee, data-status), drill-record-drill, drills-notice.
 */
const ADMIN = { user: 'admin', password: 'e2e drill admin password' };
const LEAD = { user: 'li.qiang', password: 'e2e drill lead password', role: 'shift-lead' };
const TRAINEE = { user: 'zhao.min', password: 'e2e drill trainee password', role: 'monitor' };
const ALARM = 'sx03:comms.station';

let desk: HeadlessDesk;
let dir: string;

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1920, height: 1080 } });

/** The desk on its data folder, started again on the same one when a test restarts it. */
const openDesk = () =>
  startHeadless(['--accounts', '--data', dir], {
    stderr: 'inherit',
    env: {
      DUTYDESK_LOG_LEVEL: 'error',
      DUTYDESK_ADMIN_USER: ADMIN.user,
      DUTYDESK_ADMIN_PASSWORD: ADMIN.password,
    },
  });

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dutydesk-drill-start-e2e-'));
  desk = await openDesk();
  await callDesk(
    desk.port,
    [LEAD, TRAINEE].map((a) => ['account.create', { ...a, reason: 'drill e2e' }] as const),
    ADMIN,
  );
});

test.afterAll(async () => {
  await stopProcess(desk);
  rmSync(dir, { recursive: true, force: true });
});

/** The trainee's own step on the training desk, over its contract: the alarm is acknowledged once it is up. */
async function acknowledge(port: number): Promise<void> {
  for (let tries = 0; tries < 120; tries++) {
    const [list] = (await callDesk(port, [['alarms.list', {}]])) as [{ alarms: { id: string }[] }];
    if (list.alarms.some((a) => a.id === ALARM)) {
      await callDesk(port, [['alarm.ack', { id: ALARM }]], {
        user: TRAINEE.user,
        password: TRAINEE.password,
      });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${ALARM} never came up on the training desk`);
}

test('a shift lead starts a drill from the Drills view, the trainee signs in there, the record follows', async ({
  page,
  context,
}) => {
  await page.goto(`${desk.url}/?lang=en`);
  await signIn(page, LEAD);
  await page.keyboard.press('y');
  const view = page.getByTestId('drills-view');
  await expect(view).toBeVisible();
  const row = view.locator('[data-testid="drill-scenario-row"][data-scenario="drill-gateway-comms-loss"]');
  await expect(row).toBeVisible();
  await selectByKeyboard(page, row);
  await expect(page.getByTestId('drill-scenario-detail')).toContainText('Didang Lake Park');
  await page.screenshot({ path: 'docs/screenshot-drills.png' });
  await page.keyboard.press('l');
  await expect(page.getByTestId('drill-scenario-detail')).toContainText('迪荡湖公园');
  await page.screenshot({ path: 'docs/screenshot-drills-zh.png' });
  await page.keyboard.press('l');

  await page.keyboard.press('n');
  const dialog = page.getByTestId('drill-start-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('drill-start-trainees')).toBeFocused();
  await page.keyboard.type(TRAINEE.user);
  await page.keyboard.press('Tab');
  await page.keyboard.press('3');
  await expect(dialog.locator('[data-testid="drill-start-speed"][data-speed="60"]')).toHaveAttribute(
    'data-selected',
    'true',
  );
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden({ timeout: 60_000 });
  await expect(view).toHaveAttribute('data-section', 'running');
  const running = view.getByTestId('drill-running-row');
  await expect(running).toHaveCount(1);
  const url = (await page.getByTestId('drill-url').textContent()) ?? '';
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  await page.screenshot({ path: 'docs/screenshot-drills-running.png' });

  // The trainee opens the training desk's address and signs in with their own password, as a monitor.
  const trainee = await context.newPage();
  await trainee.goto(`${url}?lang=en`);
  await signIn(trainee, TRAINEE);
  await expect(trainee.getByRole('status', { name: 'DRILL 演练' })).toContainText('trainees: zhao.min');
  await expect(trainee.getByTestId('session-user')).toHaveText(TRAINEE.user);
  await expect(trainee.getByTestId('session-role')).toHaveAttribute('data-role', 'monitor');
  await acknowledge(Number(new URL(url).port));
  await trainee.close();

  await answerByKeyboard(page, 'e', 'drill-end-dialog', 'acknowledged in time; no crew sent', 60_000);
  await expect(page.getByTestId('drills-notice')).toContainText(`Drill ended: ${TRAINEE.user}`);
  await expect(running).toHaveCount(0);

  await page.keyboard.press('3');
  const record = view.locator(`[data-testid="drill-record-row"][data-trainee="${TRAINEE.user}"]`);
  await expect(record).toBeVisible();
  await expect(record).toHaveAttribute('data-status', 'uncertified');
  await expect(record).toContainText('0 / 1');
  await selectByKeyboard(page, record);
  const drills = page.getByTestId('drill-record-drill');
  await expect(drills).toHaveCount(1);
  await expect(drills.first()).toContainText('Gateway comms loss at one site');
  await expect(drills.first()).toContainText('failed');
  await page.screenshot({ path: 'docs/screenshot-drills-records.png' });

  const download = page.waitForEvent('download');
  await page.keyboard.press('x');
  expect((await download).suggestedFilename()).toBe('training-records.xlsx');
});

test('a drill running when the desk restarts is shown abandoned, under Running and in the trainee’s records', async ({
  page,
}) => {
  const [started] = (await callDesk(
    desk.port,
    [['drill.start', { scenario: 'drill-carport-smoke-night', trainees: [TRAINEE.user], speed: 10 }]],
    { user: LEAD.user, password: LEAD.password },
  )) as [{ drillId: string }];
  await stopProcess(desk);
  desk = await openDesk();

  await page.goto(`${desk.url}/?lang=en`);
  await signIn(page, LEAD);
  await page.keyboard.press('y');
  await page.keyboard.press('2');
  const view = page.getByTestId('drills-view');
  await expect(view).toHaveAttribute('data-section', 'running');
  const row = view.locator(`[data-testid="drill-abandoned-row"][data-drill-id="${started.drillId}"]`);
  await expect(row).toContainText('abandoned');
  await expect(row).toContainText(TRAINEE.user);
  await selectByKeyboard(page, row);
  await expect(page.getByTestId('drill-abandoned-detail')).toContainText('no score');
  // Nothing runs there to open or end.
  await expect(page.getByTestId('drill-end')).toBeDisabled();
  await expect(page.getByTestId('drill-open')).toBeDisabled();
  await page.screenshot({ path: 'docs/screenshot-drills-abandoned.png' });

  await page.keyboard.press('3');
  const record = view.locator(`[data-testid="drill-record-row"][data-trainee="${TRAINEE.user}"]`);
  // Counted neither way: still the one failed drill of the first test.
  await expect(record).toContainText('0 / 1');
  await selectByKeyboard(page, record);
  await expect(page.getByTestId('drill-record-drill')).toHaveCount(1);
  const gone = page.getByTestId('drill-record-abandoned');
  await expect(gone).toHaveCount(1);
  await expect(gone).toContainText('abandoned (no score)');
});
