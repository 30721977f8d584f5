import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import type { Cell } from '../../shared/config/ledger/columns';
import { signIn } from './sign-in';
import { type SimProcessDesk, startSimProcessDesk } from './sim-process-desk';

/**
 * Issue 20 item 14: an asset ledger (台账) imported in Stations & devices.
 *
 * data-testids used here and by the renderer:
 *   ledger-bar, ledger-import (opens the file chooser), ledger-file, ledger-status,
 *   ledger-export-xlsx, ledger-export-csv
 *   ledger-problems, ledger-problem-list, ledger-problems-more, ledger-problems-close
 *   ledger-apply (with -reason, -confirm, -error), ledger-counts (rows data-kind, cells data-count),
 *   ledger-remove-missing, ledger-changed-<kind>, ledger-added-<kind>, ledger-removed-<kind>
 */
const ADMIN = { user: 'admin', password: 'ledger-e2e-admin' };

let running: SimProcessDesk | undefined;
let configPath = '';

type Fleet = {
  stations: { id: string; name: string; lat: number; lng: number; group: string; urban: boolean }[];
  devices: {
    id: string;
    name: string;
    stationId: string;
    profile: string;
    host: string;
    port: number;
    unitId: number;
  }[];
};
const fleet = (): Fleet => JSON.parse(readFileSync(configPath, 'utf8'));

test.beforeAll(async () => {
  running = await startSimProcessDesk('dutydesk-e2e-ledger-', ADMIN, 40_000);
  configPath = join(running.dir, 'fleet.json');
});
test.afterAll(() => running?.stop());

/** A workbook as an office keeps it: Chinese headers, a stations and a devices sheet. */
async function ledgerFile(name: string, stations: Cell[][], devices: Cell[][]): Promise<string> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('站点').addRows([['站点编号', '站点名称', '经度', '纬度', '分组', '城区'], ...stations]);
  book
    .addWorksheet('设备')
    .addRows([['设备编号', '站点编号', '设备名称', '设备模板', 'IP地址', '端口', '从站地址'], ...devices]);
  const path = join(running?.dir ?? '', name);
  writeFileSync(path, Buffer.from(await book.xlsx.writeBuffer()));
  return path;
}

async function openConfig(page: Page): Promise<void> {
  await page.goto(`${running?.desk.url}/?lang=en`);
  await signIn(page, ADMIN);
  await page.getByTestId('tab-config').click();
  await expect(page.getByTestId('ledger-bar')).toBeVisible();
}

/** The import button opens the file chooser, which gets the file. */
async function importFile(page: Page, path: string): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByTestId('ledger-import').click(),
  ]);
  await chooser.setFiles(path);
}

const count = (page: Page, kind: string, what: string) =>
  page.getByTestId('ledger-counts').locator(`tr[data-kind="${kind}"] td[data-count="${what}"]`);

test('a ledger with bad rows lists them by sheet, row and column and changes nothing', async ({ page }) => {
  const before = readFileSync(configPath, 'utf8');
  const profile = fleet().devices[0]?.profile ?? '';
  const path = await ledgerFile(
    'bad.xlsx',
    [['kq01', '柯桥一号站', null, null, '柯桥区', '是']],
    [
      ['kq01-ac1', 'kq01', '交流桩 1', profile, '127.0.0.1', 70000, 1],
      ['kq01-ac2', 'kq01', '交流桩 2', 'no-such-profile', '127.0.0.1', 1, 2],
    ],
  );
  await openConfig(page);
  await importFile(page, path);
  const problems = page.getByTestId('ledger-problems');
  await expect(problems).toBeVisible();
  await expect(problems.getByRole('heading')).toHaveText('The ledger has 4 problems');
  const list = page.getByTestId('ledger-problem-list').locator('li');
  await expect(list).toHaveText([
    'sheet 站点, row 2, column 经度: missing',
    'sheet 站点, row 2, column 纬度: missing',
    'sheet 设备, row 2, column 端口: 70000 is above 65535',
    /^sheet 设备, row 3, column 设备模板: no profile "no-such-profile" \(known: /,
  ]);
  await page.screenshot({ path: 'docs/screenshot-ledger-problems.png' });
  await page.keyboard.press('Escape');
  await expect(problems).toHaveCount(0);
  expect(readFileSync(configPath, 'utf8')).toBe(before);
});

test('a clean ledger is previewed field by field and applied with a reason', async ({ page }) => {
  const start = fleet();
  const first = start.devices[0];
  const home = start.stations.find((st) => st.id === first?.stationId);
  if (!first || !home) throw new Error('the demo fleet has no device');
  const path = await ledgerFile(
    '台账.xlsx',
    [
      [home.id, home.name, home.lng, home.lat, home.group, home.urban],
      ['kq01', '柯桥一号站', 120.47, 30.08, '柯桥区', '是'],
    ],
    [
      [
        first.id,
        first.stationId,
        '一号交流桩（已更换）',
        first.profile,
        first.host,
        first.port,
        first.unitId,
      ],
      ...[1, 2, 3].map((n) => [`kq01-ac${n}`, 'kq01', `交流桩 ${n}`, first.profile, '127.0.0.1', 1, n]),
    ],
  );
  await openConfig(page);
  await importFile(page, path);
  const dialog = page.getByTestId('ledger-apply');
  await expect(dialog).toBeVisible();
  await expect(count(page, 'stations', 'added')).toHaveText('1');
  await expect(count(page, 'devices', 'added')).toHaveText('3');
  await expect(count(page, 'devices', 'changed')).toHaveText('1');
  await expect(count(page, 'devices', 'removed')).toHaveText('0');
  await expect(count(page, 'devices', 'kept')).toHaveText(String(start.devices.length - 1));
  await expect(count(page, 'stations', 'unchanged')).toHaveText('1');
  await expect(page.getByTestId('ledger-changed-devices')).toContainText(
    `name: ${first.name} → 一号交流桩（已更换）`,
  );

  // Removal is opt-in: ticked, the preview counts what would go; unticked again, nothing goes.
  const remove = page.getByTestId('ledger-remove-missing');
  await remove.focus();
  await page.keyboard.press('Space');
  await expect(count(page, 'devices', 'removed')).toHaveText(String(start.devices.length - 1));
  await expect(count(page, 'stations', 'removed')).toHaveText(String(start.stations.length - 1));
  await expect(page.getByTestId('ledger-removed-devices')).toContainText(start.devices[1]?.id ?? '?');
  await page.screenshot({ path: 'docs/screenshot-ledger-preview.png' });
  await page.keyboard.press('Space');
  await expect(count(page, 'devices', 'removed')).toHaveText('0');

  await page.getByTestId('ledger-apply-reason').fill('e2e: 接管柯桥一号站');
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('ledger-status')).toContainText(
    `Ledger applied: ${start.stations.length + 1} stations and ${start.devices.length + 3} devices`,
  );
  const after = fleet();
  expect(after.devices).toHaveLength(start.devices.length + 3);
  expect(after.devices[0]?.name).toBe('一号交流桩（已更换）');
  await expect(page.getByTestId('config-devices').locator('tbody tr')).toHaveCount(start.devices.length + 3);
});

test('the exported ledger imports back with nothing to change', async ({ page }) => {
  await openConfig(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('ledger-export-xlsx').click(),
  ]);
  expect(download.suggestedFilename()).toBe('dutydesk-ledger.xlsx');
  const path = join(running?.dir ?? '', 'exported.xlsx');
  await download.saveAs(path);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  expect(book.worksheets.map((s) => s.name)).toEqual(['stations', 'devices']);
  expect(book.getWorksheet('devices')?.actualRowCount).toBe(fleet().devices.length + 1);

  await importFile(page, path);
  await expect(page.getByTestId('ledger-apply')).toBeVisible();
  for (const kind of ['stations', 'devices']) {
    for (const what of ['added', 'changed', 'removed']) await expect(count(page, kind, what)).toHaveText('0');
  }
  await expect(count(page, 'devices', 'unchanged')).toHaveText(String(fleet().devices.length));
  await page.getByTestId('ledger-apply-reason').fill('e2e: round trip');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ledger-apply-error')).toHaveText(
    'The ledger matches the configuration: nothing to apply',
  );
});
