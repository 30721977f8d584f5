import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { SCHOOL_DOOR } from '../helpers/alarm-rules';
import {
  freePort,
  type HeadlessDesk,
  isFree,
  type NodeProcess,
  startHeadless,
  startSim,
  stopProcess,
} from '../helpers/processes';

/**
 * The "Stations & devices" view (F2 / S; F1 / W back to the wall).
 *
 * data-testids used here and by the renderer:
 *   tab-wall, tab-config                      the view tabs in the header
 *   config-view, config-path, config-readonly, config-why (why it cannot be edited)
 *   config-stations, config-devices           the two tables
 *   cfg-<field>                               an input, by its place in the config:
 *                                             cfg-stations.0.name, cfg-devices.3.port, cfg-pollIntervalMs …
 *                                             (data-field carries the same key; aria-invalid marks a problem)
 *   config-add-station, config-add-device, config-reload, config-dirty
 *   config-save → config-save-dialog, config-reason, config-save-confirm, config-save-cancel
 *   config-error (data-kind = invalid | rejected | forbidden | failed), config-problem (data-field)
 *   config-saved
 */

test('on the demo fleet the editor says it cannot edit, and why, and shows the fleet read-only', async ({
  page,
}) => {
  await page.goto('/?lang=en');
  await expect(page.locator('[data-device-id]').first()).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('F2');
  await expect(page.getByTestId('config-view')).toBeVisible();
  await expect(page.getByTestId('config-readonly')).toBeVisible();
  await expect(page.getByTestId('config-why')).toContainText('cannot be edited');
  await expect(page.getByTestId('config-why')).toContainText('demo fleet');
  await expect(page.getByTestId('config-stations').locator('tbody tr')).toHaveCount(12);
  await expect(page.getByTestId('config-save')).toHaveCount(0);
  await expect(page.locator('[data-testid^="cfg-"]')).toHaveCount(0);
  await page.keyboard.press('w');
  await expect(page.locator('[data-device-id]').first()).toBeVisible();
});

/** Station sxNN of the simulator listens on base + NN: two stations need base+1 and base+2 free. */
async function freeBase(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const first = await freePort();
    if (first < 65_000 && (await isFree(first + 1))) return first - 1;
  }
  throw new Error('no two free ports in a row for the simulator');
}

const ADMIN = { user: 'admin', password: 'config-editor-e2e-admin' };

async function signInAsAdmin(page: Page): Promise<void> {
  const card = page.getByTestId('auth-signin');
  await card.getByLabel(/User name|用户名/).fill(ADMIN.user);
  await card.getByLabel(/^Password|^密码/).fill(ADMIN.password);
  await card.getByLabel(/^Password|^密码/).press('Enter');
  await expect(card).toHaveCount(0);
}

test.describe('an editable configuration, on a desk of its own', () => {
  let dir = '';
  let configPath = '';
  let url = '';
  let sim: NodeProcess | undefined;
  let desk: HeadlessDesk | undefined;

  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dutydesk-e2e-config-'));
    configPath = join(dir, 'stations.json');
    const base = await freeBase();
    sim = await startSim(['--write-config', configPath, '--base-port', String(base), '--stations', '2']);
    const config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(
      configPath,
      JSON.stringify({ ...config, access: { localRole: 'admin', tokens: [] } }, null, 2),
    );
    // A desk on a config file enforces accounts; its first admin comes from the environment.
    desk = await startHeadless(['--config', configPath, '--data', join(dir, 'data')], {
      env: { DUTYDESK_ADMIN_USER: ADMIN.user, DUTYDESK_ADMIN_PASSWORD: ADMIN.password },
    });
    url = desk.url;
  });

  test.afterAll(async () => {
    await stopProcess(desk);
    await stopProcess(sim);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('an invalid port is named, marked, and nothing is saved', async ({ page }) => {
    const before = readFileSync(configPath, 'utf8');
    await page.goto(`${url}/?lang=en`);
    await signInAsAdmin(page);
    await expect(page.getByTestId('session-role')).toHaveAttribute('data-role', 'admin');
    await page.getByTestId('tab-config').click();
    const port = page.getByTestId('cfg-devices.0.port');
    await expect(port).toBeVisible();
    await expect(page.getByTestId('config-path')).toHaveText(configPath);

    await port.fill('70000');
    await expect(page.getByTestId('config-dirty')).toBeVisible();
    await page.getByTestId('config-save').click();
    const error = page.getByTestId('config-error');
    await expect(error).toBeVisible();
    await expect(error).toContainText('devices[0].port');
    await expect(error).toContainText('65535');
    await expect(port).toHaveAttribute('aria-invalid', 'true');
    await expect(port).toBeFocused();
    await expect(page.getByTestId('config-save-dialog')).toHaveCount(0);
    expect(readFileSync(configPath, 'utf8')).toBe(before);

    // Fixing the field takes its mark away.
    await port.fill('502');
    await expect(port).not.toHaveAttribute('aria-invalid', 'true');
    expect(readFileSync(configPath, 'utf8')).toBe(before);
  });

  test('a renamed station is saved with a reason, and the wall shows the new name', async ({ page }) => {
    const name = 'E2E 改名测试站';
    await page.goto(`${url}/?lang=zh-CN`);
    await signInAsAdmin(page);
    await expect(page.locator('[data-device-id]').first()).toBeVisible({ timeout: 30_000 });
    await page.keyboard.press('F2');
    const field = page.getByTestId('cfg-stations.0.name');
    await expect(field).toBeVisible();
    await field.fill(name);
    await page.keyboard.press('Control+s');
    await expect(page.getByTestId('config-save-dialog')).toBeVisible();
    await expect(page.getByTestId('config-reason')).toBeFocused();
    // No reason, no save.
    await page.getByTestId('config-save-confirm').click();
    await expect(page.getByTestId('config-save-dialog')).toBeVisible();
    await page.getByTestId('config-reason').fill('e2e: station renamed');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('config-saved')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('config-dirty')).toHaveCount(0);
    const saved = JSON.parse(readFileSync(configPath, 'utf8')) as { stations: Array<{ name: string }> };
    expect(saved.stations[0]?.name).toBe(name);

    await page.keyboard.press('F1');
    await expect(page.locator('.station__name').first()).toHaveText(name, { timeout: 15_000 });
  });

  test('alarm rules: a shelf maximum and a station triage row are saved with a reason', async ({ page }) => {
    await page.goto(`${url}/?lang=zh-CN`);
    await signInAsAdmin(page);
    await page.getByTestId('tab-config').click();
    const critical = page.getByTestId('cfg-alarmRules.shelveMaxHours.critical');
    await expect(critical).toBeVisible();
    await critical.fill('half');
    await page.getByTestId('config-add-override').click();
    await expect(page.getByTestId('cfg-alarmRules.triageOverrides.0.id')).toBeFocused();
    await page.keyboard.type(SCHOOL_DOOR.id);
    await page.getByTestId('cfg-alarmRules.triageOverrides.0.cause').fill(SCHOOL_DOOR.cause);
    await page
      .getByTestId('cfg-alarmRules.triageOverrides.0.defectClass')
      .selectOption(SCHOOL_DOOR.defectClass);
    await page.getByTestId('cfg-alarmRules.triageOverrides.0.priority').selectOption(SCHOOL_DOOR.priority);
    await page.getByTestId('cfg-alarmRules.triageOverrides.0.why').fill(SCHOOL_DOOR.why);
    await page.keyboard.press('Control+s');
    await expect(page.getByTestId('config-error')).toContainText('alarmRules.shelveMaxHours.critical');
    await expect(critical).toHaveAttribute('aria-invalid', 'true');
    await expect(critical).toBeFocused();
    await page.getByTestId('config-alarm-rules').screenshot({ path: 'test-results/config-alarm-rules.png' });

    await critical.fill('1');
    await page.keyboard.press('Control+s');
    await page.getByTestId('config-reason').fill('e2e: school beside sx01');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('config-saved')).toBeVisible({ timeout: 20_000 });
    const saved = JSON.parse(readFileSync(configPath, 'utf8')) as { alarmRules: unknown };
    // The station was not chosen: a new row applies to the first station, sx01.
    expect(saved.alarmRules).toEqual({ triageOverrides: [SCHOOL_DOOR], shelveMaxHours: { critical: 1 } });
  });
});
