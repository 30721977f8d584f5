import { useMemo } from 'react';
import type { Device, Station } from '../../../../shared/api';
import type { FleetState } from '../../state/fleet';

/** The fleet's stations and devices by id, rebuilt only when the fleet's lists change. */
export function useFleetMaps(fleet: FleetState): {
  stations: ReadonlyMap<string, Station>;
  devices: ReadonlyMap<string, Device>;
} {
  const stations = useMemo(() => new Map(fleet.stations.map((s) => [s.id, s])), [fleet.stations]);
  const devices = useMemo(() => new Map(fleet.devices.map((d) => [d.id, d])), [fleet.devices]);
  return { stations, devices };
}
