import type { Device, PointSample } from '../../../../shared/api';
import { type FleetState, liveOf, pointUnit } from '../../state/fleet';

const TO_KW: Readonly<Record<string, number>> = { W: 0.001, kW: 1, MW: 1000 };
const TO_KWH: Readonly<Record<string, number>> = { Wh: 0.001, kWh: 1, MWh: 1000 };

function good(sample: PointSample | undefined): number | null {
  return sample?.quality === 'good' && typeof sample.value === 'number' ? sample.value : null;
}

function scaled(fleet: FleetState, device: Device, key: string, table: Readonly<Record<string, number>>) {
  const value = good(liveOf(fleet, device.id).points[key]);
  const factor = table[pointUnit(fleet, device, key) ?? ''] ?? null;
  return value === null || factor === null ? null : value * factor;
}

/** Power now in kW: guns added up for a charger, AC output for an inverter, load for a meter or transformer; null when unread. */
export function devicePowerKw(fleet: FleetState, device: Device): number | null {
  if (device.guns > 0) {
    let sum: number | null = null;
    for (let gun = 1; gun <= device.guns; gun++) {
      const kw = scaled(fleet, device, `gun${gun}.power`, TO_KW);
      if (kw !== null) sum = (sum ?? 0) + kw;
    }
    return sum;
  }
  if (device.kind === 'box-transformer') return scaled(fleet, device, 'lv.power', TO_KW);
  return scaled(fleet, device, 'power', TO_KW);
}

/** The lifetime energy counter a device keeps, if its profile has one: charged for chargers, generated for inverters. */
export const ENERGY_COUNTER: Readonly<Partial<Record<Device['kind'], string>>> = {
  'ac-charger': 'totalEnergy',
  'dc-charger': 'totalEnergy',
  'pv-inverter': 'energyTotal',
};

/** The counter in kWh, or null when it has no good reading. */
export function energyCounterKwh(fleet: FleetState, device: Device): number | null {
  const key = ENERGY_COUNTER[device.kind];
  return key ? scaled(fleet, device, key, TO_KWH) : null;
}

export function energyUnitFactor(unit: string | null): number | null {
  return TO_KWH[unit ?? ''] ?? null;
}
