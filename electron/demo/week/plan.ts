import type { Device, PointSample, Station } from '../../../shared/api/model';
import { ARRIVALS_PER_HOUR as AC_ARRIVALS } from '../../../sim/models/ac-charger';
import { localHour, wander } from '../../../sim/models/common';
import { ARRIVALS_PER_HOUR as DC_ARRIVALS } from '../../../sim/models/dc-charger';
import { arrayOutput } from '../../../sim/models/pv-inverter';
import { deriveSeed, mulberry32, type Rng, uniform } from '../../../sim/random';

/**
 * The demo's week as the simulator's models would have lived it: cars
 * arriving by the hour-of-day rates of the charger models, PV output from
 * the inverter model's sun and drifting clouds, station load on the meters
 * and transformers. Pure: the same fleet, seed and end give the same week.
 */

export const DAY_MS = 86_400_000;
/**
 * History every five minutes: the seven-day trend draws a 1920-pixel chart
 * in buckets of about 5.5 minutes, and an empty bucket is drawn as a gap.
 */
export const STEP_MS = 5 * 60_000;

export type WeekFleet = { stations: readonly Station[]; devices: readonly Device[] };

export type GunSession = {
  deviceId: string;
  gun: number;
  startedAt: number;
  endedAt: number;
  energyKwh: number;
};

/** A window a device spends faulted, when no car charges on it. */
export type Downtime = { deviceId: string; from: number; to: number };

export type WeekLoad = { samples: PointSample[]; sessions: GunSession[] };

type OpenSession = { endsAt: number; kw: number; energyKwh: number; startedAt: number };

/** What one charging session asks for, drawn as the charger models draw their cars. */
function drawSession(rng: Rng, kind: Device['kind']): { energyKwh: number; kw: number } {
  if (kind === 'ac-charger') return { energyKwh: uniform(rng, 8, 35), kw: uniform(rng, 6.6, 7.0) };
  const capacity = uniform(rng, 40, 85);
  const soc = uniform(rng, 20, 50);
  const target = uniform(rng, 80, 95);
  // Two guns share 120 kW; a car alone on the charger rarely draws more than its battery's 50–110 kW.
  return { energyKwh: (capacity * (target - soc)) / 100, kw: Math.min(60, uniform(rng, 50, 110)) };
}

const sample = (deviceId: string, key: string, value: number, ts: number): PointSample => ({
  deviceId,
  key,
  value: Math.round(value * 1000) / 1000,
  quality: 'good',
  ts,
});

/**
 * Charging sessions and the trends the views draw (gun power, PV power
 * and yield, station load) from `from` to `to`, one
 * point per STEP_MS. No car starts on a device while it is down.
 */
export function planLoad(
  fleet: WeekFleet,
  from: number,
  to: number,
  seed: number,
  down: readonly Downtime[],
): WeekLoad {
  const samples: PointSample[] = [];
  const sessions: GunSession[] = [];
  const stations = new Map(fleet.stations.map((s) => [s.id, s]));
  const stepH = STEP_MS / 3_600_000;
  const isDown = (deviceId: string, t: number) =>
    down.some((d) => d.deviceId === deviceId && t >= d.from && t < d.to);
  const stationKw = new Map<string, number[]>();
  const addKw = (stationId: string, i: number, kw: number) => {
    const series = stationKw.get(stationId) ?? [];
    series[i] = (series[i] ?? 0) + kw;
    stationKw.set(stationId, series);
  };

  for (const device of fleet.devices) {
    const station = stations.get(device.stationId);
    if (!station) continue;
    const rng = mulberry32(deriveSeed(seed, `week:${device.id}`));
    if (device.kind === 'ac-charger' || device.kind === 'dc-charger') {
      const rates = device.kind === 'ac-charger' ? AC_ARRIVALS : DC_ARRIVALS;
      const guns: (OpenSession | null)[] = Array.from({ length: device.guns }, () => null);
      for (let i = 0, t = from; t < to; i++, t += STEP_MS) {
        let kw = 0;
        for (let g = 0; g < guns.length; g++) {
          let open = guns[g] ?? null;
          if (open && t >= open.endsAt) {
            sessions.push({
              deviceId: device.id,
              gun: g + 1,
              startedAt: open.startedAt,
              endedAt: open.endsAt,
              energyKwh: Math.round(open.energyKwh * 100) / 100,
            });
            open = null;
          }
          const rate = rates[Math.floor(localHour(t, station.lng))] ?? 0;
          if (!open && !isDown(device.id, t) && rng() < 1 - Math.exp(-rate * stepH)) {
            const drawn = drawSession(rng, device.kind);
            const startedAt = t + Math.floor(rng() * STEP_MS);
            open = {
              startedAt,
              endsAt: startedAt + Math.round((drawn.energyKwh / drawn.kw) * 3_600_000),
              ...drawn,
            };
          }
          // Sessions still running at the end stay running: the live fleet carries on from there.
          if (open && open.endsAt >= to) open = null;
          guns[g] = open;
          const gunKw = open && open.startedAt <= t ? open.kw : 0;
          kw += gunKw;
          samples.push(sample(device.id, `gun${g + 1}.power`, gunKw, t));
        }
        addKw(device.stationId, i, kw);
      }
    } else if (device.kind === 'pv-inverter') {
      const site = { ratedKw: device.ratedKw, lat: station.lat, lng: station.lng, share: 1 };
      let cloud = uniform(rng, 0.5, 1);
      let energyWh = uniform(rng, 30e6, 250e6);
      for (let i = 0, t = from; t < to; i++, t += STEP_MS) {
        cloud = Math.min(1, Math.max(0.15, wander(rng, cloud, 0.75, 1200, 0.22, STEP_MS / 1000)));
        const kw = isDown(device.id, t) ? 0 : arrayOutput(site, t, cloud).acKw;
        energyWh += kw * 1000 * stepH;
        samples.push(sample(device.id, 'power', kw * 1000, t));
        samples.push(sample(device.id, 'energyTotal', energyWh, t));
        addKw(device.stationId, i, -kw);
      }
    }
  }

  // Meters and transformers measure what the station's chargers and PV add up to, over a lighting base load.
  for (const device of fleet.devices) {
    const key = device.kind === 'meter' ? 'power' : device.kind === 'box-transformer' ? 'lv.power' : null;
    if (!key) continue;
    const series = stationKw.get(device.stationId) ?? [];
    const station = stations.get(device.stationId);
    for (let i = 0, t = from; t < to; i++, t += STEP_MS) {
      const hour = station ? localHour(t, station.lng) : 12;
      const base = hour >= 18 || hour < 6 ? 4 : 2;
      samples.push(sample(device.id, key, base + (series[i] ?? 0), t));
    }
  }
  sessions.sort((a, b) => a.endedAt - b.endedAt);
  return { samples, sessions };
}
