import { expect, type Locator, type Page, test } from '@playwright/test';

/** Points a recharts line path draws: one M or L command per point. */
async function drawnPoints(chart: Locator): Promise<number[]> {
  return chart
    .locator('path.recharts-line-curve')
    .evaluateAll((paths) => paths.map((p) => (p.getAttribute('d') ?? '').match(/[ML]/g)?.length ?? 0));
}

async function openTrendOf(page: Page, deviceId: string, subWallKey: string) {
  await page.locator('body').press(subWallKey);
  const tile = page.locator(`[data-device-id="${deviceId}"]`).first();
  await expect(tile).toBeVisible({ timeout: 30_000 });
  await tile.focus();
  await page.keyboard.press('t');
  await expect(page.getByTestId('tab-trends')).toHaveAttribute('aria-current', 'page');
}

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('/?lang=en');
  await expect(page.locator('[data-device-id]').first()).toBeVisible({ timeout: 30_000 });
});

test('T on an inverter opens its trend, which never draws more points than the plot has pixels', async ({
  page,
}) => {
  await openTrendOf(page, 'sx01-pv1', '2');
  await expect(page.getByTestId('trend-device')).toHaveValue('sx01-pv1');
  const chart = page.getByTestId('trend-device-chart');
  await expect(chart).toBeVisible();
  const width = Number(await chart.getAttribute('data-plot-width'));
  expect(width).toBeGreaterThan(1000);
  for (const range of ['1', '2', '3', '4'] as const) {
    await page.keyboard.press(range);
    await expect(page.locator(`[data-range]`).nth(Number(range) - 1)).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('.trends__chart').first()).toHaveAttribute('data-state', 'ready', {
      timeout: 15_000,
    });
    // The clear-sky expectation has a value in every bucket: the densest line the chart can get.
    await expect
      .poll(async () => Math.max(...(await drawnPoints(chart))), { timeout: 15_000 })
      .toBeGreaterThan(width / 2);
    for (const points of await drawnPoints(chart)) expect(points).toBeLessThanOrEqual(width);
    expect(Number(await chart.getAttribute('data-rows'))).toBeLessThanOrEqual(width);
  }
});

test('the station charts add up the station, and the trend of a charging gun follows it', async ({
  page,
}) => {
  await page.locator('body').press('o');
  await page.locator('body').press('o');
  const busiest = page.locator('[data-device-id][data-gun]').first();
  const deviceId = (await busiest.getAttribute('data-device-id')) ?? '';
  await openTrendOf(page, deviceId, '1');
  await expect(page.getByTestId('trend-device')).toHaveValue(deviceId);
  const station = page.getByTestId('trend-station-power');
  await expect(station).toBeVisible();
  await expect(station.locator('.trend__key')).toContainText(['Charging power', 'Grid connection']);
  await expect(page.getByTestId('trend-pv').locator('.trend__key')).toContainText([
    'PV generation',
    'Clear-sky expected',
  ]);
  // Samples arrive every second; within a few the gun's line has something to draw.
  await expect
    .poll(async () => Math.max(0, ...(await drawnPoints(page.getByTestId('trend-device-chart')))), {
      timeout: 20_000,
    })
    .toBeGreaterThan(1);
  const width = Number(await station.getAttribute('data-plot-width'));
  for (const chart of ['trend-device-chart', 'trend-station-power', 'trend-pv'])
    for (const points of await drawnPoints(page.getByTestId(chart)))
      expect(points).toBeLessThanOrEqual(width);
  await expect(page.locator('.trends__note').first()).toHaveText(/points \/ \d+ px/);
  await page.screenshot({ path: 'docs/screenshot-trends.png' });

  await page.keyboard.press('w');
  await expect(page.getByTestId('tab-wall')).toHaveAttribute('aria-current', 'page');
  await page.keyboard.press('F6');
  await expect(page.getByTestId('tab-trends')).toHaveAttribute('aria-current', 'page');
});
