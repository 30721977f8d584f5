import type { Device, Station } from '../shared/api/model';

/** The ac-7kw profile's fault word: ten named bits, so ten alarm points per charger. */
export const FAULT_BITS = [
  'overTemperature',
  'overVoltage',
  'underVoltage',
  'overCurrent',
  'groundFault',
  'emergencyStop',
  'meterFault',
  'cpAbnormal',
  'relayStuck',
  'gunStuck',
];
export const UNITS_PER_GATEWAY = 20;

/** The storm's fleet: 7 kW chargers, twenty behind each station's gateway, stations in five groups (片区 1–5). */
type Fleet = { stations: Station[]; devices: Device[] };

export function fleetFor(chargers: number, endpointOf: (gateway: number) => string): Fleet {
  const gateways = Math.ceil(chargers / UNITS_PER_GATEWAY);
  const stations: Station[] = Array.from({ length: gateways }, (_, g) => ({
    id: `st${String(g + 1).padStart(3, '0')}`,
    name: `风暴测试站 ${g + 1}`,
    nameEn: `Storm station ${g + 1}`,
    address: '',
    lat: 30 + g / 1000,
    lng: 120.5,
    group: `片区 ${(g % 5) + 1}`,
    urban: g % 2 === 0,
  }));
  const devices: Device[] = Array.from({ length: chargers }, (_, i) => {
    const g = Math.floor(i / UNITS_PER_GATEWAY);
    const unitId = (i % UNITS_PER_GATEWAY) + 1;
    return {
      id: `${stations[g]?.id}-ac${String(unitId).padStart(2, '0')}`,
      stationId: stations[g]?.id ?? '',
      name: `${unitId}号交流桩`,
      kind: 'ac-charger',
      profile: 'ac-7kw',
      endpoint: endpointOf(g),
      unitId,
      guns: 1,
      ratedKw: 7,
    };
  });
  return { stations, devices };
}
