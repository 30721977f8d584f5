import { join } from 'node:path';
import { HistoryStore } from '../../electron/history/store';
import type { PointSample } from '../../shared/api/model';
import { DAY_MS } from '../../shared/warning/model';

/**
 * A month of DC-charger history for the early-warning tests, written into a
 * desk's history.sqlite by the desk's own history store.
 */
const HOUR = 3_600_000;

/** A deterministic wobble in [-1, 1], so the series have noise without a seed file. */
const wobble = (i: number) => Math.sin(i * 12.9898) * 0.5 + Math.sin(i * 78.233) * 0.5;

/**
 * Thirty days ending today of one DC charger's gun 1 and insulation: at
 * night the gun idles at ambient, by day it carries 200 A. `wornFrom` is
 * the day (0-based) the contact and insulation start to go, or null.
 */
export function monthOf(deviceId: string, todayMs: number, wornFrom: number | null): PointSample[] {
  const samples: PointSample[] = [];
  const days = 30;
  const first = todayMs - (days - 1) * DAY_MS;
  for (let d = 0; d < days; d++) {
    const worn = wornFrom === null || d < wornFrom ? 0 : (d - wornFrom + 1) / (days - wornFrom);
    const resistance = 0.5 * (1 + 1.2 * worn * worn) * (1 + 0.03 * wobble(d));
    // A failing cable loses insulation by orders of magnitude, not linearly.
    const insulation = 9000 * Math.exp(-4 * worn) * (1 + 0.05 * wobble(d + 100));
    const ambient = 22 + 3 * wobble(d + 200);
    const sample = (key: string, value: number, ts: number): PointSample => ({
      deviceId,
      key,
      value,
      quality: 'good',
      ts,
    });
    for (let h = 0; h < 12; h++) {
      const ts = first + d * DAY_MS + h * 2 * HOUR;
      const amps = h >= 4 && h < 10 ? 200 + 10 * wobble(d * 12 + h) : 0;
      samples.push(sample('gun1.current', amps, ts));
      samples.push(sample('gun1.temperature', ambient + (resistance * amps * amps) / 1000, ts));
      if (amps > 0) samples.push(sample('insulation', insulation, ts));
    }
  }
  return samples;
}

export function writeHistory(dataDir: string, samples: readonly PointSample[]): void {
  const store = HistoryStore.open(join(dataDir, 'history.sqlite'), {
    retention: { rawDays: 14, minuteDays: 397, quarterHourDays: 1830 },
    onError: (e) => {
      throw e;
    },
  });
  store.record(samples);
  store.flush();
  while (store.maintain()) {}
  store.close();
}
