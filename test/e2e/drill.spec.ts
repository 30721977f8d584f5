import { hash } from '@node-rs/argon2';
import { expect, test } from '@playwright/test';
import type { TrainingDesk } from '../../electron/training/desk';
import { TRAINING_DRILL_EVENT } from '../../shared/training/report';
import { type DrillDesk, startDrillDesk } from '../helpers/drill-desk';
import { selectByKeyboard } from './keyboard-list';
import { signIn } from './sign-in';

/**
 * A drill worked from a browser by keyboard only: the trainee signs in on
 * the training desk as themselves (a monitor, not an admin), sees the DRILL band, acknowledges the station's
 * comms-loss alarm and dispatches a crew; the shift lead ends the drill and
 * the real journal gets the one training record.
 */

const TRAINEE = { user: 'zhao.min', password: 'e2e drill trainee password' };
const LEAD = { user: 'li.qiang', role: 'shift-lead' } as const;
const ALARM = 'sx03:comms.station';

let drill: DrillDesk;
let desk: TrainingDesk;
let bridge: DrillDesk['bridge'];
let real: DrillDesk['real'];

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1920, height: 1080 } });

test.beforeAll(async () => {
  drill = await startDrillDesk({
    scenario: 'drill-gateway-comms-loss',
    trainees: [TRAINEE.user],
    lead: LEAD,
    // ×10: the 10-minute acknowledgement is a real minute, time enough for a browser on a loaded machine.
    scale: 10,
    // The trainee's own account, as the real desk's copy gives it: a monitor, with only the hash of their password.
    accounts: [{ user: TRAINEE.user, role: 'monitor', hash: await hash(TRAINEE.password) }],
  });
  ({ desk, bridge, real } = drill);
});

test.afterAll(() => drill?.stop());

test('a trainee works a drill by keyboard under the DRILL band, and only the record reaches the real journal', async ({
  page,
}) => {
  await page.goto(`${bridge.url}/?lang=zh-CN`);
  await signIn(page, TRAINEE);
  const band = page.getByRole('status', { name: '演练 DRILL' });
  await expect(band).toBeVisible();
  await expect(band).toContainText('站点网关通信中断');
  await expect(band).toContainText('时间 ×10');
  await expect(band).toContainText('学员：zhao.min');
  await page.screenshot({ path: 'docs/screenshot-drill-wall.png' });

  // L switches the desk's language, as everything else here, from the keyboard.
  await page.keyboard.press('l');
  await expect(page.getByRole('status', { name: 'DRILL 演练' })).toContainText(
    'Gateway comms loss at one site',
  );
  await page.keyboard.press('F3');
  await expect(page.getByTestId('alarm-list')).toBeFocused();
  const alarm = page.locator(`[data-testid="alarm-row"][data-alarm-id="${ALARM}"]`);
  await expect(alarm).toHaveAttribute('data-state', 'active-unacknowledged', { timeout: 60_000 });
  await selectByKeyboard(page, alarm, ALARM);
  await page.keyboard.press('a');
  await expect(alarm).toHaveAttribute('data-state', 'active-acknowledged');

  await page.keyboard.press('d');
  const dispatch = page.getByTestId('dispatch-dialog');
  await expect(dispatch).toBeVisible();
  await expect(page.getByTestId('dispatch-title')).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.type('周建国, 陈立');
  await page.keyboard.press('Enter');
  await expect(dispatch).toBeHidden();
  await expect(page.getByTestId('alarm-notice')).toContainText('dispatched');
  await expect(page.getByRole('status', { name: 'DRILL 演练' })).toBeVisible();
  await page.screenshot({ path: 'docs/screenshot-drill-alarms.png' });

  const { report, reportHash } = await desk.finish('e2e: keyboard drill');
  const score = report.scores[0];
  const items = Object.fromEntries((score?.items ?? []).map((i) => [i.item, i]));
  expect(items.ack).toMatchObject({ points: 20, by: TRAINEE.user, deviations: [] });
  expect(items.dispatch).toMatchObject({ points: 20, by: TRAINEE.user, deviations: [] });
  expect(items.handover?.deviations[0]?.en).toBe('no handover note was written');
  const events = real.read();
  expect(events.map((e) => [e.type, e.subject])).toEqual([
    [TRAINING_DRILL_EVENT, `training/${TRAINEE.user}`],
  ]);
  expect(events[0]?.data).toMatchObject({ reportHash, score: score?.total });
});
