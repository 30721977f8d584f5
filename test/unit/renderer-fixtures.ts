import type {
  Device,
  DeviceStatus,
  FleetSnapshot,
  PointInfo,
  PointSample,
  ProfileInfo,
} from '../../shared/api';

const label = (en: string) => ({ 'zh-CN': en, en });

/** A read-only point unless told otherwise, as most of a profile is. */
function point(key: string, unit: string | null, more: Partial<PointInfo> = {}): PointInfo {
  return { key, unit, label: label(key), writable: false, command: false, options: null, ...more };
}

const GUN_STATES = ['idle', 'preparing', 'charging', 'finishing', 'faulted', 'unavailable'];

/** A self-clearing command register, as the charger profiles have per gun and per device. */
function command(key: string, options: string[], en: string): PointInfo {
  return point(key, null, { label: { 'zh-CN': en, en }, writable: true, command: true, options });
}

export const acProfile: ProfileInfo = {
  id: 'ac-7kw',
  kind: 'ac-charger',
  points: [
    point('gun1.state', null, { options: GUN_STATES }),
    point('gun1.power', 'kW'),
    point('gun1.energy', 'kWh'),
    point('gun1.duration', 's'),
    command('gun1.command', ['none', 'start', 'stop'], 'Gun 1 command'),
    command('command', ['none', 'reset'], 'Charger command'),
    point('powerLimit', 'kW', { label: { 'zh-CN': '功率限值', en: 'Power limit' }, writable: true }),
  ],
};

export const dcProfile: ProfileInfo = {
  id: 'dc-120kw-dual',
  kind: 'dc-charger',
  points: [1, 2].flatMap((n) => [
    point(`gun${n}.state`, null, { options: GUN_STATES }),
    point(`gun${n}.power`, 'kW'),
    point(`gun${n}.energy`, 'kWh'),
    point(`gun${n}.soc`, '%'),
    point(`gun${n}.duration`, 's'),
  ]),
};

export const pvProfile: ProfileInfo = {
  id: 'pv-sunspec-103',
  kind: 'pv-inverter',
  points: [
    point('power', 'W'),
    point('energyTotal', 'Wh'),
    point('state', null),
    point('WMaxLimPct', '%', { label: { 'zh-CN': '有功功率限值', en: 'WMaxLimPct' }, writable: true }),
  ],
};

function device(id: string, stationId: string, profile: ProfileInfo, guns: number, ratedKw: number): Device {
  return {
    id,
    stationId,
    name: id.toUpperCase(),
    kind: profile.kind,
    profile: profile.id,
    endpoint: '127.0.0.1:502',
    unitId: 1,
    guns,
    ratedKw,
  };
}

export const T0 = 1_700_000_000_000;

export function status(
  deviceId: string,
  state: DeviceStatus['state'],
  comms: DeviceStatus['comms'] = 'online',
) {
  return { deviceId, comms, state, faults: [], detail: null, since: T0 } satisfies DeviceStatus;
}

export function sample(
  deviceId: string,
  key: string,
  value: PointSample['value'],
  ts = T0,
  quality: PointSample['quality'] = 'good',
): PointSample {
  return { deviceId, key, value, quality, ts };
}

/** Two stations: s1 (urban, group A) with an AC, a DC and a PV inverter; s2 (rural, group B) with one AC. */
export function snapshot(): FleetSnapshot {
  return {
    stations: [
      {
        id: 's1',
        name: '一号站',
        nameEn: 'Station One',
        address: '',
        lat: 30,
        lng: 120,
        group: 'A',
        urban: true,
      },
      { id: 's2', name: '二号站', address: '', lat: 30, lng: 120, group: 'B', urban: false },
    ],
    devices: [
      device('s1-ac1', 's1', acProfile, 1, 7),
      device('s1-dc1', 's1', dcProfile, 2, 120),
      device('s1-pv1', 's1', pvProfile, 0, 50),
      device('s2-ac1', 's2', acProfile, 1, 7),
    ],
    profiles: [acProfile, dcProfile, pvProfile],
    status: [
      status('s1-ac1', 'charging'),
      status('s1-dc1', 'fault'),
      status('s1-pv1', 'generating'),
      status('s2-ac1', 'comm-lost', 'comm-lost'),
    ],
    samples: [
      sample('s1-ac1', 'gun1.state', 'charging'),
      sample('s1-ac1', 'gun1.power', 6.8),
      sample('s1-ac1', 'gun1.energy', 3.21),
      sample('s1-ac1', 'gun1.duration', 754),
      sample('s1-dc1', 'gun1.state', 'charging'),
      sample('s1-dc1', 'gun1.power', 60.2),
      sample('s1-dc1', 'gun1.soc', 41),
      sample('s1-dc1', 'gun2.state', 'faulted'),
      sample('s1-dc1', 'gun2.power', 0),
      sample('s1-dc1', 'gun2.soc', 0),
      sample('s1-pv1', 'power', 31_400),
      sample('s1-pv1', 'energyTotal', 84_213_000),
      sample('s1-pv1', 'state', 'mppt'),
      sample('s2-ac1', 'gun1.state', 'charging', T0 - 60_000, 'comm-fail'),
      sample('s2-ac1', 'gun1.power', 6.7, T0 - 60_000, 'comm-fail'),
    ],
  };
}

/** A device of a fleet state by id; a test naming one that is not there fails at once. */
export function deviceOf(state: { devices: readonly Device[] }, id: string): Device {
  const device = state.devices.find((d) => d.id === id);
  if (!device) throw new Error(id);
  return device;
}
