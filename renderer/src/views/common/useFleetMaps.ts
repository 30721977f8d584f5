import { useMemo } from 'react';
import type { Device, Station } from '../../../../shared/api';
import type { FleetState } from '../../state/fleet';

export type FleetMaps = {
  stations: ReadonlyMap<string, Station>;
  devices: ReadonlyMap<string, Device>;
};

/** The fleet's stations and devices by id, rebuilt only when the fleet's lists change. */
export function useFleetMaps(fleet: FleetState): FleetMaps {
  const stations = useMemo(() => new Map(fleet.stations.map((s) => [s.id, s])), [fleet.stations]);
  const devices = useMemo(() => new Map(fleet.devices.map((d) => [d.id, d])), [fleet.devices]);
  return { stations, devices };
}
