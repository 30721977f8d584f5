import { expect, type Page } from '@playwright/test';

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

/** The wall's live values now, by "device/point". */
export function liveValues(page: Page): Promise<Record<string, string>> {
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

/** Waits until some live value on the wall has changed: the wall is live, not a still picture. */
export async function expectWallToMove(
  page: Page,
  wait: { timeout: number; message: string },
): Promise<void> {
  const first = await liveValues(page);
  expect(Object.keys(first).length).toBeGreaterThan(0);
  await expect
    .poll(async () => {
      const now = await liveValues(page);
      return Object.keys(now).filter((key) => key in first && now[key] !== first[key]);
    }, wait)
    .not.toEqual([]);
}
