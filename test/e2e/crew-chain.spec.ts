import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { Journal } from '../../electron/store/journal';
import { CrewPageState } from '../../shared/sync/crew-link';
import { type Sink, startWecomSink } from '../helpers/notify-sinks';
import { type NodeProcess, simCommand, startNode, stopProcess } from '../helpers/processes';
import { selectByKeyboard } from './keyboard-list';
import { signIn } from './sign-in';
import { type SimProcessDesk, startSimProcessDesk } from './sim-process-desk';
import { expectTimeline } from './timeline';

/**
 * The whole loop of issue 15 with every part real and each its own process:
 * the simulated fleet raises an insulation fault (an emergency), the monitor
 * presses D and dispatches the crew the desk ranks first, the crews' WeCom
 * robot (a local sink checking key and limits) receives the mention with
 * the crew-page link, a crew member opens it in Chromium at 360 px and taps
 * received then arrived, and the desk — which hears of it only through the
 * sync server (PGlite) — shows the order on site with the arrival clock
 * stopped at the tap's own time.
 */

const ADMIN = { user: 'zhou.min', password: 'e2e crew chain battery staple' };
const demo = JSON.parse(readFileSync(join(import.meta.dirname, '../../resources/demo/crews.json'), 'utf8'));
const KEY = 'e2e-chain-robot-key';
const TOKEN = randomBytes(24).toString('base64url');
const SHOTS = process.env.SCREENSHOT_DIR ?? 'test-results';

type DemoCrew = { id: string; members: { name: string; mobile: string }[] };

let running: SimProcessDesk;
let robot: Sink;
let server: NodeProcess | null = null;
let serverUrl = '';

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1920, height: 1080 } });

/** The sync server as its own process on a free port, knowing the desk whose journal is in `dir`. */
async function startServer(dir: string): Promise<Record<string, string>> {
  const journal = Journal.open(join(dir, 'journal.sqlite'));
  const deskId = journal.deskId;
  journal.close();
  const desks = [{ id: deskId, name: 'chain', sha256: createHash('sha256').update(TOKEN).digest('hex') }];
  server = await startNode('out/main/server.js', ['--port', '0', '--data', join(dir, 'server')], {
    env: { DUTYDESK_SERVER_DESKS: JSON.stringify(desks) },
    ready: /sync server on (http:\/\/\S+?),/,
    timeoutMs: 60_000,
  });
  serverUrl = /sync server on (http:\/\/\S+?),/.exec(server.output())?.[1] ?? '';
  return {
    DUTYDESK_SYNC_URL: serverUrl,
    DUTYDESK_SYNC_TOKEN: TOKEN,
    DUTYDESK_SYNC_INTERVAL_MS: '1000',
  };
}

test.beforeAll(async () => {
  robot = await startWecomSink(KEY);
  const crews = { ...demo, crews: demo.crews.map((c: object) => ({ ...c, channels: ['crew-wecom'] })) };
  const notify = { channels: [{ id: 'crew-wecom', type: 'wecom', url: robot.url, key: KEY }] };
  running = await startSimProcessDesk('dutydesk-crew-chain-', ADMIN, 42_000, { crews, notify }, startServer);
});

test.afterAll(async () => {
  await stopProcess(server);
  await running?.stop();
  await robot?.close();
});

/** A phone: 360 px wide, zh-CN, standing 300 m from 鲁迅中路. */
async function phone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    geolocation: { latitude: 30.0, longitude: 120.58 },
    permissions: ['geolocation'],
  });
  return context.newPage();
}

test('an emergency alarm reaches the ranked crew on WeCom; its arrived tap stops the desk’s arrival clock', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await page.goto(`${running.desk.url}/?lang=zh-CN`);
  await signIn(page, ADMIN);
  const outbox = page.getByTestId('outbox-indicator');
  await expect(outbox).toHaveText(/通知已送达/);
  // The robot is down when the alarm comes: its messages wait in the outbox.
  robot.mode = 'down';
  await simCommand(running.sim, 'anomaly sx01-dc1 insulation-fault');
  await page.keyboard.press('F3');
  const alarm = '[data-testid="alarm-row"][data-alarm-id="sx01-dc1:insulationFault"]';
  await expect(page.locator(alarm)).toHaveAttribute('data-state', 'active-unacknowledged', {
    timeout: 30_000,
  });
  await expect(page.locator(alarm)).toHaveAttribute('data-tier', 'emergency');
  await selectByKeyboard(page, page.locator(alarm), `${alarm} in the alarm queue`);

  // Ranked: the first candidate is a 越城 crew on call, picked by Enter.
  await page.keyboard.press('d');
  const first = page.getByTestId('dispatch-dialog').getByTestId('dispatch-candidate').first();
  await expect(first).toHaveAttribute('data-selected', 'true');
  await expect(first).toContainText(/越城运维.班 · 约 \d{1,2} 分钟 · 到场时限/);
  const crewId = (await first.getAttribute('data-crew')) ?? '';
  const crew = (demo.crews as DemoCrew[]).find((c) => c.id === crewId);
  expect(crew, `crew ${crewId} in the demo roster`).toBeDefined();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('alarm-notice')).toContainText('已派出');
  const id = /(WO-\d+)/.exec((await page.getByTestId('alarm-notice').textContent()) ?? '')?.[1] ?? '';

  // The header says so whatever the view: amber, messages waiting and retried, the provider's answer in the details.
  await expect(outbox).toHaveClass(/indicator--warn/, { timeout: 30_000 });
  await expect(outbox).toContainText(/待发 \d+ · 重试 1/);
  await outbox.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByTestId('outbox-panel');
  await expect(panel).toContainText('crew-wecom (wecom)');
  await expect(panel).toContainText('服务商代码 http-503');
  await expect(panel).toContainText('至少一次');
  await page.screenshot({ path: join(SHOTS, 'crew-chain-outbox.png') });
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  // Back up: everything goes out (the next retry comes within seconds) and the indicator is grey again.
  robot.mode = 'ok';
  await expect(outbox).toHaveText(/通知已送达/, { timeout: 60_000 });
  await expect(outbox).toHaveClass(/indicator--normal/);

  // The robot: one dispatch text mentioning the crew's mobiles, with the crew page's link on the sync server.
  await expect
    .poll(() => robot.received.find((r) => JSON.stringify(r.body).includes('【派单】')), { timeout: 30_000 })
    .toBeDefined();
  const sent = robot.received.find((r) => JSON.stringify(r.body).includes('【派单】'));
  const text = sent?.body as { text: { content: string; mentioned_mobile_list: string[] } };
  expect(text.text.mentioned_mobile_list).toEqual(crew?.members.map((m) => m.mobile));
  expect(text.text.content).toContain(id);
  const link = new RegExp(`${serverUrl}/crew/[A-Za-z0-9._-]+`).exec(text.text.content)?.[0] ?? '';
  expect(link, 'the crew link in the message').not.toBe('');

  // The desk's work orders, the new one selected: its state follows the crew's taps.
  await page.keyboard.press('F7');
  await expect(page.getByTestId('wo-list')).toBeFocused();
  const row = page.locator(`[data-testid="wo-row"][data-wo-id="${id}"]`);
  await selectByKeyboard(
    page,
    page.locator(`[data-testid="wo-row"][data-wo-id="${id}"]`),
    `${id} in the work orders`,
  );
  const detail = page.getByTestId('wo-detail');
  await expect(detail).toHaveAttribute('data-wo-id', id);
  await expect(row).toHaveAttribute('data-state', 'dispatched');

  // The server learns of the dispatch through the desk's sync; until then the link is unknown to it.
  await expect.poll(async () => (await fetch(`${link}/state`)).status, { timeout: 30_000 }).toBe(200);
  const mobile = await phone(browser);
  await mobile.goto(link);
  await expect(mobile.getByRole('heading', { level: 1 })).toContainText('工单');
  await expect(mobile.locator('.tier')).toHaveText('紧急');
  const member = crew?.members[1]?.name ?? '';
  await mobile.locator('#member').selectOption(member);
  const tapped = async (button: string, state: string, word: string) => {
    await mobile.getByRole('button', { name: button, exact: true }).click();
    await expect(mobile.getByRole('status')).toContainText(`已送达 · ${button}`);
    await expect(row).toHaveAttribute('data-state', state, { timeout: 30_000 });
    await expect(row.locator('.wostate')).toHaveText(word);
  };
  await tapped('已接单', 'received', '已接单');
  await tapped('出发', 'en-route', '在途');
  await page.screenshot({ path: join(SHOTS, 'crew-chain-en-route.png') });
  await tapped('已到场', 'on-site', '已到场');
  expect(await mobile.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await mobile.screenshot({ path: join(SHOTS, 'crew-chain-phone-360.png'), fullPage: true });
  const state = CrewPageState.parse(await (await fetch(`${link}/state`)).json());
  expect(state.taps.map((t) => t.kind)).toEqual(['received', 'en-route', 'arrived']);
  const tapAt = state.taps.find((t) => t.kind === 'arrived')?.at;
  expect(tapAt).toBeDefined();

  // The desk: checked in by the crew member, its arrival clock stopped at the tap; the crew's steps on the timeline.
  await expect(detail.getByTestId('wo-detail-state')).toHaveAttribute('data-state', 'on-site');
  await expectTimeline(detail, ['created', 'dispatched', 'received', 'en-route', 'arrived']);
  await expect(detail.locator('li[data-step="en-route"]')).toContainText('外勤出发');
  const arrived = detail.locator('[data-testid="wo-timeline"] li[data-step="arrived"]');
  await expect(arrived).toContainText(member);
  await expect(arrived).toContainText('外勤班组');
  const clock = detail.locator('[data-testid="wo-clocks"] [data-clock="arrive"]');
  await expect(clock).toHaveAttribute('data-stopped-at', String(tapAt));
  await expect(clock).not.toHaveAttribute('data-state', /running|breached/);
  await expect(detail.locator('[data-testid="wo-timeline-notice"][data-kind="dispatch"]')).toHaveAttribute(
    'data-state',
    'accepted',
  );
  await page.screenshot({ path: join(SHOTS, 'crew-chain-desk.png') });

  // It cannot be fixed in time: the crew asks for an outage on its page, and the desk's form opens with its words.
  await mobile.getByRole('button', { name: '需要停运', exact: true }).click();
  await mobile.locator('#reason').selectOption('distribution-maintenance');
  await mobile.locator('#note').fill('箱变需停电检修');
  await mobile.getByRole('button', { name: '发送', exact: true }).click();
  await expect(mobile.getByRole('status')).toContainText('已送达 · 需要停运');
  const prompt = detail.getByTestId('wo-outage-prompt');
  await expect(detail).toContainText(`外勤（${member}，`, { timeout: 30_000 });
  await expect(detail).toContainText('请求停运：配电设备或线路检修');
  await expect(prompt).toBeEnabled();
  await expect(page.getByTestId('wo-list')).toBeFocused();
  await page.keyboard.press('o');
  const form = page.getByTestId('app-file-dialog');
  await expect(form).toBeVisible();
  await expect(form.getByTestId('app-file-workorder')).toContainText(id);
  await expect(form.getByTestId('app-reason-distribution-maintenance')).toBeChecked();
  await expect(form.getByTestId('app-file-note')).toHaveValue(`${member}: 箱变需停电检修`);
  await page.screenshot({ path: join(SHOTS, 'crew-chain-outage-form.png') });
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  await mobile.context().close();
});
