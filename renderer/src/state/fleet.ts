import type {
  Device,
  DeviceStatus,
  FleetDelta,
  FleetSnapshot,
  PointSample,
  ProfileInfo,
  Station,
} from '../../../shared/api';
import { isAbnormal } from '../../../shared/device/state';

/** Everything live about one device. A new object only when something in it changed, so tiles can memo on it. */
export type DeviceLive = {
  readonly status: DeviceStatus | null;
  readonly points: Readonly<Record<string, PointSample>>;
};

export type FleetState = {
  readonly loaded: boolean;
  readonly stations: readonly Station[];
  readonly devices: readonly Device[];
  readonly profiles: Readonly<Record<string, ProfileInfo>>;
  readonly live: Readonly<Record<string, DeviceLive>>;
};

export const emptyFleet: FleetState = { loaded: false, stations: [], devices: [], profiles: {}, live: {} };

const NO_LIVE: DeviceLive = { status: null, points: {} };

export function liveOf(state: FleetState, deviceId: string): DeviceLive {
  return state.live[deviceId] ?? NO_LIVE;
}

export function fromSnapshot(snapshot: FleetSnapshot): FleetState {
  const live: Record<string, { status: DeviceStatus | null; points: Record<string, PointSample> }> = {};
  for (const device of snapshot.devices) live[device.id] = { status: null, points: {} };
  for (const status of snapshot.status) {
    const entry = live[status.deviceId];
    if (entry) entry.status = status;
  }
  for (const sample of snapshot.samples) {
    const entry = live[sample.deviceId];
    if (entry && isNewer(sample, entry.points[sample.key])) entry.points[sample.key] = sample;
  }
  return {
    loaded: true,
    stations: snapshot.stations,
    devices: snapshot.devices,
    profiles: Object.fromEntries(snapshot.profiles.map((p) => [p.id, p])),
    live,
  };
}

/**
 * Applies a delta; devices the snapshot did not list are ignored (the next
 * snapshot brings them). Samples older than what is shown are dropped, so a
 * delta that raced a snapshot reply cannot roll a value back.
 */
export function applyDelta(state: FleetState, delta: FleetDelta): FleetState {
  if (!state.loaded || (delta.status.length === 0 && delta.samples.length === 0)) return state;
  const changed = new Map<string, { status: DeviceStatus | null; points: Record<string, PointSample> }>();
  const draft = (deviceId: string) => {
    let entry = changed.get(deviceId);
    if (entry) return entry;
    const current = state.live[deviceId];
    if (!current) return undefined;
    entry = { status: current.status, points: { ...current.points } };
    changed.set(deviceId, entry);
    return entry;
  };
  for (const status of delta.status) {
    const current = state.live[status.deviceId]?.status;
    if (current && sameStatus(current, status)) continue;
    const entry = draft(status.deviceId);
    if (entry) entry.status = status;
  }
  for (const sample of delta.samples) {
    const shown =
      changed.get(sample.deviceId)?.points[sample.key] ?? state.live[sample.deviceId]?.points[sample.key];
    if (!isNewer(sample, shown)) continue;
    const entry = draft(sample.deviceId);
    if (entry) entry.points[sample.key] = sample;
  }
  if (changed.size === 0) return state;
  return { ...state, live: { ...state.live, ...Object.fromEntries(changed) } };
}

function isNewer(sample: PointSample, shown: PointSample | undefined): boolean {
  if (!shown) return true;
  if (sample.ts < shown.ts) return false;
  return sample.ts > shown.ts || sample.value !== shown.value || sample.quality !== shown.quality;
}

function sameStatus(a: DeviceStatus, b: DeviceStatus): boolean {
  return (
    a.comms === b.comms &&
    a.state === b.state &&
    a.detail === b.detail &&
    a.since === b.since &&
    a.faults.join() === b.faults.join()
  );
}

/**
 * Deltas waiting for the next animation frame, folded so memory stays
 * bounded by the fleet size however long the frame is held back (a hidden
 * browser tab gets no frames at all).
 */
export class PendingDeltas {
  private readonly status = new Map<string, DeviceStatus>();
  private readonly samples = new Map<string, PointSample>();

  get size(): number {
    return this.status.size + this.samples.size;
  }

  add(delta: FleetDelta): void {
    for (const status of delta.status) this.status.set(status.deviceId, status);
    for (const sample of delta.samples) {
      const id = `${sample.deviceId}\u0000${sample.key}`;
      const held = this.samples.get(id);
      if (!held || sample.ts >= held.ts) this.samples.set(id, sample);
    }
  }

  /** Everything held, as one delta, and empty again. */
  take(): FleetDelta {
    const delta = { status: [...this.status.values()], samples: [...this.samples.values()] };
    this.status.clear();
    this.samples.clear();
    return delta;
  }
}

/** A station's devices: all, online, in fault, with comms lost, and abnormal in any way. */
export type StationCounts = Record<'devices' | 'online' | 'faulted' | 'commLost' | 'abnormal', number>;

export function stationCounts(state: FleetState, stationId: string): StationCounts {
  const counts: StationCounts = { devices: 0, online: 0, faulted: 0, commLost: 0, abnormal: 0 };
  for (const device of state.devices) {
    if (device.stationId !== stationId) continue;
    const status = liveOf(state, device.id).status;
    counts.devices += 1;
    if (status?.comms === 'online') counts.online += 1;
    if (status?.state === 'fault') counts.faulted += 1;
    if (status?.state === 'comm-lost') counts.commLost += 1;
    if (!status || isAbnormal(status.state)) counts.abnormal += 1;
  }
  return counts;
}

export type FleetSummary = {
  stations: number;
  devices: number;
  gunsCharging: number;
  faults: number;
  commLost: number;
  /** Sum of gun power over guns with a good reading, kW. */
  chargingKw: number;
  /** Sum of inverter AC power with a good reading, kW. */
  pvKw: number;
};

const ACTIVE_GUN = new Set(['preparing', 'charging', 'finishing']);

/**
 * The header's figures. Devices `outOfService` holds (an approved outage or
 * decommission) are neither faults nor comms losses: known and handed over.
 */
export function fleetSummary(
  state: FleetState,
  outOfService: { has(deviceId: string): boolean } = new Set<string>(),
): FleetSummary {
  const summary: FleetSummary = {
    stations: state.stations.length,
    devices: state.devices.length,
    gunsCharging: 0,
    faults: 0,
    commLost: 0,
    chargingKw: 0,
    pvKw: 0,
  };
  for (const device of state.devices) {
    const { status, points } = liveOf(state, device.id);
    const held = outOfService.has(device.id);
    if (status?.state === 'fault' && !held) summary.faults += 1;
    if (status?.state === 'comm-lost') {
      if (!held) summary.commLost += 1;
      continue;
    }
    for (let gun = 1; gun <= device.guns; gun++) {
      const gunState = points[`gun${gun}.state`];
      if (gunState?.quality === 'good' && ACTIVE_GUN.has(String(gunState.value))) summary.gunsCharging += 1;
      summary.chargingKw += goodNumber(points[`gun${gun}.power`]);
    }
    if (device.kind === 'pv-inverter') {
      summary.pvKw += goodNumber(points.power) * kwFactor(pointUnit(state, device, 'power'));
    }
  }
  return summary;
}

export function pointUnit(state: FleetState, device: Device, key: string): string | null {
  return state.profiles[device.profile]?.points.find((p) => p.key === key)?.unit ?? null;
}

/** Profiles say W or kW; the wall adds power up in kW. */
function kwFactor(unit: string | null): number {
  if (unit === 'W') return 0.001;
  if (unit === 'MW') return 1000;
  return 1;
}

function goodNumber(sample: PointSample | undefined): number {
  return sample?.quality === 'good' && typeof sample.value === 'number' ? sample.value : 0;
}
