import { describe, expect, it } from 'vitest';
import {
  draftOf,
  errorAt,
  errorsFromMessage,
  inputOf,
  newDevice,
  newStation,
  rowHasError,
  validateDraft,
} from '../../renderer/src/views/config/model';
import { REDACTED } from '../../shared/config/redact';
import { DeskConfig } from '../../shared/config/schema';

const config = DeskConfig.parse({
  pollIntervalMs: 1000,
  timeoutMs: 800,
  access: { localRole: 'admin' },
  stations: [
    {
      id: 'sx01',
      name: '鲁迅故里',
      nameEn: 'Lu Xun',
      address: '鲁迅中路',
      lat: 30,
      lng: 120.5,
      group: '越城区',
      urban: true,
    },
    { id: 'sx02', name: '镜湖', lat: 30.03, lng: 120.55, group: '越城区', urban: false },
  ],
  devices: [
    {
      id: 'sx01-ac1',
      stationId: 'sx01',
      name: '交流桩 AC1',
      profile: 'ac-7kw',
      host: '10.0.0.5',
      port: 502,
      unitId: 1,
    },
    {
      id: 'sx01-ac2',
      stationId: 'sx01',
      name: '交流桩 AC2',
      profile: 'ac-7kw',
      host: '10.0.0.5',
      port: 502,
      unitId: 2,
    },
    {
      id: 'sx02-dc1',
      stationId: 'sx02',
      name: '直流桩 DC1',
      profile: 'dc-120kw-dual',
      host: '10.0.0.6',
      port: 502,
      unitId: 1,
    },
  ],
});

describe('config draft', () => {
  it('round-trips a config through the form unchanged', () => {
    const draft = draftOf(config);
    expect(draft.devices[0]?.port).toBe('502');
    expect(draft.stations[1]?.nameEn).toBe('');
    const checked = validateDraft(draft);
    expect(checked.ok && checked.config).toEqual(config);
  });

  it('saves back the sections it does not show (sync with its redacted token, map, shifts, SLA) as loaded', () => {
    const full = DeskConfig.parse({
      ...config,
      sync: { url: 'https://sync.example:4880', token: REDACTED, intervalMs: 30_000 },
      map: { tiles: 'https://tiles.example/{z}/{x}/{y}.png', attribution: '© tiles' },
      shifts: { timeZone: 'Asia/Shanghai', starts: ['07:30', '19:30'] },
      history: { rawDays: 30, minuteDays: 400, quarterHourDays: 1900 },
    });
    const draft = draftOf(full);
    draft.pollIntervalMs = '2000';
    const checked = validateDraft(draft);
    expect(checked.ok && checked.config).toEqual({ ...full, pollIntervalMs: 2000 });
  });

  it("keeps a station's PV derating and the map file, which the grid does not show", () => {
    const full = DeskConfig.parse({
      ...config,
      stations: config.stations.map((st, i) => (i === 0 ? { ...st, pvDerating: 0.72 } : st)),
      map: { file: 'maps/zhejiang.mbtiles' },
    });
    const draft = draftOf(full);
    draft.stations[0] = { ...draft.stations[0], name: '鲁迅故里停车场' } as (typeof draft.stations)[number];
    const checked = validateDraft(draft);
    expect(checked.ok && checked.config.stations[0]).toMatchObject({
      name: '鲁迅故里停车场',
      pvDerating: 0.72,
    });
    expect(checked.ok && checked.config.stations[1]).not.toHaveProperty('pvDerating');
    expect(checked.ok && checked.config.map).toEqual(full.map);
  });

  it('gives every row its own key, kept across edits', () => {
    const draft = draftOf(config);
    const rows = [...draft.stations, ...draft.devices].map((r) => r.row);
    expect(new Set(rows).size).toBe(rows.length);
  });

  it('leaves an empty English name out rather than sending an empty one', () => {
    const input = inputOf(draftOf(config));
    expect(input.stations[1]).not.toHaveProperty('nameEn');
    expect(input.stations[0]).toMatchObject({ nameEn: 'Lu Xun' });
  });

  it('reports field problems with the path the file uses and the key the form marks', () => {
    const draft = draftOf(config);
    draft.devices[2] = { ...draft.devices[2], port: '70000' } as (typeof draft.devices)[number];
    draft.stations[1] = { ...draft.stations[1], lat: 'north' } as (typeof draft.stations)[number];
    const checked = validateDraft(draft);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors.map((e) => [e.field, e.path, e.notANumber ?? false])).toEqual([
      ['stations.1.lat', 'stations[1].lat', true],
      ['devices.2.port', 'devices[2].port', false],
    ]);
    expect(errorAt(checked.errors, 'devices.2.port')?.message).toMatch(/65535/);
    expect(rowHasError(checked.errors, 'devices.2')).toBe(true);
    expect(rowHasError(checked.errors, 'devices.1')).toBe(false);
  });

  it('catches what only the whole config can tell: duplicates and dangling stations', () => {
    const draft = draftOf(config);
    draft.devices.push({
      ...(draft.devices[0] as (typeof draft.devices)[number]),
      row: -1,
      stationId: 'sx09',
    });
    const checked = validateDraft(draft);
    expect(checked.ok ? [] : checked.errors.map((e) => e.field)).toEqual([
      'devices.3.id',
      'devices.3.stationId',
      'devices.3.unitId',
    ]);
  });

  it('adds rows that follow the last one: same gateway, next unit', () => {
    const draft = draftOf(config);
    expect(newDevice(draft, 'ac-7kw')).toMatchObject({
      stationId: 'sx02',
      profile: 'dc-120kw-dual',
      host: '10.0.0.6',
      port: '502',
      unitId: '2',
    });
    expect(newStation(draft)).toMatchObject({ id: '', group: '越城区', lat: '30.03' });
    const empty = { ...draft, devices: [] };
    expect(newDevice(empty, 'ac-7kw')).toMatchObject({ stationId: 'sx01', profile: 'ac-7kw', unitId: '1' });
  });
});

describe('engine error paths', () => {
  it('maps a config-file error, whose path the file uses', () => {
    const message =
      'config file /tmp/dutydesk-x/devices.json: devices[3].port: Too big: expected number to be <=65535';
    expect(errorsFromMessage(message)).toEqual([
      { field: 'devices.3.port', path: 'devices[3].port', message: 'Too big: expected number to be <=65535' },
    ]);
  });

  it('maps a bad-params error, whose path is dotted under config, issue by issue', () => {
    const message =
      'bad params for config.update: config.devices.3.port: Too big: expected number to be <=65535; config.stations.0.lat: Invalid input: expected number, received null';
    expect(errorsFromMessage(message).map((e) => [e.field, e.path, e.message])).toEqual([
      ['devices.3.port', 'devices[3].port', 'Too big: expected number to be <=65535'],
      ['stations.0.lat', 'stations[0].lat', 'Invalid input: expected number, received null'],
    ]);
  });

  it('maps top-level and row-level paths, and ignores words that only look like one', () => {
    expect(errorsFromMessage('config file a.json: pollIntervalMs: Too small').map((e) => e.field)).toEqual([
      'pollIntervalMs',
    ]);
    expect(
      errorsFromMessage('config file a.json: devices[1].profile: no profile "x" (known: ac-7kw)')[0],
    ).toMatchObject({ field: 'devices.1.profile', message: 'no profile "x" (known: ac-7kw)' });
    expect(
      errorsFromMessage('config file a.json: stations: Too small: expected array to have >=1 items'),
    ).toEqual([
      { field: 'stations', path: 'stations', message: 'Too small: expected array to have >=1 items' },
    ]);
    expect(errorsFromMessage('The built-in demo fleet lives in memory; start with --config FILE')).toEqual(
      [],
    );
    expect(errorsFromMessage('config file /srv/stations.json: not valid JSON: Unexpected token')).toEqual([]);
  });
});
