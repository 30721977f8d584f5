import type { Device, DeviceState } from '../../../../shared/api';
import { isAbnormal } from '../../../../shared/device/state';
import { type FleetState, liveOf } from '../../state/fleet';
import { matches, type Section, type WallSort } from './chargers';
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
  const query = filter.query.trim().toLowerCase();
  const sections: Array<Section<Device> & { order: number }> = [];
  state.stations.forEach((station, order) => {
    if (filter.group !== null && station.group !== filter.group) return;
    const items = state.devices
      .filter(
        (d) =>
          GRID_KINDS.has(d.kind) &&
          d.stationId === station.id &&
          (!query || matches(query, station.id, station.name, station.nameEn, d.id, d.name)) &&
          (!filter.abnormalOnly ||
            (!outOfService.has(d.id) && isAbnormal(liveOf(state, d.id).status?.state ?? 'unknown'))),
      )
      .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'box-transformer' ? -1 : 1));
    if (items.length > 0) sections.push({ station, items, order });
  });
  if (sort === 'severity') {
    const rankOf = (d: Device) => rank(state, d, outOfService);
    for (const s of sections) s.items.sort((a, b) => rankOf(a) - rankOf(b));
    const worst = (s: Section<Device>) => Math.min(...s.items.map(rankOf));
    sections.sort((a, b) => worst(a) - worst(b) || a.order - b.order);
  } else if (sort === 'power') {
    for (const s of sections) s.items.sort((a, b) => powerKw(state, b) - powerKw(state, a));
    const total = (s: Section<Device>) => s.items.reduce((n, d) => n + powerKw(state, d), 0);
    sections.sort((a, b) => total(b) - total(a) || a.order - b.order);
  }
  return sections.map(({ station, items }) => ({ station, items }));
}
