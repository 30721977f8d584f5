import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { loadScenario, playScenario } from '../../sim/scenario';
import { type SimDesk, startSimDesk } from './wall-sim';

/**
 * The reports view, from the keyboard, on a desk polling a simulator the
 * test drives: the report drill (resources/scenarios/report-drill.json)
 * charges three cars at sx01-ac1 and trips it three times within a minute,
 * so the monthly figures and the alarm KPIs have something known to show.
 * Exports download through the browser and are read back.
 *
 * data-testids: tab-reports, reports-view, report-section-<name>, report-<section>, report-month,
 * report-charger-<device> (cells sessions, energy, faults), report-kpi-<id> (data-verdict),
 * report-export-<format>, report-status, report-chart-<name>.
 */

const CHARGER = 'sx01-ac1';

test.describe('reports by keyboard', () => {
  let sim: SimDesk;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const scenario = loadScenario(join('resources', 'scenarios', 'report-drill.json'));
    // The drill's 0 s steps hold sx01-ac1 idle before the desk's first poll; the rest plays once the
    // desk is up. Played whole before the desk started, a desk slow to start on a loaded machine
    // missed the sessions at 2–8 s (0 or 2 of 3).
    const hold = { ...scenario, steps: scenario.steps.filter((step) => step.at === 0) };
    const rest = { ...scenario, steps: scenario.steps.filter((step) => step.at > 0) };
    sim = await startSimDesk(Number(process.env.E2E_PORT ?? 4873) + 2, {
      prepare: (fleet) => {
        playScenario(fleet, hold);
      },
    });
    await playScenario(sim.fleet, rest).finished;
  });

  test.afterAll(async () => {
    await sim?.stop();
  });

  async function download(page: Page, key: string) {
    const [file] = await Promise.all([page.waitForEvent('download'), page.keyboard.press(key)]);
    const path = await file.path();
    return { name: file.suggestedFilename(), bytes: readFileSync(path) };
  }

  test('monthly figures, alarm KPIs against their targets, and the three exports', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(sim.url);
    await expect(page.getByTestId('tab-reports')).toBeVisible({ timeout: 30_000 });

    await page.locator('body').press('F9');
    await expect(page.getByTestId('reports-view')).toBeVisible();
    await expect(page.getByTestId('tab-reports')).toHaveAttribute('aria-current', 'page');
    const row = page.getByTestId(`report-charger-${CHARGER}`);
    await expect(row.getByTestId('sessions')).toHaveText('3', { timeout: 30_000 });
    await expect(row.getByTestId('faults')).toHaveText('3');
    await expect(page.getByTestId('report-total-sessions')).toBeVisible();
    await expect(
      page.getByTestId('report-chart-energy').locator('.recharts-bar-rectangle').first(),
    ).toBeVisible();
    const month = await page.getByTestId('report-month').inputValue();
    expect(month).toMatch(/^\d{4}-\d{2}$/);

    // CSV: the row of the charger says what the screen says.
    const csv = await download(page, 'c');
    expect(csv.name).toBe(`monthly-${month}.csv`);
    const text = csv.bytes.toString('utf8');
    const line = text.split('\r\n').find((l) => l.includes(`(${CHARGER})`));
    const cells = line?.split(',') ?? [];
    expect(cells[3]).toBe(await row.getByTestId('sessions').innerText());
    // Station, charger, kind, sessions, of which reconstructed, energy, source, session energy, faults.
    expect(cells[8]).toBe(await row.getByTestId('faults').innerText());
    await expect(page.getByTestId('report-status')).toContainText(csv.name);

    // XLSX: read back, the same sessions and faults for every charger on screen.
    const xlsx = await download(page, 'x');
    expect(xlsx.name).toBe(`monthly-${month}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as Parameters<typeof book.xlsx.load>[0]);
    const sheet = book.worksheets.find((s) => s.name.startsWith('Chargers'));
    const found: string[] = [];
    sheet?.eachRow((r, n) => {
      if (n === 1) return;
      const id = /\(([^)]+)\)$/.exec(String(r.getCell(2).value))?.[1];
      // Sessions in column 4, faults in 9 (after 'of which reconstructed', energy, source, session energy).
      if (id) found.push(`${id}:${r.getCell(4).value}:${r.getCell(9).value}`);
    });
    const shown = await page.locator('[data-testid^="report-charger-"]').evaluateAll((rows) =>
      rows.map((r) => {
        const id = r.getAttribute('data-testid')?.slice('report-charger-'.length);
        const cell = (name: string) => r.querySelector(`[data-testid="${name}"]`)?.textContent;
        return `${id}:${cell('sessions')}:${cell('faults')}`;
      }),
    );
    expect(found.sort()).toEqual(shown.sort());

    const pdf = await download(page, 'p');
    expect(pdf.name).toBe(`monthly-${month}.pdf`);
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');

    // 4: alarm KPIs — three trips within a minute chatter, and the tile says it misses its target.
    await page.keyboard.press('4');
    await expect(page.getByTestId('report-alarmKpi')).toBeVisible();
    const chattering = page.getByTestId('report-kpi-chattering');
    await expect(chattering).toHaveAttribute('data-verdict', 'missed', { timeout: 30_000 });
    await expect(page.getByTestId('report-kpi-averageRate')).toContainText('/h');
    await expect(page.getByTestId(`report-top-${CHARGER}:groundFault`)).toContainText('3');
    await expect(page.getByTestId('report-chart-hourly')).toBeVisible();
    await page.screenshot({ path: 'docs/screenshot-reports.png' });

    const kpiPdf = await download(page, 'p');
    expect(kpiPdf.name).toBe(`alarm-kpi-${month}.pdf`);

    // K opens it from anywhere too; 5 is the shift, whose export is named after the shift.
    await page.keyboard.press('F1');
    await expect(page.getByTestId('reports-view')).toBeHidden();
    await page.keyboard.press('k');
    await expect(page.getByTestId('reports-view')).toBeVisible();
    await page.keyboard.press('5');
    await expect(page.getByTestId('report-kpi-sessions')).toBeVisible();
    const shift = await download(page, 'c');
    expect(shift.name).toMatch(/^shift-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/);
  });
});
