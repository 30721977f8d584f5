import { expect, type Page, test } from '@playwright/test';
import { type SimDesk, startSimDesk } from './wall-sim';

/**
 * The one test that walks the fleet's day on purpose: every other test sees
 * the fleet at the fixed FLEET_AT moment. Here the test owns the fleet's
 * clock and moves it through a June day in Shaoxing, hour by hour, and the
 * desk's walls follow: the carport inverters give nothing at night and
 * plenty at noon, and cars come to the chargers by the hour, few before
 * dawn and many in the evening. The fleet only moves when the test moves
 * its clock, so every run walks the same day.
 */

const HOUR_MS = 3_600_000;
let clockMs = Date.parse('2026-06-15T00:00:00+08:00');
let sim: SimDesk;

test.beforeAll(async () => {
  sim = await startSimDesk(Number(process.env.E2E_DAY_PORT ?? 4879), { now: () => clockMs });
});

test.afterAll(async () => {
  await sim?.stop();
});

/** Moves the fleet's clock to `hh:mm` local time today, an hour of physics at a time. */
function walkTo(local: string): void {
  const target = Date.parse(`2026-06-15T${local}:00+08:00`);
  while (clockMs < target) {
    clockMs = Math.min(clockMs + HOUR_MS, target);
    sim.fleet.tick();
  }
}

const ON_GUN = new Set(['preparing', 'charging', 'finishing']);

/** What the fleet's registers say now: each inverter's kW, and how many guns have a car on them. */
function registers(): { kw: Record<string, number>; charging: number } {
  const kw: Record<string, number> = {};
  let charging = 0;
  for (const { devices } of sim.fleet.stations)
    for (const { id } of devices) {
      const { image, profile } = sim.fleet.device(id);
      // The SunSpec profile counts watts; the wall shows kW.
      if (profile.kind === 'pv-inverter') kw[id] = Number(image.readPoint('power')) / 1000;
      for (const point of profile.points)
        if (/^gun\d+\.state$/.test(point.key) && ON_GUN.has(String(image.readPoint(point.key))))
          charging += 1;
    }
  return { kw, charging };
}

/**
 * Moves the fleet to `hh:mm` and waits until the walls show what its
 * registers say there: every inverter's kW on the PV wall, and the count of
 * guns with a car on the charger wall. Returns those figures.
 */
async function at(page: Page, local: string) {
  walkTo(local);
  const fleet = registers();
  await page.locator('body').press('2');
  const shownKw = () =>
    page
      .locator('[data-device-id][data-kind="pv-inverter"]')
      .evaluateAll((tiles) =>
        Object.fromEntries(
          tiles.map((t) => [
            t.getAttribute('data-device-id'),
            Number.parseFloat(t.querySelector('[data-point="power"]')?.textContent ?? '') || 0,
          ]),
        ),
      );
  await expect
    .poll(
      async () => {
        const shown = await shownKw();
        return Object.entries(fleet.kw).every(([id, kw]) => Math.abs((shown[id] ?? Number.NaN) - kw) < 0.15);
      },
      { timeout: 15_000, message: `the PV wall shows the fleet's ${local} output` },
    )
    .toBe(true);
  await page.locator('body').press('1');
  await page.locator('[data-state-filter="charging"]').click();
  await expect(page.locator('.view--wall .filters__count')).toHaveAttribute(
    'data-shown',
    String(fleet.charging),
    { timeout: 15_000 },
  );
  await page.locator('[data-state-filter="charging"]').click();
  return { kw: Object.values(fleet.kw), charging: fleet.charging };
}

test('PV follows the sun and cars arrive by the hour as the fleet walks through a June day', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(sim.url);
  await expect(page.locator('[data-device-id]').first()).toBeVisible({ timeout: 30_000 });

  const night = await at(page, '03:00');
  const noon = await at(page, '12:30');
  const evening = await at(page, '18:00');
  const midnight = await at(page, '23:30');

  // Dark at night, every carport working at noon, the evening sun well below the noon sun.
  const sum = (kw: number[]) => kw.reduce((a, b) => a + b, 0);
  expect(night.kw.length).toBeGreaterThan(0);
  expect(sum(night.kw)).toBe(0);
  expect(sum(midnight.kw)).toBe(0);
  expect(Math.min(...noon.kw)).toBeGreaterThan(0);
  expect(sum(noon.kw)).toBeGreaterThan(2 * sum(evening.kw));
  // Few cars before dawn, the evening peak after work.
  expect(evening.charging).toBeGreaterThan(night.charging);
  expect(noon.charging).toBeGreaterThan(night.charging);
});
