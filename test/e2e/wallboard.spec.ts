import { expect, test } from '@playwright/test';

/**
 * The wallboard: the desk's own URL with ?view=wallboard, as a TV browser
 * opens it. data-testids: wallboard (data-page = the page on screen).
 */

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
    ],
  },
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
