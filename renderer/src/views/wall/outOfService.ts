import type { ApplicationView } from '../../../../shared/api';
import { inForce } from '../../../../shared/workorder/application';
import { OUT_OF_SERVICE_TONE } from '../../ui/tile/Tile';

/** Why a device is off the wall's watch: the application that holds it and its planned end. */
export type OutOfService = {
  applicationId: string;
  kind: 'outage' | 'decommission';
  /** The planned end of an outage; null until its resume (or for good, a decommission). */
  until: number | null;
};

export type OutOfServiceMap = ReadonlyMap<string, OutOfService>;

export const NONE_OUT_OF_SERVICE: OutOfServiceMap = new Map();

/**
 * Devices an approved outage or decommission holds, by device: the same
 * rule by which the engine takes their alarms out of service, so the tile,
 * the queue and the wallboard say the same thing.
 */
export function outOfServiceOf(applications: Iterable<ApplicationView>): OutOfServiceMap {
  const held = new Map<string, OutOfService>();
  for (const a of applications) {
    if (!inForce(a) || (a.kind !== 'outage' && a.kind !== 'decommission')) continue;
    const mark: OutOfService = {
      applicationId: a.id,
      kind: a.kind,
      until: a.kind === 'outage' ? a.until : null,
    };
    for (const deviceId of a.deviceIds) held.set(deviceId, mark);
  }
  return held;
}

/**
 * What a wall tile shows and counts: its own state, or out of service while
 * an application holds it. An out-of-service device's fault is known and
 * handed over, so it neither turns the tile red nor counts as a fault.
 */
export function wallTone<S extends string>(
  state: S,
  held: OutOfService | undefined,
): S | typeof OUT_OF_SERVICE_TONE {
  return held ? OUT_OF_SERVICE_TONE : state;
}
