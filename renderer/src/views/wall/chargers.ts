import type { Device, DeviceState, PointSample, Station } from '../../../../shared/api';
import { type DeviceLive, type FleetState, liveOf } from '../../state/fleet';
import type { OUT_OF_SERVICE_TONE } from '../../ui/tile/Tile';
import type { WallFilter } from './model';
import { NONE_OUT_OF_SERVICE, type OutOfServiceMap, wallTone } from './outOfService';

/** One tile of the charger wall: a gun of a charger. */
export type GunRef = { readonly device: Device; readonly n: number };

/**
 * What the gun tile says first, from the worst down. A gun inherits its
 * charger's comms loss and device-wide faults (insulation, over-temperature
 * stop both guns); a fault named for the other gun leaves it alone.
 */
export type GunSeverity = Extract<
  DeviceState,
  'comm-lost' | 'fault' | 'unavailable' | 'unknown' | 'charging' | 'idle'
>;

/** What a gun tile shows: its severity, or out of service while an outage or decommission holds its charger. */
export type GunTone = GunSeverity | typeof OUT_OF_SERVICE_TONE;

/** Out of service sorts last: it needs no one until its resume. */
const SEVERITY_RANK: Readonly<Record<GunTone, number>> = {
  'comm-lost': 0,
  fault: 1,
  unavailable: 2,
  unknown: 3,
  charging: 4,
  idle: 5,
  'out-of-service': 6,
};

const ABNORMAL: ReadonlySet<GunTone> = new Set(['comm-lost', 'fault', 'unavailable', 'unknown']);

const VEHICLE_ON_GUN: ReadonlySet<string> = new Set(['preparing', 'charging', 'finishing']);

export function gunSeverity(live: DeviceLive, n: number): GunSeverity {
  const status = live.status;
  if (!status) return 'unknown';
  if (status.state === 'comm-lost') return 'comm-lost';
  const sample = live.points[`gun${n}.state`];
  const gunState = sample && sample.quality !== 'bad' ? sample.value : null;
  if (gunState === 'faulted') return 'fault';
  if (status.state === 'fault' && status.faults.some((f) => !/^gun\d+\.faulted$/.test(f))) return 'fault';
  if (gunState === 'unavailable') return 'unavailable';
  if (typeof gunState !== 'string') return 'unknown';
  return VEHICLE_ON_GUN.has(gunState) ? 'charging' : 'idle';
}

export function isAbnormalGun(tone: GunTone): boolean {
  return ABNORMAL.has(tone);
}

/** A gun's power in kW when the reading is good; for sorting, anything else counts as nothing. */
export function gunPowerKw(live: DeviceLive, n: number): number {
  return goodNumber(live.points[`gun${n}.power`]);
}

function goodNumber(sample: PointSample | undefined): number {
  return sample?.quality === 'good' && typeof sample.value === 'number' ? sample.value : 0;
}

export type GunStateFilter = 'all' | 'abnormal' | 'charging' | 'idle';
export type WallSort = 'station' | 'severity' | 'power';
export const WALL_SORTS: readonly WallSort[] = ['station', 'severity', 'power'];

export type ChargerFilter = WallFilter & { state: GunStateFilter };

export type Section<T> = { station: Station; items: T[] };

type Ranked = { gun: GunRef; severity: GunTone; kw: number };

function passes(filter: GunStateFilter, severity: GunTone): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'abnormal':
      return isAbnormalGun(severity);
    case 'charging':
      return severity === 'charging';
    case 'idle':
      return severity === 'idle';
  }
}

/**
 * The charger wall's sections: stations with the guns the filter lets
 * through. Sorting keeps the grouping by station: by severity the station
 * with the worst gun comes first and its worst guns lead; by power the
 * busiest station and gun lead; ties keep configuration order. Guns out of
 * service are no fault, no charging and no idle gun: only "all" shows them.
 */
export function chargerSections(
  state: FleetState,
  filter: ChargerFilter,
  sort: WallSort,
  outOfService: OutOfServiceMap = NONE_OUT_OF_SERVICE,
): Section<GunRef>[] {
  const query = filter.query.trim().toLowerCase();
  const byStation = new Map<string, Ranked[]>();
  const stationById = new Map(state.stations.map((s) => [s.id, s]));
  for (const device of state.devices) {
    if (device.guns === 0) continue;
    const station = stationById.get(device.stationId);
    if (!station || (filter.group !== null && station.group !== filter.group)) continue;
    if (query && !matches(query, station.id, station.name, station.nameEn, device.id, device.name)) continue;
    const live = liveOf(state, device.id);
    const held = outOfService.get(device.id);
    for (let n = 1; n <= device.guns; n++) {
      const severity = wallTone(gunSeverity(live, n), held);
      const effective = filter.abnormalOnly && filter.state === 'all' ? 'abnormal' : filter.state;
      if (!passes(effective, severity)) continue;
      const list = byStation.get(station.id) ?? [];
      list.push({ gun: { device, n }, severity, kw: gunPowerKw(live, n) });
      byStation.set(station.id, list);
    }
  }
  const sections: Array<{ station: Station; ranked: Ranked[]; order: number }> = [];
  state.stations.forEach((station, order) => {
    const ranked = byStation.get(station.id);
    if (ranked) sections.push({ station, ranked, order });
  });
  if (sort === 'severity') {
    for (const s of sections) s.ranked.sort(bySeverity);
    sections.sort((a, b) => worstRank(a.ranked) - worstRank(b.ranked) || a.order - b.order);
  } else if (sort === 'power') {
    for (const s of sections) s.ranked.sort((a, b) => b.kw - a.kw);
    sections.sort((a, b) => totalKw(b.ranked) - totalKw(a.ranked) || a.order - b.order);
  }
  return sections.map(({ station, ranked }) => ({ station, items: ranked.map((r) => r.gun) }));
}

function bySeverity(a: Ranked, b: Ranked): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
}

function worstRank(ranked: readonly Ranked[]): number {
  return ranked.reduce((worst, r) => Math.min(worst, SEVERITY_RANK[r.severity]), Number.POSITIVE_INFINITY);
}

function totalKw(ranked: readonly Ranked[]): number {
  return ranked.reduce((sum, r) => sum + r.kw, 0);
}

export function matches(query: string, ...texts: Array<string | undefined>): boolean {
  return texts.some((text) => text?.toLowerCase().includes(query));
}

export function gunTotal(state: FleetState): number {
  return state.devices.reduce((n, d) => n + d.guns, 0);
}

export type GunCounts = {
  guns: number;
  charging: number;
  faulted: number;
  commLost: number;
  outOfService: number;
};

export function gunCounts(
  state: FleetState,
  guns: readonly GunRef[],
  outOfService: OutOfServiceMap = NONE_OUT_OF_SERVICE,
): GunCounts {
  const counts: GunCounts = { guns: 0, charging: 0, faulted: 0, commLost: 0, outOfService: 0 };
  for (const { device, n } of guns) {
    const severity = wallTone(gunSeverity(liveOf(state, device.id), n), outOfService.get(device.id));
    counts.guns += 1;
    if (severity === 'out-of-service') counts.outOfService += 1;
    if (severity === 'charging') counts.charging += 1;
    if (severity === 'fault') counts.faulted += 1;
    if (severity === 'comm-lost') counts.commLost += 1;
  }
  return counts;
}
