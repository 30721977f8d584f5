import type { Comms, DeviceKind, DeviceState, GunState, PointValue } from '../api/model';

export type Reading = (key: string) => PointValue | undefined;

export type DerivedState = { state: DeviceState; detail: string | null };

const ABNORMAL: ReadonlySet<DeviceState> = new Set(['unknown', 'unavailable', 'fault', 'comm-lost']);

/** ISA-101: only abnormal states earn colour on the wall. */
export function isAbnormal(state: DeviceState): boolean {
  return ABNORMAL.has(state);
}

const CHARGING_GUN: ReadonlySet<string> = new Set<GunState>(['preparing', 'charging', 'finishing']);
const GENERATING: ReadonlySet<string> = new Set(['mppt', 'throttled', 'starting']);

/** Names of active faults are passed in already decoded: `faults` lists them. */
export function deriveState(
  kind: DeviceKind,
  comms: Comms,
  read: Reading,
  guns: number,
  faults: readonly string[],
): DerivedState {
  if (comms === 'comm-lost') return { state: 'comm-lost', detail: null };
  if (comms === 'connecting') return { state: 'unknown', detail: null };
  if (faults.length > 0) return { state: 'fault', detail: faults.join(', ') };
  if (kind === 'ac-charger' || kind === 'dc-charger') return chargerState(read, guns);
  if (kind === 'pv-inverter') return inverterState(read);
  return { state: 'idle', detail: null };
}

function chargerState(read: Reading, guns: number): DerivedState {
  const states = Array.from({ length: guns }, (_, i) => read(`gun${i + 1}.state`));
  const faulted = states.flatMap((s, i) => (s === 'faulted' ? [`gun ${i + 1} faulted`] : []));
  if (faulted.length) return { state: 'fault', detail: faulted.join(', ') };
  if (states.some((s) => typeof s === 'string' && CHARGING_GUN.has(s)))
    return { state: 'charging', detail: null };
  if (states.length > 0 && states.every((s) => s === 'unavailable'))
    return { state: 'unavailable', detail: null };
  if (states.some((s) => s === null || s === undefined || String(s).startsWith('unknown'))) {
    return { state: 'unknown', detail: 'gun state not readable' };
  }
  return { state: 'idle', detail: null };
}

function inverterState(read: Reading): DerivedState {
  const st = read('state');
  if (st === 'fault') return { state: 'fault', detail: 'inverter reports FAULT' };
  if (typeof st === 'string' && GENERATING.has(st)) return { state: 'generating', detail: null };
  if (st === 'off' || st === 'sleeping' || st === 'standby' || st === 'shuttingDown')
    return { state: 'sleeping', detail: null };
  return {
    state: 'unknown',
    detail: st === undefined || st === null ? 'state not readable' : `state ${String(st)}`,
  };
}
