import type { DeviceState, Result, Station, WorkOrderView } from '../../../../shared/api';
import type { Tier } from '../../../../shared/triage/tiers';
import { type FleetState, liveOf } from '../../state/fleet';
import { listOrders } from '../workorders/model';

export type AlarmView = Result<'alarms.list'>['alarms'][number];

/**
 * What a station marker says, worst first. A cluster shows the highest
 * severity of its members, so the order is the order of urgency: a fault
 * outranks lost comms (a faulted charger can be unsafe; a silent one is only
 * unseen), and anything unknown outranks normal.
 */
export const MARK_STATES = ['normal', 'unknown', 'unavailable', 'comm-lost', 'fault'] as const;
export type MarkState = (typeof MARK_STATES)[number];

export const TIER_RANKS = ['none', 'remote', 'on-site', 'emergency'] as const;
export type TierMark = (typeof TIER_RANKS)[number];

export function severityOf(state: DeviceState | null): number {
  switch (state) {
    case 'fault':
      return MARK_STATES.indexOf('fault');
    case 'comm-lost':
      return MARK_STATES.indexOf('comm-lost');
    case 'unavailable':
      return MARK_STATES.indexOf('unavailable');
    case 'unknown':
    case null:
      return MARK_STATES.indexOf('unknown');
    default:
      return MARK_STATES.indexOf('normal');
  }
}

export function tierRank(tier: Tier | null): number {
  return tier === null ? 0 : TIER_RANKS.indexOf(tier);
}

/**
 * Alarms that still need someone: shelved, suppressed and out-of-service
 * alarms are hidden on purpose, and a normal one is over.
 */
const OPEN_STATES: ReadonlySet<AlarmView['state']> = new Set([
  'active-unacknowledged',
  'active-acknowledged',
  'returned-unacknowledged',
]);

export function isOpenAlarm(alarm: Pick<AlarmView, 'state'>): boolean {
  return OPEN_STATES.has(alarm.state);
}

export type StationMark = {
  readonly station: Station;
  readonly severity: number;
  readonly tier: number;
  readonly devices: number;
  readonly abnormal: number;
  readonly openAlarms: number;
};

/** One mark per station: its worst device state and the highest tier among its open alarms. */
export function stationMarks(
  fleet: FleetState,
  alarms: Iterable<Pick<AlarmView, 'stationId' | 'state' | 'tier'>>,
): StationMark[] {
  const worst = new Map<string, { severity: number; devices: number; abnormal: number }>();
  for (const device of fleet.devices) {
    const severity = severityOf(liveOf(fleet, device.id).status?.state ?? null);
    const entry = worst.get(device.stationId) ?? { severity: 0, devices: 0, abnormal: 0 };
    entry.severity = Math.max(entry.severity, severity);
    entry.devices += 1;
    if (severity > 0) entry.abnormal += 1;
    worst.set(device.stationId, entry);
  }
  const tiers = new Map<string, { tier: number; open: number }>();
  for (const alarm of alarms) {
    if (!isOpenAlarm(alarm)) continue;
    const entry = tiers.get(alarm.stationId) ?? { tier: 0, open: 0 };
    entry.tier = Math.max(entry.tier, tierRank(alarm.tier));
    entry.open += 1;
    tiers.set(alarm.stationId, entry);
  }
  return fleet.stations.map((station) => {
    const devices = worst.get(station.id);
    const open = tiers.get(station.id);
    return {
      station,
      // A station without devices has nothing to report: unknown, not normal.
      severity: devices ? devices.severity : MARK_STATES.indexOf('unknown'),
      tier: open?.tier ?? 0,
      devices: devices?.devices ?? 0,
      abnormal: devices?.abnormal ?? 0,
      openAlarms: open?.open ?? 0,
    };
  });
}

export type StationProperties = {
  id: string;
  name: string;
  nameEn: string;
  severity: number;
  tier: number;
  /** 1 when the station is faulted, so clusters can count faults with a plain sum. */
  faulted: number;
  /** Stations at exactly this spot, so a click can offer a list rather than one of them. */
  colocated: number;
};

export type StationFeature = {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: StationProperties;
};

export type StationCollection = { type: 'FeatureCollection'; features: StationFeature[] };

const spotKey = (station: Station) => `${station.lng.toFixed(5)},${station.lat.toFixed(5)}`;

export function stationsGeoJson(marks: readonly StationMark[]): StationCollection {
  const perSpot = new Map<string, number>();
  for (const { station } of marks) perSpot.set(spotKey(station), (perSpot.get(spotKey(station)) ?? 0) + 1);
  return {
    type: 'FeatureCollection',
    features: marks.map((mark, index) => ({
      type: 'Feature',
      // Numeric ids let maplibre keep hover/selection feature-state across setData.
      id: index,
      geometry: { type: 'Point', coordinates: [mark.station.lng, mark.station.lat] },
      properties: {
        id: mark.station.id,
        name: mark.station.name,
        nameEn: mark.station.nameEn ?? mark.station.name,
        severity: mark.severity,
        tier: mark.tier,
        faulted: mark.severity === MARK_STATES.indexOf('fault') ? 1 : 0,
        colocated: perSpot.get(spotKey(mark.station)) ?? 1,
      },
    })),
  };
}

/**
 * maplibre's cluster aggregation: the worst severity and the highest tier of
 * the members, and how many are faulted. This is what makes a cluster take
 * the colour of its worst station, so no fault hides inside one.
 */
export const CLUSTER_PROPERTIES = {
  severity: ['max', ['get', 'severity']],
  tier: ['max', ['get', 'tier']],
  faulted: ['+', ['get', 'faulted']],
} as const;

/** The same aggregation in plain code, for the station list and the tests of the map's expressions. */
export function aggregate(members: readonly Pick<StationProperties, 'severity' | 'tier' | 'faulted'>[]): {
  severity: number;
  tier: number;
  faulted: number;
} {
  return members.reduce(
    (acc, m) => ({
      severity: Math.max(acc.severity, m.severity),
      tier: Math.max(acc.tier, m.tier),
      faulted: acc.faulted + m.faulted,
    }),
    { severity: 0, tier: 0, faulted: 0 },
  );
}

/** A station's work orders not yet closed (accepted or cancelled), ordered as the work-order list orders them. */
export function stationWorkOrders(orders: Iterable<WorkOrderView>, stationId: string): WorkOrderView[] {
  return listOrders(
    [...orders].filter((order) => order.stationId === stationId),
    'open',
  );
}

/** Marks with something wrong first, then by name, for the keyboard list. */
export function byUrgency(a: StationMark, b: StationMark): number {
  return b.severity - a.severity || b.tier - a.tier || a.station.id.localeCompare(b.station.id);
}

export function matchesQuery(station: Station, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [station.id, station.name, station.nameEn ?? '', station.group, station.address].some((text) =>
    text.toLowerCase().includes(q),
  );
}
