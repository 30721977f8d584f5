import type { Comms, DeviceKind, DeviceState, GunState, PointValue } from '../api/model';

export type Reading = (key: string) => PointValue | undefined;

/**
 * `faults` are codes the UI translates: fault-word bit names from the
 * profile, `gunN.faulted`, `inverter.fault`. `detail` says the same in plain
 * English for the log, or why the state is unknown.
 */
export type DerivedState = { state: DeviceState; detail: string | null; faults: string[] };

const ok = (state: DeviceState, detail: string | null = null): DerivedState => ({
  state,
  detail,
  faults: [],
});
const faulted = (faults: string[]): DerivedState => ({ state: 'fault', detail: faults.join(', '), faults });

const ABNORMAL: ReadonlySet<DeviceState> = new Set(['unknown', 'unavailable', 'fault', 'comm-lost']);

/** ISA-101: only abnormal states earn colour on the wall. */
export function isAbnormal(state: DeviceState): boolean {
  return ABNORMAL.has(state);
}

const CHARGING_GUN: ReadonlySet<string> = new Set<GunState>(['preparing', 'charging', 'finishing']);
const GENERATING: ReadonlySet<string> = new Set(['mppt', 'throttled', 'starting']);

/** `faults`: the names of the fault-word bits set right now. */
export function deriveState(
  kind: DeviceKind,
  comms: Comms,
  read: Reading,
  guns: number,
  faults: readonly string[],
): DerivedState {
  if (comms === 'comm-lost') return ok('comm-lost');
  if (comms === 'connecting') return ok('unknown');
  if (faults.length > 0) return faulted([...faults]);
  if (kind === 'ac-charger' || kind === 'dc-charger') return chargerState(read, guns);
  if (kind === 'pv-inverter') return inverterState(read);
  if (kind === 'box-transformer') return transformerState(read);
  return ok('normal');
}

function transformerState(read: Reading): DerivedState {
  const breaker = read('breaker');
  if (breaker === 'tripped') return faulted(['breaker.tripped']);
  // An open breaker is a switching state, not a fault: the station behind it has no supply.
  if (breaker === 'open') return ok('unavailable', 'breaker open');
  return ok('normal');
}

function chargerState(read: Reading, guns: number): DerivedState {
  const states = Array.from({ length: guns }, (_, i) => read(`gun${i + 1}.state`));
  const faultedGuns = states.flatMap((s, i) => (s === 'faulted' ? [`gun${i + 1}.faulted`] : []));
  if (faultedGuns.length) return faulted(faultedGuns);
  if (states.some((s) => typeof s === 'string' && CHARGING_GUN.has(s))) return ok('charging');
  if (states.length > 0 && states.every((s) => s === 'unavailable')) return ok('unavailable');
  if (states.some((s) => s === null || s === undefined || String(s).startsWith('unknown'))) {
    return ok('unknown', 'gun state not readable');
  }
  return ok('idle');
}

function inverterState(read: Reading): DerivedState {
  const st = read('state');
  if (st === 'fault') return faulted(['inverter.fault']);
  if (typeof st === 'string' && GENERATING.has(st)) return ok('generating');
  if (st === 'off' || st === 'sleeping' || st === 'standby' || st === 'shuttingDown') return ok('sleeping');
  return ok('unknown', st === undefined || st === null ? 'state not readable' : `state ${String(st)}`);
}
