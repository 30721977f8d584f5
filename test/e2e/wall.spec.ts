import { expect, type Page, test } from '@playwright/test';
import { DeviceState } from '../../shared/api/model';

/** Values that move while a gun charges or the sun shines; the demo fleet polls every second. */
const LIVE_CELLS = [
  '[data-point$=".power"]',
  '[data-point$=".energy"]',
  '[data-point$=".duration"]',
  '[data-point$=".soc"]',
  '[data-point="power"]',
  '[data-point="energyTotal"]',
]
  .map((cell) => `[data-device-id] ${cell}`)
  .join(', ');

async function liveValues(page: Page): Promise<Record<string, string>> {
  return page
    .locator(LIVE_CELLS)
    .evaluateAll((cells) =>
      Object.fromEntries(
        cells.map((cell) => [
          `${cell.closest('[data-device-id]')?.getAttribute('data-device-id')}/${cell.getAttribute('data-point')}`,
          cell.textContent ?? '',
        ]),
      ),
    );
}

test.beforeEach(async ({ page }) => {
  await page.goto('/?lang=en');
  await expect(page.locator('[data-device-id]').first()).toBeVisible({ timeout: 30_000 });
});

test('the wall shows live values that change as the fleet moves', async ({ page }) => {
  const first = await liveValues(page);
  expect(Object.keys(first).length).toBeGreaterThan(0);
  await expect
    .poll(
      async () => {
        const now = await liveValues(page);
        return Object.keys(now).filter((key) => key in first && now[key] !== first[key]);
      },
      { timeout: 10_000, message: 'no charging gun or PV value changed' },
    )
    .not.toEqual([]);
});

test('every tile carries its device state and the header its summary', async ({ page }) => {
  const states = await page
    .locator('[data-device-id] .badge[data-state]')
    .evaluateAll((badges) => badges.map((b) => b.getAttribute('data-state')));
  expect(states.length).toBe(await page.locator('[data-device-id]').count());
  for (const state of states) expect(DeviceState.options).toContain(state);
  await expect(page.locator('.link')).toHaveAttribute('data-link', 'open');
});

test('the language toggle switches the labels, and L does too', async ({ page }) => {
  await expect(page.locator('.topbar h1')).toHaveText('DutyDesk');
  await expect(page.getByRole('button', { name: '中文' })).toBeVisible();
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.locator('.topbar h1')).toHaveText('DutyDesk 值守台');
  await expect(page.locator('.stat dt').first()).toHaveText('站点');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.locator('body').press('l');
  await expect(page.locator('.stat dt').first()).toHaveText('Stations');
});

test('A shows only abnormal devices, and A again shows them all', async ({ page }) => {
  const total = await page.locator('[data-device-id]').count();
  await page.locator('body').press('a');
  await expect(page.locator('[data-filter="abnormal"]')).toHaveAttribute('aria-pressed', 'true');
  const abnormal = ['unknown', 'unavailable', 'fault', 'comm-lost'];
  await expect
    .poll(async () => {
      const shown = await page
        .locator('[data-device-id] .badge[data-state]')
        .evaluateAll((badges) => badges.map((b) => b.getAttribute('data-state') ?? ''));
      return shown.every((state) => abnormal.includes(state));
    })
    .toBe(true);
  if ((await page.locator('[data-device-id]').count()) === 0) {
    await expect(page.locator('.wall__empty')).toHaveText(/All devices normal/);
  }
  await page.locator('body').press('a');
  await expect(page.locator('[data-device-id]')).toHaveCount(total);
});

test('/ focuses the search box, which filters by name; ? opens the shortcut help', async ({ page }) => {
  await page.locator('body').press('/');
  const search = page.getByRole('searchbox');
  await expect(search).toBeFocused();
  const firstName = (await page.locator('[data-device-id] .tile__name').first().textContent()) ?? '';
  const station = (await page.locator('.station__name').first().textContent()) ?? '';
  await search.fill(station);
  await expect(page.locator('.station')).toHaveCount(1);
  await expect(page.locator('[data-device-id] .tile__name').first()).toHaveText(firstName);
  await search.press('Enter');
  await expect(page.locator('[data-device-id]').first()).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('[data-device-id]').nth(1)).toBeFocused();

  await page.keyboard.press('?');
  await expect(page.getByRole('dialog')).toBeVisible();
  await expect(page.getByRole('dialog')).toContainText('Keyboard shortcuts');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
});
