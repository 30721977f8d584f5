import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { type RunningFleet, startFleet } from '../../sim/fleet';
import { WEBGL_LAUNCH } from '../helpers/chromium';
import { fleetClock } from '../helpers/fleet-time';
import { type HeadlessDesk, startHeadless, stopProcess } from '../helpers/processes';
import { UNUSED_ADMIN_ENV } from './wall-sim';

/**
 * The wallboard: the desk's own URL with ?view=wallboard, as a TV browser
 * opens it. data-testids: wallboard (data-page = the page on screen).
 */

test.use({
  launchOptions: WEBGL_LAUNCH,
  viewport: { width: 1920, height: 1080 },
});

const PAGES = ['map', 'availability', 'alarms', 'sla', 'energy'];

test('the wallboard opens on the station map (screenshot)', async ({ page }) => {
  await page.goto('/?view=wallboard&lang=en&rotate=600');
  await expect(page.getByTestId('wallboard')).toHaveAttribute('data-page', 'map', { timeout: 30_000 });
  await expect(page.locator('.station-map')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page.locator('.station-map')).toHaveAttribute('data-zoom', /\d/, { timeout: 30_000 });
  await page.screenshot({ path: 'docs/screenshot-wallboard.png' });
});

test('the wallboard turns through its pages by itself and offers no control at all', async ({ page }) => {
  await page.goto('/?view=wallboard&lang=en&rotate=2');
  const board = page.getByTestId('wallboard');
  await expect(board).toHaveAttribute('data-page', 'map', { timeout: 30_000 });

  const seen = new Set<string>();
  await expect
    .poll(
      async () => {
        seen.add((await board.getAttribute('data-page')) ?? '');
        return PAGES.every((name) => seen.has(name));
      },
      { timeout: 30_000, intervals: [250], message: `pages seen: ${[...seen].join(', ')}` },
    )
    .toBe(true);

  // Nothing to press, type into, follow or focus: a TV in a lobby must not be a way into the desk.
  await expect(
    page.locator('button, input, select, textarea, a[href], [contenteditable="true"]'),
  ).toHaveCount(0);
  await expect(page.locator('[tabindex]:not([tabindex="-1"])')).toHaveCount(0);
});

test('each page shows its figures from the live fleet', async ({ page }) => {
  await page.goto('/?view=wallboard&lang=en&rotate=2');
  const board = page.getByTestId('wallboard');
  await expect(board).toHaveAttribute('data-page', 'availability', { timeout: 30_000 });
  await expect(board.locator('.wb-bars__row')).not.toHaveCount(0);
  await expect(board.locator('.wb-availability .wb-figure__value')).toHaveText(/^\d+(\.\d)?%$/);

  await expect(board).toHaveAttribute('data-page', 'alarms', { timeout: 10_000 });
  await expect(board.locator('.wb-tier')).toHaveCount(3);
  for (const tier of await board.locator('.wb-tier__count').allTextContents()) expect(tier).toMatch(/^\d+$/);

  await expect(board).toHaveAttribute('data-page', 'energy', { timeout: 10_000 });
  await expect(board.locator('.wb-energy .wb-figure__value')).toHaveCount(2);
  await expect(board.locator('.wb-energy__since')).toHaveText(/since/);
});

/**
 * The wallboard on the LAN: a desk whose bridge wants a token, with a
 * wallboard token in its access section, and a TV browser that has only
 * that token in its URL. It sees the wallboard and nothing it could press;
 * the same token over the contract is refused every write.
 */
test.describe('a wallboard token on the LAN', () => {
  const WALLBOARD_TOKEN = 'lobby-tv-e2e-token-5d1c';
  const DESK_TOKEN = 'workstation-e2e-token-77b0';
  let fleet: RunningFleet | undefined;
  let desk: HeadlessDesk | undefined;
  let dir = '';
  let origin = '';

  test.beforeAll(async () => {
    // From the fixed moment of every test fleet: today's energy and the open alarms do not depend on the hour CI runs.
    fleet = await startFleet({ seed: 23, stations: 3, now: fleetClock() });
    dir = mkdtempSync(join(tmpdir(), 'dutydesk-e2e-lan-wallboard-'));
    const configPath = join(dir, 'fleet.json');
    const sha256 = createHash('sha256').update(WALLBOARD_TOKEN).digest('hex');
    writeFileSync(
      configPath,
      JSON.stringify({
        ...fleet.config,
        access: { localRole: 'monitor', tokens: [{ name: 'lobby TV', role: 'wallboard', sha256 }] },
      }),
    );
    desk = await startHeadless(
      ['--host', '127.0.0.1', '--token', DESK_TOKEN, '--config', configPath, '--data', join(dir, 'data')],
      { env: { DUTYDESK_LOG_LEVEL: 'warn', ...UNUSED_ADMIN_ENV } },
    );
    origin = desk.url;
  });

  test.afterAll(async () => {
    await stopProcess(desk);
    await fleet?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('opens the wallboard with its token and offers no control at all', async ({ page }) => {
    await page.goto(`${origin}/?view=wallboard&token=${WALLBOARD_TOKEN}&lang=en&rotate=3`);
    const board = page.getByTestId('wallboard');
    await expect(board).toHaveAttribute('data-page', 'map', { timeout: 30_000 });
    await expect(page.locator('.station-map')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
    // The pages turn and carry the live fleet: the availability page counts the simulated devices.
    await expect(board).toHaveAttribute('data-page', 'availability', { timeout: 15_000 });
    await expect(board.locator('.wb-availability .wb-figure__value')).toHaveText(/^\d+(\.\d)?%$/);
    await expect(
      page.locator('button, input, select, textarea, a[href], [contenteditable="true"]'),
    ).toHaveCount(0);
    await expect(page.locator('[tabindex]:not([tabindex="-1"])')).toHaveCount(0);
    // No sign-in form either: the token is the wallboard's whole identity.
    await expect(page.getByTestId('auth-signin')).toHaveCount(0);
  });

  test('the same token is refused every write over the contract', async () => {
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/api?token=${WALLBOARD_TOKEN}`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const replies = new Map<number, (frame: Reply) => void>();
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      if (frame.type === 'reply') replies.get(frame.id)?.(frame);
    });
    let id = 0;
    const call = (method: string, params: unknown) =>
      new Promise<Reply>((resolve) => {
        id += 1;
        replies.set(id, resolve);
        ws.send(JSON.stringify({ type: 'request', id, method, params }));
      });
    try {
      const session = await call('session.info', {});
      expect(session.ok && session.result).toMatchObject({ role: 'wallboard' });
      const snapshot = await call('fleet.snapshot', {});
      expect(snapshot.ok).toBe(true);
      const charger = (snapshot.result as { devices: { id: string; kind: string }[] }).devices.find(
        (d) => d.kind === 'ac-charger',
      );
      if (!charger) throw new Error('the simulated fleet has no AC charger');
      const target = { deviceId: charger.id, key: 'powerLimit', value: 0 };
      const writes: [string, unknown][] = [
        ['device.write', { ...target, confirm: target, reason: 'lobby TV tries to switch a charger off' }],
        ['alarm.ack', { id: 'any-alarm', reason: 'lobby TV' }],
        ['workorder.create', { alarmIds: ['any-alarm'], title: 'from the lobby' }],
        ['config.update', { config: fleet?.config, reason: 'lobby TV' }],
      ];
      for (const [method, params] of writes) {
        const reply = await call(method, params);
        expect(reply.ok, method).toBe(false);
        expect(reply.error?.code, method).toBe('forbidden');
      }
    } finally {
      ws.close();
    }
  });
});

type Reply = { ok: boolean; result?: unknown; error?: { code: string; message: string } };
