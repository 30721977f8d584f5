import { expect, type Page, test } from '@playwright/test';

/**
 * The demo desk's fleet keeps Shaoxing time (shifts.timeZone Asia/Shanghai).
 * A browser elsewhere shows the fleet's time in the header and on the trend
 * axis, and its own time beside it, labelled. The page's clock is set to a
 * fixed instant, so what is expected does not depend on when the test runs.
 */
const INSTANT = Date.UTC(2026, 10, 23, 12, 33, 5); // 20:33:05 in Shaoxing

async function openDesk(page: Page): Promise<void> {
  await page.clock.install({ time: INSTANT });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('/?lang=en');
  await expect(page.locator('[data-device-id]').first()).toBeVisible({ timeout: 30_000 });
}

/** The fleet's minutes from 20:33 on: the test has minutes of slack on a loaded machine, the wrong zone is hours off. */
const FLEET_CLOCK = /^20:(3[3-9]|4\d):\d\d$/;

for (const [zone, local] of [
  ['UTC', /^this PC 12:(3[3-9]|4\d) UTC$/],
  ['America/New_York', /^this PC 07:(3[3-9]|4\d) UTC-5$/],
] as const) {
  test.describe(`a browser in ${zone}`, () => {
    test.use({ timezoneId: zone });

    test("shows the fleet's time in the header and on the trend axis, and its own labelled", async ({
      page,
    }) => {
      await openDesk(page);
      const clock = page.getByTestId('clock');
      await expect(clock.locator('.clock__time')).toHaveText(FLEET_CLOCK);
      await expect(clock.locator('.clock__time')).toHaveAttribute('data-zone', 'Asia/Shanghai');
      await expect(clock.locator('.clock__date')).toHaveText('2026-11-23 Mon · fleet UTC+8');
      await expect(page.getByTestId('clock-local')).toHaveText(local);
      await expect(page.getByTestId('clock-local')).toHaveAttribute('data-zone', zone);
      if (zone === 'UTC')
        await page.locator('header.topbar').screenshot({ path: 'test-results/header-clock.png' });

      await page.keyboard.press('F6');
      const chart = page.getByTestId('trend-station-power');
      const ticks = chart.locator('svg text');
      await expect(ticks.first()).toBeVisible({ timeout: 15_000 });
      // The x axis's labels are the times (the y axis's are numbers): the last hour in Shaoxing,
      // 19:35 … 20:30, where the browser's own zone would say 11:35 or 06:35.
      const labels = (await ticks.allTextContents()).filter((label) => label.includes(':'));
      expect(labels.length).toBeGreaterThan(3);
      for (const label of labels) expect(label).toMatch(/^(19|20):\d\d$/);
    });
  });
}
