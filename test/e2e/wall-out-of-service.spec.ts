import { expect, test } from '@playwright/test';
import { formatDayTime } from '../../renderer/src/i18n/format';
import { simCommand } from '../helpers/processes';
import { callDesk } from './contract';
import { signIn } from './sign-in';
import { type SimProcessDesk, startSimProcessDesk } from './sim-process-desk';

/**
 * A charger under an approved outage, faulted on top: its gun tiles are grey
 * hatched with the outage's planned end in the fleet's time (the browser is
 * in New York, the fleet in Shaoxing), and neither the station head nor the
 * abnormal filter counts it as a fault.
 */
let running: SimProcessDesk;
const ADMIN = { user: 'wang.fang', password: 'e2e correct horse battery' };
const LEAD = { user: 'li.qiang', password: 'day-shift-lead-pass' };
const DEVICE = 'sx01-dc1';
/** 2030-01-02 04:00 UTC: 12:00 in Shaoxing, 23:00 the day before in New York. */
const PLANNED_END = Date.UTC(2030, 0, 2, 4, 0);
let applicationId = '';

test.use({ viewport: { width: 1920, height: 1080 }, timezoneId: 'America/New_York' });

test.beforeAll(async () => {
  running = await startSimProcessDesk('dutydesk-oos-e2e-', ADMIN, 44_000);
  await callDesk(
    running.desk.port,
    [['account.create', { ...LEAD, role: 'shift-lead', reason: 'shift lead for the out-of-service e2e' }]],
    ADMIN,
  );
  const [filed] = (await callDesk(
    running.desk.port,
    [
      [
        'application.file',
        {
          kind: 'outage',
          target: { deviceId: DEVICE },
          reason: 'before-maintenance',
          note: 'e2e: module swap planned',
          until: PLANNED_END,
        },
      ],
    ],
    LEAD,
  )) as [{ id: string }];
  applicationId = filed.id;
  await callDesk(running.desk.port, [['application.approve', { id: applicationId }]], LEAD);
  await simCommand(running.sim, `anomaly ${DEVICE} insulation-fault`);
});

test.afterAll(() => running?.stop());

test('a charger under an approved outage is out of service on its wall tiles and no fault in the counts', async ({
  page,
}) => {
  await page.goto(`${running.desk.url}/?lang=en`);
  await signIn(page, LEAD);
  const guns = page.locator(`[data-device-id="${DEVICE}"][data-gun]`);
  await expect(guns).toHaveCount(2, { timeout: 30_000 });
  for (const gun of await guns.all()) {
    await expect(gun).toHaveAttribute('data-out-of-service', 'true');
    await expect(gun).toHaveClass(/tile--out-of-service/);
    await expect(gun.locator('.tile__oos')).toHaveText(
      `⊝Out of service ${applicationId}planned until ${formatDayTime(PLANNED_END, 'Asia/Shanghai')}`,
    );
    await expect(gun.locator('.tile__alert--fault')).toHaveCount(0);
  }
  const head = page.locator('.station__head[data-station-id="sx01"]');
  await expect(head.locator('.count', { hasText: 'Out of service' }).locator('dd')).toHaveText('2');
  // The station's fault count is its other faulted guns, if the simulated fleet has any, never these two.
  const otherFaults = await page
    .locator('[data-device-id^="sx01-"][data-gun][data-severity="fault"]')
    .count();
  await expect(head.locator('.count', { hasText: 'Faulted' }).locator('dd')).toHaveText(String(otherFaults));
  await page.screenshot({ path: 'test-results/wall-out-of-service.png' });

  // The abnormal filter leaves the charger out: its fault is known and handed over.
  await page.locator('body').press('a');
  await expect(page.locator('[data-filter="abnormal"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(guns).toHaveCount(0);

  // The same band in Chinese, read at 3 m.
  await page.keyboard.press('l');
  await page.locator('body').press('a');
  await expect(guns).toHaveCount(2);
  await expect(guns.first().locator('.tile__oos')).toHaveText(
    `⊝停运 ${applicationId}预计至 ${formatDayTime(PLANNED_END, 'Asia/Shanghai')}`,
  );
  await page.screenshot({ path: 'test-results/wall-out-of-service-zh.png' });
});
