import type { z } from 'zod';
import type { Device, DeviceStatus, Station } from '../../shared/api/model';
import { Profile, type ProfilePoint } from '../../shared/profile/schema';

/** A station of the test fleet, all on one spot near Shaoxing; `urban` picks Shaoxing's arrival limit. */
export const testStation = (id: string, group: string, urban = true): Station => ({
  id,
  name: id,
  address: '',
  lat: 30,
  lng: 120.5,
  group,
  urban,
});

/** A 120 kW dual-gun DC charger behind its station's gateway. */
export const testDcCharger = (id: string, stationId: string, profile = 'dc-120kw'): Device => ({
  id,
  stationId,
  name: id,
  kind: 'dc-charger',
  profile,
  endpoint: `${stationId}:502`,
  unitId: 1,
  guns: 2,
  ratedKw: 120,
});

/** A device online as acquisition reports it: faulted while it has fault codes, idle otherwise. */
export const testStatus = (deviceId: string, faults: readonly string[], since: number): DeviceStatus => ({
  deviceId,
  comms: 'online',
  state: faults.length ? 'fault' : 'idle',
  faults: [...faults],
  detail: null,
  since,
});

/** The 7 kW single-gun AC charger's profile with just the points a test reads. */
export const acChargerProfile = (points: z.input<typeof ProfilePoint>[]): Profile =>
  Profile.parse({
    id: 'ac-7kw',
    kind: 'ac-charger',
    vendor: 'x',
    model: 'x',
    description: 'x',
    guns: 1,
    ratedKw: 7,
    points,
  });
