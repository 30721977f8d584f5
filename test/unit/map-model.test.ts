import { describe, expect, it } from 'vitest';
import { applyDelta, fromSnapshot } from '../../renderer/src/state/fleet';
import {
  aggregate,
  byUrgency,
  CLUSTER_PROPERTIES,
  isOpenAlarm,
  MARK_STATES,
  matchesQuery,
  severityOf,
  stationMarks,
  stationsGeoJson,
  stationWorkOrders,
} from '../../renderer/src/views/map/model';
import { devicePowerKw, energyCounterKwh } from '../../renderer/src/views/map/power';
import { tileUrl } from '../../renderer/src/views/map/tileUrl';
import type { WorkOrderView } from '../../shared/api';
import { workOrderView } from '../helpers/views';
import { deviceOf, sample, snapshot, status } from './renderer-fixtures';

const FAULT = MARK_STATES.indexOf('fault');
const COMM_LOST = MARK_STATES.indexOf('comm-lost');
const UNKNOWN = MARK_STATES.indexOf('unknown');

type Open = Parameters<typeof stationMarks>[1] extends Iterable<infer A> ? A : never;
const alarm = (
  stationId: string,
  tier: Open['tier'],
  state: Open['state'] = 'active-unacknowledged',
): Open => ({
  stationId,
  tier,
  state,
});

describe('station marks', () => {
  it('rank fault over comms lost over unavailable over unknown over every normal state', () => {
    const order = ['charging', 'unknown', 'unavailable', 'comm-lost', 'fault'] as const;
    const ranks = order.map((state) => severityOf(state));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks).size).toBe(order.length);
    for (const normal of ['normal', 'idle', 'charging', 'generating', 'sleeping'] as const)
      expect(severityOf(normal)).toBe(0);
    expect(severityOf(null)).toBe(UNKNOWN);
  });

  it('take the worst device state of each station', () => {
    const marks = stationMarks(fromSnapshot(snapshot()), []);
    expect(marks.map((m) => [m.station.id, m.severity, m.devices, m.abnormal])).toEqual([
      ['s1', FAULT, 3, 1],
      ['s2', COMM_LOST, 1, 1],
    ]);
  });

  it('follow the live state: a repaired device takes the fault off its station', () => {
    const fleet = applyDelta(fromSnapshot(snapshot()), {
      status: [{ ...status('s1-dc1', 'idle'), since: 2 }],
      samples: [],
    });
    expect(stationMarks(fleet, [])[0]?.severity).toBe(0);
  });

  it('show the highest tier among open alarms only', () => {
    const marks = stationMarks(fromSnapshot(snapshot()), [
      alarm('s1', 'remote'),
      alarm('s1', 'on-site', 'active-acknowledged'),
      alarm('s1', 'emergency', 'shelved'),
      alarm('s1', 'emergency', 'normal'),
      alarm('s2', 'emergency', 'suppressed-by-design'),
      alarm('s2', 'remote', 'returned-unacknowledged'),
    ]);
    expect(marks.map((m) => [m.station.id, m.tier, m.openAlarms])).toEqual([
      ['s1', 2, 2],
      ['s2', 1, 1],
    ]);
    expect(isOpenAlarm({ state: 'out-of-service' })).toBe(false);
  });

  it('call a station without devices unknown, never normal', () => {
    const snap = snapshot();
    const fleet = fromSnapshot({
      ...snap,
      stations: [...snap.stations, { ...snap.stations[1], id: 's3', lat: 29 } as never],
    });
    expect(stationMarks(fleet, []).find((m) => m.station.id === 's3')?.severity).toBe(UNKNOWN);
  });

  it('list the worst first, then by id', () => {
    const marks = stationMarks(fromSnapshot(snapshot()), []);
    expect(
      [...marks]
        .reverse()
        .sort(byUrgency)
        .map((m) => m.station.id),
    ).toEqual(['s1', 's2']);
  });

  it('are found by id, name in either language, group or address', () => {
    const [s1] = snapshot().stations;
    if (!s1) throw new Error('fixture');
    for (const query of ['s1', '一号', 'station one', 'a', '  ']) expect(matchesQuery(s1, query)).toBe(true);
    expect(matchesQuery(s1, 'zhuji')).toBe(false);
  });
});

describe('the GeoJSON the map draws', () => {
  it('has one point per station with its marks, and counts stations at the same spot', () => {
    const geojson = stationsGeoJson(stationMarks(fromSnapshot(snapshot()), [alarm('s2', 'on-site')]));
    expect(geojson.type).toBe('FeatureCollection');
    expect(geojson.features.map((f) => f.geometry.coordinates)).toEqual([
      [120, 30],
      [120, 30],
    ]);
    expect(geojson.features.map((f) => f.properties)).toEqual([
      { id: 's1', name: '一号站', nameEn: 'Station One', severity: FAULT, tier: 0, faulted: 1, colocated: 2 },
      { id: 's2', name: '二号站', nameEn: '二号站', severity: COMM_LOST, tier: 2, faulted: 0, colocated: 2 },
    ]);
    expect(new Set(geojson.features.map((f) => f.id)).size).toBe(2);
  });

  it('aggregates clusters to the worst member: a single fault colours the whole cluster', () => {
    const members = [
      ...Array.from({ length: 999 }, () => ({ severity: 0, tier: 0, faulted: 0 })),
      { severity: FAULT, tier: 1, faulted: 1 },
      { severity: COMM_LOST, tier: 3, faulted: 0 },
    ];
    expect(aggregate(members)).toEqual({ severity: FAULT, tier: 3, faulted: 1 });
    // maplibre's clusterProperties reduce with these operators over the same properties.
    expect(CLUSTER_PROPERTIES).toEqual({
      severity: ['max', ['get', 'severity']],
      tier: ['max', ['get', 'tier']],
      faulted: ['+', ['get', 'faulted']],
    });
  });
});

describe('live figures of a device', () => {
  const fleet = fromSnapshot(snapshot());
  const device = (id: string) => deviceOf(fleet, id);

  it('power adds up good gun readings, converts W to kW and is null when nothing is readable', () => {
    expect(devicePowerKw(fleet, device('s1-dc1'))).toBeCloseTo(60.2);
    expect(devicePowerKw(fleet, device('s1-pv1'))).toBeCloseTo(31.4);
    expect(devicePowerKw(fleet, device('s2-ac1'))).toBeNull();
  });

  it('energy counters are read in kWh from the unit of the profile', () => {
    expect(energyCounterKwh(fleet, device('s1-pv1'))).toBeCloseTo(84_213);
    expect(energyCounterKwh(fleet, device('s1-ac1'))).toBeNull();
    const withCounter = applyDelta(fleet, {
      status: [],
      samples: [sample('s1-ac1', 'totalEnergy', 1234.5, 2)],
    });
    // The fixture's AC profile has no totalEnergy point, so no unit: unknown units are not guessed.
    expect(energyCounterKwh(withCounter, device('s1-ac1'))).toBeNull();
  });
});

describe('where the map asks for tiles', () => {
  it('a browser asks its desk, carrying its token', () => {
    const location = { origin: 'http://desk:4873', search: '?view=wallboard&token=a b' } as Location;
    expect(tileUrl({ location })).toBe('http://desk:4873/tiles/{z}/{x}/{y}?token=a%20b');
    expect(tileUrl({ location: { ...location, search: '' } })).toBe('http://desk:4873/tiles/{z}/{x}/{y}');
  });
  it('the Electron window asks the engine through the desk protocol', () => {
    expect(tileUrl({ location: {} as Location, dutydesk: {} })).toBe('dutydesk-tiles://tiles/{z}/{x}/{y}');
  });
});

describe("the station panel's work orders", () => {
  const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);
  const order = (id: string, stationId: string, state: WorkOrderView['state'], deadline: number) =>
    workOrderView({
      id,
      state,
      alarmIds: [`${stationId}-dc1:insulationFault`],
      stationId,
      deviceIds: [`${stationId}-dc1`],
      defectDeadline: { defectClass: 'serious', deadline, state: 'running', basis: '001' },
      createdAt: T0,
    });

  it('are the open ones of that station, the nearest deadline first', () => {
    const orders = [
      order('WO-1', 'sx01', 'dispatched', T0 + 8 * 3_600_000),
      order('WO-2', 'sx02', 'created', T0 + 3_600_000),
      order('WO-3', 'sx01', 'accepted', T0 + 3_600_000),
      order('WO-4', 'sx01', 'cancelled', T0 + 3_600_000),
      order('WO-5', 'sx01', 'on-site', T0 + 2 * 3_600_000),
      order('WO-6', 'sx01', 'resolved', T0 + 9 * 3_600_000),
    ];
    expect(stationWorkOrders(orders, 'sx01').map((o) => o.id)).toEqual(['WO-5', 'WO-1', 'WO-6']);
    expect(stationWorkOrders(orders, 'sx09')).toEqual([]);
  });
});
