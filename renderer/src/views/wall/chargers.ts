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
    if (!deviceMatches(query, station, device)) continue;
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
  const sections: Section<Ranked>[] = [];
  for (const station of state.stations) {
    const items = byStation.get(station.id);
    if (items) sections.push({ station, items });
  }
  return sortSections(
    sections,
    sort,
    (r) => SEVERITY_RANK[r.severity],
    (r) => r.kw,
  ).map(({ station, items }) => ({ station, items: items.map((r) => r.gun) }));
}

/**
 * A wall's sort of its station sections, given in configuration order and
 * kept grouped: by severity a station's worst items lead and the station
 * with the worst item comes first; by power the busiest items and station
 * lead. The sorts are stable, so ties keep configuration order.
 */
export function sortSections<T>(
  sections: Section<T>[],
  sort: WallSort,
  rank: (item: T) => number,
  kw: (item: T) => number,
): Section<T>[] {
  if (sort === 'severity') {
    const worst = (s: Section<T>) =>
      s.items.reduce((w, item) => Math.min(w, rank(item)), Number.POSITIVE_INFINITY);
    for (const s of sections) s.items.sort((a, b) => rank(a) - rank(b));
    return sections.sort((a, b) => worst(a) - worst(b));
  }
  if (sort === 'power') {
    const total = (s: Section<T>) => s.items.reduce((sum, item) => sum + kw(item), 0);
    for (const s of sections) s.items.sort((a, b) => kw(b) - kw(a));
    return sections.sort((a, b) => total(b) - total(a));
  }
  return sections;
}

/** A device passes a wall's search when the query (trimmed, lower case) is empty or in its or its station's id or names. */
function deviceMatches(query: string, station: Station, device: Device): boolean {
  return (
    !query ||
    [station.id, station.name, station.nameEn, device.id, device.name].some((text) =>
      text?.toLowerCase().includes(query),
    )
  );
}

/**
 * A device wall's sections before its sort: the stations of the filter's
 * group in configuration order, each with its devices of the wall's kinds
 * that the search finds and, for abnormal only, are abnormal (out of
 * service is not); a station left with none is left out.
 */
export function deviceSections(
  state: FleetState,
  filter: WallFilter,
  outOfService: OutOfServiceMap,
  wall: { kind(device: Device): boolean; abnormal(device: Device): boolean },
): Section<Device>[] {
  const shown = (d: Device) =>
    wall.kind(d) && (!filter.abnormalOnly || (!outOfService.has(d.id) && wall.abnormal(d)));
  const query = filter.query.trim().toLowerCase();
  const sections: Section<Device>[] = [];
  for (const station of state.stations) {
    if (filter.group !== null && station.group !== filter.group) continue;
    const items = state.devices.filter(
      (d) => d.stationId === station.id && shown(d) && deviceMatches(query, station, d),
    );
    if (items.length > 0) sections.push({ station, items });
  }
  return sections;
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
