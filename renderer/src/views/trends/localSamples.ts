import type { FleetState } from '../../state/fleet';
import type { Sample } from './downsample';

/** Two hours at one reading a second per series: enough for the 1 h range, bounded whatever the uptime. */
const CAPACITY = 7200;

/** The engine sends a value again only when it changes; the value it last sent holds until then. */
const HOLD_EVERY_MS = 1000;

/**
 * Readings the renderer has seen, for charts while the engine's history
 * store cannot answer. Only the series a chart asked for are kept. A value
 * that does not change is recorded again once a second (sample and hold),
 * so an idle gun is a flat line at zero, not a single dot.
 */
export class LocalSamples {
  private readonly series = new Map<string, Sample[]>();
  private readonly lastTs = new Map<string, number>();

  watch(deviceId: string, key: string): void {
    const id = seriesId(deviceId, key);
    if (!this.series.has(id)) this.series.set(id, []);
  }

  /** Takes the good numeric readings of watched series: a new reading at its time, an unchanged one held to `nowMs`. */
  record(fleet: FleetState, nowMs: number): void {
    for (const [id, samples] of this.series) {
      const [deviceId = '', key = ''] = id.split('\u0000');
      const sample = fleet.live[deviceId]?.points[key];
      if (sample?.quality !== 'good' || typeof sample.value !== 'number') continue;
      const last = this.lastTs.get(id) ?? Number.NEGATIVE_INFINITY;
      const ts = sample.ts > last ? sample.ts : nowMs;
      if (ts - last < HOLD_EVERY_MS && sample.ts <= last) continue;
      this.lastTs.set(id, ts);
      samples.push({ ts, value: sample.value });
      if (samples.length > CAPACITY) samples.splice(0, samples.length - CAPACITY);
    }
  }

  samples(deviceId: string, key: string): readonly Sample[] {
    return this.series.get(seriesId(deviceId, key)) ?? [];
  }
}

function seriesId(deviceId: string, key: string): string {
  return `${deviceId}\u0000${key}`;
}
