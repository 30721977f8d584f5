import { describe, expect, it } from 'vitest';
import { Station } from '../../shared/api/model';
import { type Cell, COLUMNS, columnOf, sheetKindOf } from '../../shared/config/ledger/columns';
import { cellOfCsv, formatCsv, parseCsv } from '../../shared/config/ledger/csv';
import { diffLedger, mergeLedger } from '../../shared/config/ledger/diff';
import { type LedgerContext, readLedger, type SheetGrid } from '../../shared/config/ledger/read';
import { ledgerSheets } from '../../shared/config/ledger/write';
import { DeviceConfig } from '../../shared/config/schema';

const station = {
  id: 'sx01',
  name: '越城站',
  address: '',
  lat: 30,
  lng: 120.58,
  group: '越城区',
  urban: true,
};
const device = {
  id: 'sx01-ac1',
  stationId: 'sx01',
  name: 'AC 1',
  profile: 'ac-7kw',
  host: '10.1.1.5',
  port: 502,
  unitId: 1,
};

const context = (over: Partial<LedgerContext> = {}): LedgerContext => ({
  stations: [station],
  devices: [device],
  profiles: ['ac-7kw', 'dc-120kw'],
  removeMissing: false,
  ...over,
});

/** A sheet as a spreadsheet shows it: the header on row 1, then rows 2, 3, … */
function grid(name: string, rows: Cell[][]): SheetGrid {
  return { name, rows: rows.map((cells, i) => ({ number: i + 1, cells })) };
}

describe('ledger columns', () => {
  it('has a column for every field of a station and of a device', () => {
    expect(COLUMNS.stations.map((c) => c.key).sort()).toEqual(Object.keys(Station.shape).sort());
    expect(COLUMNS.devices.map((c) => c.key).sort()).toEqual(Object.keys(DeviceConfig.shape).sort());
  });

  it('takes Chinese headers, case and a unit in brackets aside', () => {
    expect(columnOf('stations', '经度（°）')?.key).toBe('lng');
    expect(columnOf('stations', '站点编号')?.key).toBe('id');
    expect(columnOf('devices', '站点编号')?.key).toBe('stationId');
    expect(columnOf('devices', 'Unit ID')?.key).toBe('unitId');
    expect(columnOf('devices', '采购日期')).toBeNull();
  });

  it('tells a stations sheet from a devices sheet by name, else by headers', () => {
    expect(sheetKindOf('设备', [])).toBe('devices');
    expect(sheetKindOf('dutydesk-ledger-stations.csv', [])).toBe('stations');
    expect(sheetKindOf('export.csv', ['设备编号', '所属站点', 'IP地址'])).toBe('devices');
    expect(sheetKindOf('Sheet1', ['编号', '纬度', '经度'])).toBe('stations');
    expect(sheetKindOf('说明', ['备注'])).toBeNull();
  });
});

describe('ledger CSV', () => {
  it('reads quoted fields with commas, quotes and line breaks, after a byte-order mark', () => {
    expect(parseCsv('\ufeffid,name\r\nsx01,"越城站, ""北""\n二期"\r\n')).toEqual([
      ['id', 'name'],
      ['sx01', '越城站, "北"\n二期'],
    ]);
    expect(parseCsv('a,b\nc,')).toEqual([
      ['a', 'b'],
      ['c', ''],
    ]);
  });

  it('refuses an unterminated quote, naming its line', () => {
    expect(() => parseCsv('id,name\nsx01,"越城站\n')).toThrow(/opened on line 2 is never closed/);
  });

  it('writes formula-like text so a spreadsheet does not run it, and reads it back as it was', () => {
    const text = formatCsv([['=1+1', '-x', 12, true, null]]);
    expect(text).toBe("\ufeff'=1+1,'-x,12,true,\r\n");
    expect(parseCsv(text)[0]?.map(cellOfCsv)).toEqual(['=1+1', '-x', '12', 'true', null]);
  });
});

describe('reading a ledger', () => {
  it('names sheet, row and column of every problem, not only the first', () => {
    const read = readLedger(
      [
        grid('站点', [
          ['站点编号', '站点名称', '经度', '纬度', '分组', '城区'],
          ['sx01', '越城站', 120.58, 30, '越城区', '是'],
          ['sx02', '柯桥站', null, null, '柯桥区', '否'],
        ]),
        grid('设备', [
          ['设备编号', '站点编号', '设备名称', 'profile', 'host', 'port', 'unitId'],
          ['sx01-ac1', 'sx01', 'AC 1', 'ac-7kw', '10.1.1.5', 502, 1],
          ['sx01-ac1', 'sx01', 'AC 2', 'ac-7kw', '10.1.1.6', 502, 1],
          ['sx01-ac3', 'sx01', 'AC 3', 'ac-99kw', '10.1.1.7', 70000, 1],
          ['sx01-ac4', 'sx09', 'AC 4', 'ac-7kw', '10.1.1.5', 502, 1.5],
        ]),
      ],
      context(),
    );
    expect(read.issues).toEqual([
      { sheet: '站点', row: 3, column: '经度', message: 'missing' },
      { sheet: '站点', row: 3, column: '纬度', message: 'missing' },
      { sheet: '设备', row: 3, column: '设备编号', message: 'duplicate id "sx01-ac1" (first on row 2)' },
      { sheet: '设备', row: 4, column: 'port', message: '70000 is above 65535' },
      { sheet: '设备', row: 5, column: 'unitId', message: '1.5 is not a whole number' },
    ]);
  });

  it('checks stations, profiles and endpoints across rows', () => {
    const read = readLedger(
      [
        grid('devices', [
          ['id', 'stationId', 'name', 'profile', 'host', 'port', 'unitId'],
          ['sx01-ac2', 'sx09', 'AC 2', 'ac-99kw', '10.1.1.5', 502, 1],
        ]),
      ],
      context(),
    );
    expect(read.issues.map((i) => `${i.row} ${i.column}: ${i.message}`)).toEqual([
      '2 stationId: no station "sx09"',
      '2 profile: no profile "ac-99kw" (known: ac-7kw, dc-120kw)',
      '2 unitId: 10.1.1.5:502#1 is already used by device sx01-ac1, not in the ledger',
    ]);
  });

  it('lets broker-fed devices share the broker’s host and port, as the config does', () => {
    const fed = {
      ...device,
      id: 'sx01-sp1',
      host: '10.9.0.1',
      port: 1883,
      sparkplug: { group: 'sx', node: 'gw-1' },
    };
    const read = readLedger(
      [
        grid('devices', [
          ['id', 'stationId', 'name', 'profile', 'host', 'port', 'unitId', 'sparkplug', 'json'],
          [
            'sx01-sp2',
            'sx01',
            'SP 2',
            'ac-7kw',
            '10.9.0.1',
            1883,
            1,
            '{"group":"sx","node":"gw-1","device":"ac2"}',
            '',
          ],
          ['sx01-js1', 'sx01', 'JS 1', 'ac-7kw', '10.9.0.1', 1883, 1, '', '{"topic":"gw/sx01/js1/up"}'],
          ['sx01-js2', 'sx01', 'JS 2', 'ac-7kw', '10.9.0.1', 1883, 1, '', '{"topic":"gw/sx01/js2/up"}'],
          ['sx01-ac2', 'sx01', 'AC 2', 'ac-7kw', '10.9.0.1', 1883, 1, '', ''],
          ['sx01-ac3', 'sx01', 'AC 3', 'ac-7kw', '10.9.0.1', 1883, 1, '', ''],
        ]),
      ],
      context({ devices: [device, fed] }),
    );
    // Only the two polled rows at one Modbus unit clash; the fed ones, and the fed device kept, hold none.
    expect(read.issues.map((i) => `${i.row} ${i.column}: ${i.message}`)).toEqual([
      '6 unitId: 10.9.0.1:1883#1 is already used by row 5',
    ]);
    expect(read.ledger.devices?.map((d) => d.id)).toEqual([
      'sx01-sp2',
      'sx01-js1',
      'sx01-js2',
      'sx01-ac2',
      'sx01-ac3',
    ]);
  });

  it('says what a cell cannot be, and lists columns it does not know', () => {
    const read = readLedger(
      [
        grid('stations', [
          ['id', 'name', 'lat', 'lng', 'group', 'urban', '资产编号'],
          ['sx01', '越城站', '北纬30', 120.58, '越城区', 'maybe', 'A-001'],
        ]),
      ],
      context(),
    );
    expect(read.issues.map((i) => `${i.column}: ${i.message}`)).toEqual([
      'lat: "北纬30" is not a number',
      'urban: "maybe" is not yes or no (true/false, 是/否, 1/0)',
    ]);
    expect(read.sheets[0]?.ignoredColumns).toEqual(['资产编号']);
  });

  it('leaves a field the ledger has no column for as configured', () => {
    const read = readLedger(
      [
        grid('devices', [
          ['id', 'name'],
          ['sx01-ac1', '交流桩 1'],
        ]),
      ],
      context(),
    );
    expect(read.issues).toEqual([]);
    expect(read.ledger.devices).toEqual([{ ...device, name: '交流桩 1' }]);
  });

  it('refuses to remove a station whose devices stay', () => {
    const read = readLedger(
      [
        grid('stations', [
          ['id', 'name', 'lat', 'lng', 'group', 'urban'],
          ['sx02', '柯桥站', 30, 120.4, '柯桥区', false],
        ]),
      ],
      context({ removeMissing: true }),
    );
    expect(read.issues.map((i) => i.message)).toEqual([
      'station "sx01" is not in the ledger, but device "sx01-ac1" still belongs to it',
    ]);
  });

  it('says so when no sheet holds stations or devices', () => {
    const read = readLedger([grid('说明', [['备注'], ['台账 2026']])], context());
    expect(read.ignoredSheets).toEqual(['说明']);
    expect(read.issues[0]?.message).toMatch(/no stations or devices sheet/);
  });
});

describe('applying a ledger', () => {
  const ledger = {
    stations: null,
    devices: [
      { ...device, port: 1502 },
      {
        id: 'sx01-dc1',
        stationId: 'sx01',
        name: 'DC 1',
        profile: 'dc-120kw',
        host: '10.1.1.9',
        port: 502,
        unitId: 1,
      },
    ],
  };
  const other = { ...device, id: 'sx01-ac9', host: '10.1.1.99' };
  const fleet = { stations: [station], devices: [device, other] };

  it('shows what is added, changed field by field, and kept or removed', () => {
    expect(diffLedger(fleet, ledger, false).devices).toEqual({
      added: [{ id: 'sx01-dc1', name: 'DC 1' }],
      changed: [{ id: 'sx01-ac1', name: 'AC 1', changes: [{ field: 'port', before: 502, after: 1502 }] }],
      removed: [],
      unchanged: 0,
      kept: 1,
    });
    expect(diffLedger(fleet, ledger, true).devices.removed).toEqual([{ id: 'sx01-ac9', name: 'AC 1' }]);
    expect(diffLedger(fleet, ledger, true).stations).toMatchObject({ kept: 1, added: [], removed: [] });
  });

  it('removes what the ledger leaves out only when asked', () => {
    expect(mergeLedger(fleet, ledger, false).devices.map((d) => d.id)).toEqual([
      'sx01-ac1',
      'sx01-ac9',
      'sx01-dc1',
    ]);
    expect(mergeLedger(fleet, ledger, true).devices.map((d) => d.id)).toEqual(['sx01-ac1', 'sx01-dc1']);
  });

  it('reads an exported fleet back to the same stations and devices', () => {
    const full = {
      stations: [
        station,
        { ...station, id: 'sx02', nameEn: 'Keqiao', urban: false, pvDerating: 0.82, lat: 29.9876543 },
      ],
      devices: [
        device,
        {
          ...device,
          id: 'sx02-ac1',
          stationId: 'sx02',
          host: '=cmd',
          unitId: 0,
          framing: 'rtu-over-tcp' as const,
        },
        { ...device, id: 'sx02-sp1', stationId: 'sx02', unitId: 7, sparkplug: { group: 'sx', node: 'gw-2' } },
      ],
    };
    const [stations, devices] = ledgerSheets(full);
    const sheets = [stations, devices].map((s) => (s ? grid(s.kind, s.rows) : grid('none', [])));
    const read = readLedger(sheets, context({ stations: [], devices: [] }));
    expect(read.issues).toEqual([]);
    expect(read.ledger).toEqual(full);
  });
});
