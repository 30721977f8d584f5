import { describe, expect, it } from 'vitest';
import { applyDelta, fromSnapshot, liveOf } from '../../renderer/src/state/fleet';
import {
  type ChargerFilter,
  chargerSections,
  gunCounts,
  gunSeverity,
  type WallSort,
} from '../../renderer/src/views/wall/chargers';
import { assessPv, pvSections } from '../../renderer/src/views/wall/pv';
import type { FleetSnapshot } from '../../shared/api';
import { pvProfile, sample, snapshot, status, T0 } from './renderer-fixtures';

const all: ChargerFilter = { abnormalOnly: false, group: null, query: '', state: 'all' };
const state = fromSnapshot(snapshot());

function guns(filter: ChargerFilter, sort: WallSort = 'station') {
  return chargerSections(state, filter, sort).map((s) => [
    s.station.id,
    s.items.map(({ device, n }) => `${device.id}#${n}`),
  ]);
}

describe('charger wall: one tile per gun', () => {
  it('lists every gun of every charger by station, in configuration order', () => {
    expect(guns(all)).toEqual([
      ['s1', ['s1-ac1#1', 's1-dc1#1', 's1-dc1#2']],
      ['s2', ['s2-ac1#1']],
    ]);
  });

  it('sorts by severity: the station with the worst gun first, its worst guns leading', () => {
    expect(guns(all, 'severity')).toEqual([
      ['s2', ['s2-ac1#1']],
      ['s1', ['s1-dc1#2', 's1-ac1#1', 's1-dc1#1']],
    ]);
  });

  it('sorts by power: the busiest station and gun first; a gun without a good reading counts as nothing', () => {
    expect(guns(all, 'power')).toEqual([
      ['s1', ['s1-dc1#1', 's1-ac1#1', 's1-dc1#2']],
      ['s2', ['s2-ac1#1']],
    ]);
  });

  it('filters by state: abnormal, charging or idle guns only, dropping stations left empty', () => {
    expect(guns({ ...all, abnormalOnly: true })).toEqual([
      ['s1', ['s1-dc1#2']],
      ['s2', ['s2-ac1#1']],
    ]);
    expect(guns({ ...all, state: 'charging' })).toEqual([['s1', ['s1-ac1#1', 's1-dc1#1']]]);
    expect(guns({ ...all, state: 'idle' })).toEqual([]);
  });

  it('filters by group and by station or device name in either language', () => {
    expect(guns({ ...all, group: 'B' })).toEqual([['s2', ['s2-ac1#1']]]);
    expect(guns({ ...all, query: '二号' })).toEqual([['s2', ['s2-ac1#1']]]);
    expect(guns({ ...all, query: 'station one' })).toEqual([['s1', ['s1-ac1#1', 's1-dc1#1', 's1-dc1#2']]]);
    expect(guns({ ...all, query: 'DC1' })).toEqual([['s1', ['s1-dc1#1', 's1-dc1#2']]]);
  });

  it('counts a station’s guns by what they are doing', () => {
    const [s1] = chargerSections(state, all, 'station');
    expect(gunCounts(state, s1?.items ?? [])).toEqual({
      guns: 3,
      charging: 2,
      faulted: 1,
      commLost: 0,
      outOfService: 0,
    });
  });
});

describe('gun severity', () => {
  it('takes comms loss from the charger and a fault from the gun itself', () => {
    expect(gunSeverity(liveOf(state, 's2-ac1'), 1)).toBe('comm-lost');
    expect(gunSeverity(liveOf(state, 's1-dc1'), 2)).toBe('fault');
    expect(gunSeverity(liveOf(state, 's1-dc1'), 1)).toBe('charging');
    expect(gunSeverity({ status: null, points: {} }, 1)).toBe('unknown');
  });

  it('faults both guns for a device-wide fault, only the named gun for a gun fault', () => {
    const deviceWide = applyDelta(state, {
      status: [{ ...status('s1-dc1', 'fault'), faults: ['insulationFault'], since: T0 + 1 }],
      samples: [],
    });
    expect(gunSeverity(liveOf(deviceWide, 's1-dc1'), 1)).toBe('fault');
    const gunOnly = applyDelta(state, {
      status: [{ ...status('s1-dc1', 'fault'), faults: ['gun2.faulted'], since: T0 + 1 }],
      samples: [],
    });
    expect(gunSeverity(liveOf(gunOnly, 's1-dc1'), 1)).toBe('charging');
    expect(gunSeverity(liveOf(gunOnly, 's1-dc1'), 2)).toBe('fault');
  });
});

describe('PV wall', () => {
  /** s1 gets a second inverter producing twice as much per kW as s1-pv1. */
  function twoInverters(): FleetSnapshot {
    const snap = snapshot();
    const [pv1] = snap.devices.filter((d) => d.id === 's1-pv1');
    if (!pv1) throw new Error('fixture changed');
    snap.devices.push({ ...pv1, id: 's1-pv2', name: 'S1-PV2', ratedKw: 25 });
    snap.status.push(status('s1-pv2', 'generating'));
    snap.samples.push(sample('s1-pv2', 'power', 31_400));
    return snap;
  }

  it('judges an inverter against the best one at its site, per kW of rating, in kW', () => {
    const fleet = fromSnapshot(twoInverters());
    const assessments = assessPv(fleet, T0);
    expect(assessments.get('s1-pv1')).toEqual({
      actualKw: 31.4,
      expected: { kw: 50, basis: 'reference', referenceId: 's1-pv2', derating: null },
    });
    expect(assessments.get('s1-pv2')?.expected).toEqual({
      kw: 15.7,
      basis: 'reference',
      referenceId: 's1-pv1',
      derating: null,
    });
  });

  it('judges a lone inverter against the clear-sky curve of its station', () => {
    const fleet = fromSnapshot(snapshot());
    const midnightShaoxing = Date.parse('2026-06-21T00:00:00+08:00');
    expect(assessPv(fleet, midnightShaoxing).get('s1-pv1')?.expected).toEqual({
      kw: 0,
      basis: 'clear-sky',
      referenceId: null,
      derating: 0.8,
    });
    expect(pvProfile.points.find((p) => p.key === 'power')?.unit).toBe('W');
  });

  it("takes the station's own derating from the config where it has one", () => {
    const noon = Date.parse('2026-06-21T11:57:00+08:00');
    const usual = assessPv(fromSnapshot(snapshot()), noon).get('s1-pv1')?.expected;
    const dusty = snapshot();
    dusty.stations = dusty.stations.map((s) => (s.id === 's1' ? { ...s, pvDerating: 0.4 } : s));
    const derated = assessPv(fromSnapshot(dusty), noon).get('s1-pv1')?.expected;
    expect(usual?.derating).toBe(0.8);
    expect(derated?.derating).toBe(0.4);
    expect(usual?.kw).toBeGreaterThan(0);
    expect(derated?.kw).toBeCloseTo((usual?.kw ?? 0) / 2, 6);
  });

  it('puts flagged inverters first when sorted by severity and shows only them when abnormal only', () => {
    const fleet = fromSnapshot(twoInverters());
    const verdicts = new Map([
      ['s1-pv1', { kind: 'ok' as const }],
      ['s1-pv2', { kind: 'flagged' as const, since: T0 }],
    ]);
    const assessments = assessPv(fleet, T0);
    const ids = (abnormalOnly: boolean, sort: WallSort) =>
      pvSections(fleet, { abnormalOnly, group: null, query: '' }, sort, verdicts, assessments).map((s) =>
        s.items.map((d) => d.id),
      );
    expect(ids(false, 'station')).toEqual([['s1-pv1', 's1-pv2']]);
    expect(ids(false, 'severity')).toEqual([['s1-pv2', 's1-pv1']]);
    expect(ids(true, 'station')).toEqual([['s1-pv2']]);
  });
});
