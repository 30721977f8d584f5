import type { Device, DeviceStatus, FleetSnapshot, PointSample, ProfileInfo } from '../../shared/api';

const label = (en: string) => ({ 'zh-CN': en, en });

export const acProfile: ProfileInfo = {
  id: 'ac-7kw',
  kind: 'ac-charger',
  points: [
    { key: 'gun1.state', unit: null, label: label('Gun 1 state') },
    { key: 'gun1.power', unit: 'kW', label: label('Gun 1 power') },
    { key: 'gun1.energy', unit: 'kWh', label: label('Gun 1 energy') },
    { key: 'gun1.duration', unit: 's', label: label('Gun 1 duration') },
  ],
};

export const dcProfile: ProfileInfo = {
  id: 'dc-120kw-dual',
  kind: 'dc-charger',
  points: [1, 2].flatMap((n) => [
    { key: `gun${n}.state`, unit: null, label: label('state') },
    { key: `gun${n}.power`, unit: 'kW', label: label('power') },
    { key: `gun${n}.energy`, unit: 'kWh', label: label('energy') },
    { key: `gun${n}.soc`, unit: '%', label: label('soc') },
    { key: `gun${n}.duration`, unit: 's', label: label('duration') },
  ]),
};

export const pvProfile: ProfileInfo = {
  id: 'pv-sunspec-103',
  kind: 'pv-inverter',
  points: [
    { key: 'power', unit: 'W', label: label('power') },
    { key: 'energyTotal', unit: 'Wh', label: label('energy') },
    { key: 'state', unit: null, label: label('state') },
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
