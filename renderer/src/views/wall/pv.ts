import type { Device, PointSample } from '../../../../shared/api';
import {
  clearSkyExpectedKw,
  deratingOf,
  type PeerReading,
  referenceExpectedKw,
} from '../../../../shared/pv/expected';
import { judgePv, NOT_JUDGED, type Underperformance } from '../../../../shared/pv/underperformance';
import { type DeviceLive, type FleetState, liveOf, pointUnit } from '../../state/fleet';
import { deviceSections, type Section, sortSections, type WallSort } from './chargers';
import type { WallFilter } from './model';
import { NONE_OUT_OF_SERVICE, type OutOfServiceMap } from './outOfService';

export type Expectation = {
  kw: number;
  /** clear-sky: from the sun's position and the rating; reference: the best inverter at the same site. */
  basis: 'clear-sky' | 'reference';
  referenceId: string | null;
  /** The station's derating behind a clear-sky expectation; null for a reference. */
  derating: number | null;
};

export type PvAssessment = {
  /** AC power now in kW; null when the reading is not good. */
  actualKw: number | null;
  expected: Expectation;
};

/** Profiles give inverter power in W or kW; the PV wall compares in kW. */
export function inverterKw(
  state: FleetState,
  device: Device,
  sample: PointSample | undefined,
): number | null {
  if (sample?.quality !== 'good' || typeof sample.value !== 'number') return null;
  const unit = pointUnit(state, device, 'power');
  return unit === 'W' ? sample.value / 1000 : unit === 'MW' ? sample.value * 1000 : sample.value;
}

/**
 * What every inverter delivers and should deliver at `atMs`. A site with
 * other inverters producing is judged against its best one (clouds hit
 * them all alike); a lone inverter against the clear-sky curve.
 */
export function assessPv(state: FleetState, atMs: number): Map<string, PvAssessment> {
  const inverters = state.devices.filter((d) => d.kind === 'pv-inverter');
  const actual = new Map(
    inverters.map((d) => [d.id, inverterKw(state, d, liveOf(state, d.id).points.power)]),
  );
  const peersBySite = new Map<string, PeerReading[]>();
  for (const d of inverters) {
    const kw = actual.get(d.id);
    if (kw === null || kw === undefined) continue;
    const peers = peersBySite.get(d.stationId) ?? [];
    peers.push({ deviceId: d.id, ratedKw: d.ratedKw, kw });
    peersBySite.set(d.stationId, peers);
  }
  const stations = new Map(state.stations.map((s) => [s.id, s]));
  const out = new Map<string, PvAssessment>();
  for (const d of inverters) {
    const reference = referenceExpectedKw(d.id, d.ratedKw, peersBySite.get(d.stationId) ?? []);
    const station = stations.get(d.stationId);
    const expected: Expectation = reference
      ? { kw: reference.kw, basis: 'reference', referenceId: reference.referenceId, derating: null }
      : {
          kw: station ? clearSkyExpectedKw(atMs, station, d.ratedKw) : 0,
          basis: 'clear-sky',
          referenceId: null,
          derating: station ? deratingOf(station) : null,
        };
    out.set(d.id, { actualKw: actual.get(d.id) ?? null, expected });
  }
  return out;
}

/** Every inverter's verdict after this assessment; inverters no longer in the fleet drop out. */
export function nextVerdicts(
  previous: ReadonlyMap<string, Underperformance>,
  state: FleetState,
  assessments: ReadonlyMap<string, PvAssessment>,
  atMs: number,
): Map<string, Underperformance> {
  const next = new Map<string, Underperformance>();
  for (const device of state.devices) {
    const a = assessments.get(device.id);
    if (!a) continue;
    next.set(
      device.id,
      judgePv(previous.get(device.id) ?? NOT_JUDGED, {
        atMs,
        actualKw: a.actualKw,
        expectedKw: a.expected.kw,
        ratedKw: device.ratedKw,
      }),
    );
  }
  return next;
}

const VERDICT_RANK: Readonly<Record<Underperformance['kind'], number>> = {
  flagged: 0,
  below: 1,
  ok: 2,
  'not-judged': 3,
};

/** After every verdict, not-judged included. */
const OUT_OF_SERVICE_RANK = 4;

function pvRank(live: DeviceLive, verdict: Underperformance | undefined): number {
  const state = live.status?.state;
  if (state === 'comm-lost') return -3;
  if (state === 'fault') return -2;
  if (state === 'unavailable' || state === 'unknown' || !state) return -1;
  return VERDICT_RANK[verdict?.kind ?? 'not-judged'];
}

/**
 * The PV wall's sections; sorting by severity puts faults, then
 * underperformers first, and inverters out of service last. Out of service
 * is not abnormal.
 */
export function pvSections(
  state: FleetState,
  filter: WallFilter,
  sort: WallSort,
  verdicts: ReadonlyMap<string, Underperformance>,
  assessments: ReadonlyMap<string, PvAssessment>,
  outOfService: OutOfServiceMap = NONE_OUT_OF_SERVICE,
): Section<Device>[] {
  const sections = deviceSections(state, filter, outOfService, {
    kind: (d) => d.kind === 'pv-inverter',
    abnormal: (d) => isAbnormalPv(liveOf(state, d.id), verdicts.get(d.id)),
  });
  const rank = (d: Device) =>
    outOfService.has(d.id) ? OUT_OF_SERVICE_RANK : pvRank(liveOf(state, d.id), verdicts.get(d.id));
  return sortSections(sections, sort, rank, (d) => assessments.get(d.id)?.actualKw ?? 0);
}

export function isAbnormalPv(live: DeviceLive, verdict: Underperformance | undefined): boolean {
  const state = live.status?.state;
  return (
    !state ||
    state === 'comm-lost' ||
    state === 'fault' ||
    state === 'unavailable' ||
    state === 'unknown' ||
    verdict?.kind === 'flagged'
  );
}
