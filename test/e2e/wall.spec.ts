import { expect, test } from '@playwright/test';
import { DeviceState } from '../../shared/api/model';
import { demoFleet } from '../../sim/fleet';
import { PvInverterModel } from '../../sim/models/pv-inverter';
import { expectWallToMove } from './wall-page';
import { type SimDesk, startSimDesk } from './wall-sim';

test.describe('on the demo fleet', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/?lang=en');
    await expect(page.locator('[data-device-id]').first()).toBeVisible({ timeout: 30_000 });
  });

  test('the charger wall has one tile per gun of the demo fleet, all reachable by scrolling', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    const expected = demoFleet()
      .flatMap(({ devices }) => devices)
      .flatMap((d) =>
        Array.from(
          { length: d.profile === 'dc-120kw-dual' ? 2 : d.profile === 'ac-7kw' ? 1 : 0 },
          (_, i) => `${d.id}#${i + 1}`,
        ),
      );
    await expect(page.locator('.view--wall .filters__count')).toHaveAttribute(
      'data-total',
      String(expected.length),
    );
    await expect(page.locator('.view--wall .filters__count')).toHaveAttribute(
      'data-shown',
      String(expected.length),
    );
    // The wall is virtualized: walk it from top to bottom and collect every gun tile that was ever drawn.
    const seen = new Set<string>();
    for (let y = 0; ; y += 600) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      await page.waitForTimeout(100);
      for (const key of await page
        .locator('[data-device-id][data-gun]')
        .evaluateAll((tiles) =>
          tiles.map((t) => `${t.getAttribute('data-device-id')}#${t.getAttribute('data-gun')}`),
        ))
        seen.add(key);
      const bottom = await page.evaluate(
        () => window.scrollY + window.innerHeight >= document.body.scrollHeight - 2,
      );
      if (bottom) break;
    }
    expect([...seen].sort()).toEqual([...expected].sort());
    const inDom = await page.locator('[data-device-id][data-gun]').count();
    expect(inDom).toBeLessThan(expected.length);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(500);
    await page.screenshot({ path: 'docs/screenshot-wall.png' });
  });

  test('1, 2 and 3 switch between the charger, PV and transformer-and-meter walls', async ({ page }) => {
    const kinds = () =>
      page
        .locator('[data-device-id]')
        .evaluateAll((tiles) => [...new Set(tiles.map((t) => t.getAttribute('data-kind')))].sort());
    await expect.poll(kinds).toEqual(['ac-charger', 'dc-charger']);
    await page.locator('body').press('2');
    await expect(page.locator('button[data-sub-wall="pv"]')).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(kinds).toEqual(['pv-inverter']);
    await expect(page.locator('[data-device-id] .pvtile__expected').first()).toContainText('kW');
    await page.locator('body').press('3');
    await expect.poll(kinds).toEqual(['box-transformer', 'meter']);
    await expect(
      page.locator('[data-device-id][data-kind="box-transformer"] [data-point="breaker"]').first(),
    ).toHaveAttribute('data-switch', /closed|open|tripped/);
    await page.locator('body').press('1');
    await expect.poll(kinds).toEqual(['ac-charger', 'dc-charger']);
  });

  test('O cycles the sort order; by power the busiest gun of a station leads', async ({ page }) => {
    await expect(page.locator('[data-sort="station"]')).toHaveAttribute('aria-pressed', 'true');
    await page.locator('body').press('o');
    await expect(page.locator('[data-sort="severity"]')).toHaveAttribute('aria-pressed', 'true');
    await page.locator('body').press('o');
    await expect(page.locator('[data-sort="power"]')).toHaveAttribute('aria-pressed', 'true');
    await expect
      .poll(async () => {
        const kw = await page
          .locator('.vwall__row--tiles')
          .first()
          .locator('.gtile__kw')
          .evaluateAll((cells) => cells.map((c) => Number.parseFloat(c.textContent ?? '') || 0));
        return kw.every((v, i) => i === 0 || (kw[i - 1] ?? 0) >= v);
      })
      .toBe(true);
  });

  test('the wall shows live values that change as the fleet moves', async ({ page }) => {
    await expectWallToMove(page, { timeout: 10_000, message: 'no charging gun or PV value changed' });
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
      await expect(page.locator('.view--wall .wall__empty')).toHaveText(/All devices normal/);
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
});

test.describe('on a simulator the test drives', () => {
  let sim: SimDesk;

  test.beforeAll(async () => {
    sim = await startSimDesk(Number(process.env.E2E_SIM_PORT ?? 4877));
  });

  test.afterAll(async () => {
    await sim?.stop();
  });

  test('a DC charger faulted in the simulator stands out on both its guns; its neighbours stay grey', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(sim.url);
    const gun = (n: number) => page.locator(`[data-device-id="sx01-dc1"][data-gun="${n}"]`);
    const neighbour = page.locator('[data-device-id="sx01-ac1"]');
    await expect(gun(1)).toBeVisible({ timeout: 30_000 });
    await expect(neighbour).not.toHaveAttribute('data-severity', /fault|comm-lost/);

    sim.fleet.anomaly('sx01-dc1', 'insulation-fault');
    for (const n of [1, 2]) {
      await expect(gun(n)).toHaveAttribute('data-severity', 'fault', { timeout: 15_000 });
      await expect(gun(n).locator('.tile__alert--fault')).toBeVisible();
    }
    const border = (locator: typeof neighbour) =>
      locator.evaluate((el) => getComputedStyle(el).borderLeftColor);
    const badge = (locator: typeof neighbour) =>
      locator.locator('.badge').evaluate((el) => getComputedStyle(el).backgroundColor);
    // The fault red of wall.css (--fault: #e8372c) on the border and the badge; the neighbour keeps the grey line.
    expect(await border(gun(1))).toBe('rgb(232, 55, 44)');
    expect(await badge(gun(2))).toBe('rgb(232, 55, 44)');
    expect(await border(neighbour)).not.toBe('rgb(232, 55, 44)');

    await page.locator('body').press('a');
    await expect(page.locator('[data-device-id][data-gun]')).toHaveCount(2);
    await page.locator('body').press('a');

    await page.locator('[data-sort="severity"]').click();
    await expect(page.locator('[data-device-id][data-gun]').first()).toHaveAttribute(
      'data-severity',
      'fault',
    );
    sim.fleet.clearAnomaly('sx01-dc1');
  });

  test('an inverter derated in the simulator is flagged after the hold time; the others are not', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    // The browser's clock agrees with the simulator's: midday in Shaoxing, whatever the time here.
    await page.clock.install({ time: sim.now() });
    await page.goto(sim.url);
    await expect(page.locator('[data-device-id]').first()).toBeVisible({ timeout: 30_000 });
    await page.locator('body').press('2');
    const pv1 = page.locator('[data-device-id="sx01-pv1"]');
    await expect(pv1).toBeVisible({ timeout: 30_000 });
    await expect(pv1).toHaveAttribute('data-verdict', /ok|below/, { timeout: 15_000 });

    const model = sim.fleet.device('sx01-pv1').model;
    if (!(model instanceof PvInverterModel)) throw new Error('sx01-pv1 is not an inverter');
    model.derate(0.3);
    await expect(pv1).toHaveAttribute('data-verdict', 'below', { timeout: 15_000 });
    await expect(pv1.locator('[data-testid="pv-flag"]')).toHaveCount(0);
    const ratio = Number(await pv1.locator('.pvtile__ratio').getAttribute('data-ratio'));
    expect(ratio).toBeLessThan(0.7);

    // The hold time passes on the page's clock; the simulator keeps polling in real time.
    await page.clock.fastForward('16:00');
    await expect(pv1).toHaveAttribute('data-verdict', 'flagged', { timeout: 15_000 });
    await expect(pv1.locator('[data-testid="pv-flag"]')).toContainText('Underperforming');
    await expect(pv1).toHaveClass(/tile--under/);
    // Clouds drift over each simulated inverter on its own: a neighbour is judged by the same rule, not assumed healthy.
    const others = await page.locator('[data-device-id][data-kind="pv-inverter"]').evaluateAll((tiles) =>
      tiles.map((t) => ({
        id: t.getAttribute('data-device-id'),
        verdict: t.getAttribute('data-verdict'),
        ratio: Number(t.querySelector('.pvtile__ratio')?.getAttribute('data-ratio') || Number.NaN),
      })),
    );
    for (const other of others.filter((o) => o.id !== 'sx01-pv1' && o.ratio >= 0.7))
      expect(other.verdict, other.id ?? '').toBe('ok');
    await page.screenshot({ path: 'docs/screenshot-pv.png' });
    model.derate(1);
  });
});
