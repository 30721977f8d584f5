import { createElement as h } from 'react';
import type { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FleetTimeProvider } from '../../renderer/src/i18n/fleetTime';
import type { Lang } from '../../renderer/src/i18n/lang';
import { fleetSummary, fromSnapshot, liveOf } from '../../renderer/src/state/fleet';
import { type ChargerFilter, chargerSections, gunCounts } from '../../renderer/src/views/wall/chargers';
import { DeviceTile } from '../../renderer/src/views/wall/DeviceTile';
import { GunTile } from '../../renderer/src/views/wall/GunTile';
import { gridSections } from '../../renderer/src/views/wall/grid';
import { outOfServiceOf, wallTone } from '../../renderer/src/views/wall/outOfService';
import { pvSections } from '../../renderer/src/views/wall/pv';
import { deviceTrouble } from '../../renderer/src/views/wall/StationHead';
import type { ApplicationView } from '../../shared/api';
import { el, expectParts, inLanguage } from '../helpers/element';
import { applicationView } from '../helpers/views';
import { deviceOf, snapshot, status, T0 } from './renderer-fixtures';

const state = fromSnapshot(snapshot());
const all: ChargerFilter = { abnormalOnly: false, group: null, query: '', state: 'all' };
/** 2026-11-23 12:00 UTC: 20:00 in Shaoxing. */
const PLANNED_END = Date.UTC(2026, 10, 23, 12, 0);

/** An approved application of the test fleet, approved a minute after it was filed. */
function application(over: Partial<ApplicationView> & Pick<ApplicationView, 'id' | 'kind'>): ApplicationView {
  const deviceIds = over.deviceIds ?? ['s1-dc1'];
  return applicationView({
    appliedAt: T0,
    target: { deviceId: deviceIds[0] ?? 's1-dc1' },
    deviceIds,
    stationId: 's1',
    state: 'approved',
    decidedAt: T0 + 60_000,
    decidedBy: 'lead',
    ...over,
  });
}

/** The faulted DC charger under an approved outage; the comms-lost AC charger decommissioned. */
const held = outOfServiceOf([
  application({ id: 'AP-1', kind: 'outage', deviceIds: ['s1-dc1'], until: PLANNED_END }),
  application({ id: 'AP-2', kind: 'decommission', deviceIds: ['s2-ac1'], stationId: 's2' }),
  application({ id: 'AP-3', kind: 'outage', deviceIds: ['s1-ac1'], state: 'applied', decidedAt: null }),
  application({ id: 'AP-4', kind: 'outage', deviceIds: ['s1-pv1'], state: 'ended', endedAt: T0 + 1 }),
  application({ id: 'AP-5', kind: 'exemption', deviceIds: ['s1-ac1'], reason: 'tcu-upgrade' }),
]);

describe('which devices are out of service', () => {
  it('holds the devices of approved outages and decommissions only, as the engine does for alarms', () => {
    expect([...held.keys()].sort()).toEqual(['s1-dc1', 's2-ac1']);
    expect(held.get('s1-dc1')).toEqual({ applicationId: 'AP-1', kind: 'outage', until: PLANNED_END });
    // A decommission has no end; a filed, ended or exemption application takes nothing out of service.
    expect(held.get('s2-ac1')).toEqual({ applicationId: 'AP-2', kind: 'decommission', until: null });
  });

  it('turns the tile out of service whatever the device says, and leaves every other tile its state', () => {
    expect(wallTone('fault', held.get('s1-dc1'))).toBe('out-of-service');
    expect(wallTone('fault', held.get('s1-ac1'))).toBe('fault');
  });
});

describe('the wall does not count out of service as trouble', () => {
  it('drops held guns from the abnormal, charging and idle filters but shows them under all', () => {
    const ids = (filter: ChargerFilter) =>
      chargerSections(state, filter, 'station', held).flatMap((s) =>
        s.items.map((g) => `${g.device.id}#${g.n}`),
      );
    expect(ids(all)).toEqual(['s1-ac1#1', 's1-dc1#1', 's1-dc1#2', 's2-ac1#1']);
    // Without the outages, s1-dc1#2 (faulted) and s2-ac1#1 (comms lost) are the abnormal ones.
    expect(ids({ ...all, abnormalOnly: true })).toEqual([]);
    expect(ids({ ...all, state: 'charging' })).toEqual(['s1-ac1#1']);
  });

  it('sorts held guns after every live state', () => {
    const [s1] = chargerSections(state, all, 'severity', held);
    expect(s1?.items.map((g) => `${g.device.id}#${g.n}`)).toEqual(['s1-ac1#1', 's1-dc1#1', 's1-dc1#2']);
  });

  it('counts held guns and devices apart from faults and comms losses', () => {
    const [s1, s2] = chargerSections(state, all, 'station', held);
    expect(gunCounts(state, s1?.items ?? [], held)).toEqual({
      guns: 3,
      charging: 1,
      faulted: 0,
      commLost: 0,
      outOfService: 2,
    });
    expect(gunCounts(state, s2?.items ?? [], held)).toMatchObject({ commLost: 0, outOfService: 1 });
    const devices = ['s1-dc1', 's2-ac1', 's1-ac1'].map((id) => deviceOf(state, id));
    expect(deviceTrouble(state, devices, held)).toEqual({ faulted: 0, commLost: 0, outOfService: 2 });
    // The header's figures agree: the faulted and the comms-lost charger are both held.
    expect(fleetSummary(state)).toMatchObject({ faults: 1, commLost: 1 });
    expect(fleetSummary(state, held)).toMatchObject({ faults: 0, commLost: 0 });
  });

  it('leaves held inverters and grid devices out of the abnormal filter', () => {
    const pvHeld = outOfServiceOf([application({ id: 'AP-9', kind: 'decommission', deviceIds: ['s1-pv1'] })]);
    const fleet = snapshot();
    const faulted = fromSnapshot({
      ...fleet,
      status: fleet.status.map((s) => (s.deviceId === 's1-pv1' ? status('s1-pv1', 'fault') : s)),
    });
    const abnormal = { abnormalOnly: true, group: null, query: '' };
    expect(pvSections(faulted, abnormal, 'station', new Map(), new Map())).toHaveLength(1);
    expect(pvSections(faulted, abnormal, 'station', new Map(), new Map(), pvHeld)).toEqual([]);
    expect(gridSections(state, abnormal, 'station', held)).toEqual([]);
  });
});

describe('an out-of-service tile', () => {
  function render(node: Parameters<typeof renderToStaticMarkup>[0], lang: Lang): string {
    return inLanguage(lang, el(FleetTimeProvider, { timeZone: 'Asia/Shanghai' }, node));
  }
  const dc = deviceOf(state, 's1-dc1');
  const profile = state.profiles[dc.profile];

  it('is grey hatched with no fault banner, and says what holds it until when in fleet time', () => {
    const html = render(
      h(GunTile, {
        device: dc,
        n: 2,
        profile,
        live: liveOf(state, 's1-dc1'),
        outOfService: held.get('s1-dc1'),
      }),
      'zh-CN',
    );
    expect(html).toMatch(/^<article class="tile gtile tile--out-of-service" data-out-of-service="true"/);
    expect(html).toContain('data-severity="out-of-service"');
    expect(html).not.toContain('tile__alert--fault');
    expectParts(html, [
      'badge--out-of-service',
      '<div class="tile__oos" role="status">',
      '停运 AP-1',
      '预计至 11-23 20:00',
    ]);
  });

  it('without an outage keeps its own fault', () => {
    const html = render(h(GunTile, { device: dc, n: 2, profile, live: liveOf(state, 's1-dc1') }), 'en');
    expect(html).toMatch(/^<article class="tile gtile tile--fault"/);
    expect(html).not.toContain('tile__oos');
  });

  it('says a decommissioned device has no end', () => {
    const ac = deviceOf(state, 's2-ac1');
    const html = render(
      h(DeviceTile, {
        device: ac,
        profile: state.profiles[ac.profile],
        live: liveOf(state, 's2-ac1'),
        outOfService: held.get('s2-ac1'),
      }),
      'en',
    );
    expect(html).toContain('tile--out-of-service');
    expect(html).toContain('Decommissioned AP-2');
    expect(html).not.toContain('tile__alert--comm-lost');
    expect(html).not.toContain('tile__oos-until');
  });
});
