import type { Device, DeviceState } from '../../../../shared/api';
import { isAbnormal } from '../../../../shared/device/state';
import { type FleetState, liveOf } from '../../state/fleet';
import { deviceSections, type Section, sortSections, type WallSort } from './chargers';
import type { WallFilter } from './model';
import { NONE_OUT_OF_SERVICE, type OutOfServiceMap } from './outOfService';

const GRID_KINDS: ReadonlySet<Device['kind']> = new Set(['box-transformer', 'meter']);

const STATE_RANK: Partial<Record<DeviceState, number>> = {
  'comm-lost': 0,
  fault: 1,
  unavailable: 2,
  unknown: 3,
};

/** Out of service ranks after every live state: it needs no one until its resume. */
function rank(state: FleetState, device: Device, outOfService: OutOfServiceMap): number {
  if (outOfService.has(device.id)) return 5;
  return STATE_RANK[liveOf(state, device.id).status?.state ?? 'unknown'] ?? 4;
}

/** Through-power in kW: the transformer's LV side, the meter's reading. */
function powerKw(state: FleetState, device: Device): number {
  const sample = liveOf(state, device.id).points[device.kind === 'box-transformer' ? 'lv.power' : 'power'];
  return sample?.quality === 'good' && typeof sample.value === 'number' ? Math.abs(sample.value) : 0;
}

/** The transformer-and-meter wall's sections, transformer before meter within a station; out of service is not abnormal. */
export function gridSections(
  state: FleetState,
  filter: WallFilter,
  sort: WallSort,
  outOfService: OutOfServiceMap = NONE_OUT_OF_SERVICE,
): Section<Device>[] {
  const sections = deviceSections(state, filter, outOfService, {
    kind: (d) => GRID_KINDS.has(d.kind),
    abnormal: (d) => isAbnormal(liveOf(state, d.id).status?.state ?? 'unknown'),
  });
  for (const s of sections)
    s.items.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'box-transformer' ? -1 : 1));
  return sortSections(
    sections,
    sort,
    (d) => rank(state, d, outOfService),
    (d) => powerKw(state, d),
  );
}
