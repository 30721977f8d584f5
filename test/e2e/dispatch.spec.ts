import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { type Sink, startWecomSink } from '../helpers/notify-sinks';
import { simCommand } from '../helpers/processes';
import { selectByKeyboard } from './keyboard-list';
import { signIn } from './sign-in';
import { type SimProcessDesk, startSimProcessDesk } from './sim-process-desk';

/**
 * The dispatch dialog's ranking in a real browser (issue 15): the desk runs
 * the demo's Shaoxing roster against the simulated fleet; an insulation
 * fault at 鲁迅中路 (越城区) is dispatched from the keyboard to the crew the
 * desk puts first, and the work order records that crew.
 */

const ADMIN = { user: 'zhou.min', password: 'e2e dispatch battery staple' };
const demo = JSON.parse(readFileSync(join(import.meta.dirname, '../../resources/demo/crews.json'), 'utf8'));
const KEY = 'e2e-crew-robot-key';

let running: SimProcessDesk;
let robot: Sink;

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1920, height: 1080 } });

test.beforeAll(async () => {
  robot = await startWecomSink(KEY);
  // Every crew's messages go to one WeCom group robot: a local sink that checks the key and the limits.
  const crews = { ...demo, crews: demo.crews.map((c: object) => ({ ...c, channels: ['crew-wecom'] })) };
  const notify = { channels: [{ id: 'crew-wecom', type: 'wecom', url: robot.url, key: KEY }] };
  running = await startSimProcessDesk('dutydesk-dispatch-e2e-', ADMIN, 36_000, { crews, notify });
});

test.afterAll(async () => {
  await running?.stop();
  await robot?.close();
});

async function selectAlarm(page: Page, alarmId: string): Promise<void> {
  const target = page.locator(`[data-testid="alarm-row"][data-alarm-id="${alarmId}"]`);
  await expect(target).toHaveAttribute('data-state', 'active-unacknowledged', { timeout: 20_000 });
  await selectByKeyboard(page, target, alarmId);
}

test('D ranks the crews for the alarm; the first is picked and dispatched by keyboard', async ({ page }) => {
  await page.goto(`${running.desk.url}/?lang=zh-CN`);
  await signIn(page, ADMIN);
  await simCommand(running.sim, 'anomaly sx01-dc1 insulation-fault');
  await page.keyboard.press('F3');
  await expect(page.getByTestId('alarm-list')).toBeFocused();
  await selectAlarm(page, 'sx01-dc1:insulationFault');
  await page.keyboard.press('d');

  const dialog = page.getByTestId('dispatch-dialog');
  const candidates = dialog.getByTestId('dispatch-candidate');
  // Six crews and "type the names".
  await expect(candidates).toHaveCount(7);
  const first = candidates.first();
  await expect(first).toHaveAttribute('data-selected', 'true');
  // An urban critical DC fault: a 越城 crew on call, minutes away, with the 8 h emergency arrival deadline.
  await expect(first).toContainText(/^1越城运维.班 · 约 \d{1,2} 分钟 · 到场时限 [78]:\d\d/);
  const chosen = await first.getAttribute('data-crew');
  const crewField = page.getByTestId('dispatch-crew');
  await expect(crewField).not.toHaveValue('');
  const firstCrew = await crewField.inputValue();

  // 诸暨 is far from 越城: lower down, with its members in the field when picked by its number.
  await page.getByTestId('dispatch-title').press('Tab');
  const zhuji = candidates.filter({ hasText: '诸暨运维班' });
  const zhujiKey = (await zhuji.locator('kbd').textContent()) ?? '';
  expect(Number(zhujiKey)).toBeGreaterThan(1);
  await page.keyboard.press(zhujiKey);
  await expect(zhuji).toHaveAttribute('data-selected', 'true');
  await expect(crewField).toHaveValue('何斌、吕晨');
  await page.keyboard.press('1');
  await expect(crewField).toHaveValue(firstCrew);
  await page.screenshot({ path: 'test-results/dispatch-ranking.png' });

  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('alarm-notice')).toContainText('已派出');
  expect(chosen).toMatch(/^yc-[12]$/);
  const id = /(WO-\d+)/.exec((await page.getByTestId('alarm-notice').textContent()) ?? '')?.[1] ?? '';

  // The crew's robot has the dispatch, and the work order's timeline shows it delivered.
  await expect.poll(() => robot.received.some((r) => JSON.stringify(r.body).includes('【派单】'))).toBe(true);
  await page.keyboard.press('F7');
  await expect(page.getByTestId('wo-list')).toBeFocused();
  const order = page.locator(`[data-testid="wo-row"][data-wo-id="${id}"]`);
  await page.keyboard.press('Home');
  for (let i = 0; i < 20 && (await order.getAttribute('aria-selected')) !== 'true'; i++) {
    await page.keyboard.press('ArrowDown');
  }
  const detail = page.getByTestId('wo-detail');
  await expect(detail).toHaveAttribute('data-wo-id', id);
  const sent = detail.locator('[data-testid="wo-timeline-notice"][data-kind="dispatch"]');
  await expect(sent).toHaveAttribute('data-state', 'accepted');
  await expect(sent).toContainText('派单通知 · crew-wecom');
  await expect(detail.getByTestId('wo-outbox')).toContainText('✉ 已送达');
  await page.screenshot({ path: 'test-results/dispatch-timeline.png' });
});
