import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LedgerFile, MAX_LEDGER_BYTES } from '../../shared/api/ledger';
import type { Cell } from '../../shared/config/ledger/columns';
import { formatCsv, parseCsv } from '../../shared/config/ledger/csv';
import { refusal } from '../helpers/contract-calls';
import { overWebSocket, resources, signIn, startDesk, type Transport } from '../helpers/desk';
import { withDeskJournal } from '../helpers/desk-journal';

/**
 * An asset ledger (台账) of a thousand chargers, made by a spreadsheet
 * library as an operator's office would, through the real bridge into a desk
 * with a config file: every bad row named, a clean one applied and
 * journalled, CSV too, and an export that reads back unchanged.
 */
const NEW_STATIONS = 20;
const NEW_DEVICES = 1000;

let desk: Awaited<ReturnType<typeof startDesk>>;
let admin: Transport;
let profile: string;

beforeAll(async () => {
  desk = await startDesk({ stations: 1 });
  admin = await overWebSocket(desk.engine);
  await signIn(admin.client);
  profile = desk.config.devices[0]?.profile ?? '';
}, 30_000);

afterAll(async () => {
  await admin?.close();
  await desk?.stop();
});

const STATION_HEAD = ['站点编号', '站点名称', '经度', '纬度', '分组', '城区', '资产编号'];
const DEVICE_HEAD = ['设备编号', '站点编号', '设备名称', 'profile', 'IP地址', '端口', '从站地址'];

function stationRows(): Cell[][] {
  return Array.from({ length: NEW_STATIONS }, (_, s) => [
    `kq${String(s).padStart(2, '0')}`,
    `柯桥 ${s} 号站`,
    120.4 + s / 1000,
    30.05 + s / 1000,
    '柯桥区',
    s % 2 === 0 ? '是' : '否',
    `ZC-${s}`,
  ]);
}

/** A thousand chargers behind four gateways on ports nobody listens to (250 units each), as RS-485 buses are. */
function deviceRows(): Cell[][] {
  return Array.from({ length: NEW_DEVICES }, (_, i) => [
    `kq${String(i % NEW_STATIONS).padStart(2, '0')}-ac${i}`,
    `kq${String(i % NEW_STATIONS).padStart(2, '0')}`,
    `交流桩 ${i}`,
    profile,
    '127.0.0.1',
    1 + Math.floor(i / 250),
    1 + (i % 250),
  ]);
}

async function workbook(stations: Cell[][], devices: Cell[][]): Promise<LedgerFile> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('说明').addRow(['绍兴柯桥 台账 2026']);
  book.addWorksheet('站点').addRows([STATION_HEAD, ...stations]);
  book.addWorksheet('设备').addRows([DEVICE_HEAD, ...devices]);
  return { name: '台账.xlsx', base64: Buffer.from(await book.xlsx.writeBuffer()).toString('base64') };
}

/** The profiles the desk ships, as the refusal lists them. */
const known = () =>
  readdirSync(join(resources, 'profiles'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort()
    .join(', ');

const configFile = () => readFileSync(desk.configPath, 'utf8');

describe('importing a ledger', () => {
  it('names every bad row by sheet, row and column, and applies nothing', async () => {
    const stations = stationRows();
    const devices = deviceRows();
    stations[3] = ['kq03', '柯桥 3 号站', null, null, '柯桥区', '否', 'ZC-3'];
    devices[9] = [...(devices[8] ?? [])];
    devices[99] = ['kq00-x', 'kq00', '直流桩', 'no-such-profile', '127.0.0.1', 9, 1];
    devices[499] = ['kq00-y', 'kq00', '直流桩', profile, '127.0.0.1', 70000, 1];
    const file = await workbook(stations, devices);
    const before = configFile();
    const preview = await admin.client.request('ledger.preview', { files: [file], removeMissing: false });
    expect(preview.format).toBe('xlsx');
    expect(preview.ignoredSheets).toEqual(['说明']);
    expect(preview.sheets).toEqual([
      { name: '站点', kind: 'stations', rows: NEW_STATIONS, ignoredColumns: ['资产编号'] },
      { name: '设备', kind: 'devices', rows: NEW_DEVICES, ignoredColumns: [] },
    ]);
    expect(preview.diff).toBeNull();
    expect(preview.issues.map((i) => `${i.sheet}, row ${i.row}, column ${i.column}: ${i.message}`)).toEqual([
      '站点, row 5, column 经度: missing',
      '站点, row 5, column 纬度: missing',
      // The copy of row 10 is row 11: a duplicate id, and the same unit on the same gateway.
      '设备, row 11, column 设备编号: duplicate id "kq08-ac8" (first on row 10)',
      '设备, row 11, column 从站地址: 127.0.0.1:1#9 is already used by row 10',
      `设备, row 101, column profile: no profile "no-such-profile" (known: ${known()})`,
      '设备, row 501, column 端口: 70000 is above 65535',
    ]);
    expect(preview.issueCount).toBe(6);

    const refused = await refusal(
      admin.client.request('ledger.apply', {
        files: [file],
        removeMissing: false,
        basis: preview.basis,
        reason: 'taking over Keqiao',
      }),
    );
    expect(refused).toMatch(/the ledger has 6 problem\(s\); the first: 站点, row 5, column 经度: missing/);
    expect(configFile()).toBe(before);
  });

  it('applies a clean ledger through the config save, journalled with the reason', async () => {
    const file = await workbook(stationRows(), deviceRows());
    const preview = await admin.client.request('ledger.preview', { files: [file], removeMissing: false });
    expect(preview.issues).toEqual([]);
    expect(preview.diff?.stations.counts).toEqual({ added: NEW_STATIONS, changed: 0, removed: 0 });
    expect(preview.diff?.devices.counts).toEqual({ added: NEW_DEVICES, changed: 0, removed: 0 });
    // The reply carries the first 500 of a long list; the count says the rest.
    expect(preview.diff?.devices.added).toHaveLength(500);
    expect(preview.diff?.devices.kept).toBe(desk.config.devices.length);

    const applied = await admin.client.request('ledger.apply', {
      files: [file],
      removeMissing: false,
      basis: preview.basis,
      reason: '接管柯桥 20 站',
    });
    const total = desk.config.devices.length + NEW_DEVICES;
    expect(applied).toEqual({ stations: desk.config.stations.length + NEW_STATIONS, devices: total });
    const saved = JSON.parse(configFile());
    expect(saved.devices).toHaveLength(total);
    expect(saved.devices.at(-1)).toEqual({
      id: 'kq19-ac999',
      stationId: 'kq19',
      name: '交流桩 999',
      profile,
      host: '127.0.0.1',
      port: 4,
      unitId: 250,
    });
    expect(saved.stations.find((s: { id: string }) => s.id === 'kq02')).toMatchObject({
      urban: true,
      lat: 30.052,
    });
    const changed = withDeskJournal(desk.dataDir, (j) => j.read({ type: 'config.changed' })).at(-1);
    expect(changed).toMatchObject({ reason: '接管柯桥 20 站', actor: { user: 'admin', role: 'admin' } });
    expect((changed?.data as { added?: string[] } | undefined)?.added).toHaveLength(NEW_DEVICES);
    expect((await admin.client.request('fleet.snapshot', {})).devices).toHaveLength(total);

    // The same file again was made against the configuration before it: refused, nothing applied twice.
    expect(
      await refusal(
        admin.client.request('ledger.apply', {
          files: [file],
          removeMissing: false,
          basis: preview.basis,
          reason: 'again',
        }),
      ),
    ).toMatch(/configuration changed since the preview/);
  });

  it('exports a ledger that reads back unchanged, as XLSX and as CSV', async () => {
    for (const format of ['xlsx', 'csv'] as const) {
      const { files } = await admin.client.request('ledger.export', { format });
      const preview = await admin.client.request('ledger.preview', {
        files: files.map(({ name, base64 }) => ({ name, base64 })),
        removeMissing: true,
      });
      expect(preview.issues, format).toEqual([]);
      const total = JSON.parse(configFile()).devices.length;
      expect(preview.diff?.devices, format).toMatchObject({ unchanged: total, kept: 0 });
      expect(preview.diff?.devices.counts, format).toEqual({ added: 0, changed: 0, removed: 0 });
      expect(preview.diff?.stations.counts, format).toEqual({ added: 0, changed: 0, removed: 0 });
      expect(
        await refusal(
          admin.client.request('ledger.apply', {
            files: files.map(({ name, base64 }) => ({ name, base64 })),
            removeMissing: true,
            basis: preview.basis,
            reason: 'round trip',
          }),
        ),
      ).toMatch(/nothing to apply/);
    }
  });

  it('reads an edited CSV export (no byte-order mark) as field-level changes and opt-in removals', async () => {
    const { files } = await admin.client.request('ledger.export', { format: 'csv' });
    const devicesCsv = files.find((f) => f.name.includes('devices'));
    if (!devicesCsv) throw new Error('no devices file in the export');
    const [head, ...rows] = parseCsv(Buffer.from(devicesCsv.base64, 'base64').toString('utf8'));
    const port = head?.indexOf('port') ?? -1;
    const kept = rows.filter((r) => r[0]?.startsWith('kq')).slice(0, 10);
    const first = kept[0] ?? [];
    first[port] = '1502';
    const text = formatCsv([head ?? [], ...kept]).slice(1);
    const file = { name: 'devices.csv', base64: Buffer.from(text, 'utf8').toString('base64') };
    const preview = await admin.client.request('ledger.preview', { files: [file], removeMissing: false });
    expect(preview.format).toBe('csv');
    expect(preview.diff?.devices.changed).toEqual([
      { id: first[0], name: first[2], changes: [{ field: 'port', before: 1, after: 1502 }] },
    ]);
    expect(preview.diff?.devices.counts.removed).toBe(0);
    const removing = await admin.client.request('ledger.preview', { files: [file], removeMissing: true });
    const total = JSON.parse(configFile()).devices.length;
    expect(removing.diff?.devices.counts.removed).toBe(total - 10);
  });

  it('reads a CSV saved by Excel on a Chinese Windows (GB18030, Chinese headers)', async () => {
    // "设备编号,站点编号,设备名称,设备模板,IP地址,端口,从站地址\r\nkq00-ac0,kq00," and "一号桩" in GB18030.
    const head = Buffer.from(
      'c9e8b1b8b1e0bac52cd5beb5e3b1e0bac52cc9e8b1b8c3fbb3c62cc9e8b1b8c4a3b0e52c4950b5d8d6b72cb6cbbfda2cb4d3d5beb5d8d6b70d0a6b7130302d6163302c6b7130302c',
      'hex',
    );
    const name = Buffer.from('d2bbbac5d7ae', 'hex');
    const bytes = Buffer.concat([head, name, Buffer.from(`,${profile},127.0.0.1,1,1\r\n`)]);
    const file = { name: '设备台账.csv', base64: bytes.toString('base64') };
    const preview = await admin.client.request('ledger.preview', { files: [file], removeMissing: false });
    expect(preview.issues).toEqual([]);
    expect(preview.diff?.devices.changed).toEqual([
      { id: 'kq00-ac0', name: '一号桩', changes: [{ field: 'name', before: '交流桩 0', after: '一号桩' }] },
    ]);
  });

  it('refuses a file over the size limit before reading it', async () => {
    const big = { name: 'big.csv', base64: 'A'.repeat(Math.ceil(MAX_LEDGER_BYTES / 3) * 4 + 4) };
    expect(
      await refusal(admin.client.request('ledger.preview', { files: [big], removeMissing: false })),
    ).toMatch(/larger than 600 KB/);
  });

  it('refuses a file that is not a spreadsheet with a clear message', async () => {
    const png = {
      name: 'photo.png',
      base64: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]).toString('base64'),
    };
    expect(
      await refusal(admin.client.request('ledger.preview', { files: [png], removeMissing: false })),
    ).toMatch(/photo\.png: not a spreadsheet: an XLSX workbook or a CSV text file was expected/);
    const xls = {
      name: '台账.xls',
      base64: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]).toString('base64'),
    };
    expect(
      await refusal(admin.client.request('ledger.preview', { files: [xls], removeMissing: false })),
    ).toMatch(/Excel 97-2003 \(\.xls\) file: save it as \.xlsx or CSV/);
    const fake = { name: 'ledger.xlsx', base64: Buffer.from('id,name\n').toString('base64') };
    expect(
      await refusal(admin.client.request('ledger.preview', { files: [fake], removeMissing: false })),
    ).toMatch(/not an XLSX workbook/);
  });
});
