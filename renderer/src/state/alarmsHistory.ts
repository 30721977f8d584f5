import type { FleetDelta, PointSample } from '../../../shared/api';

export type HistoryPoint = { readonly ts: number; readonly value: number };

/**
 * Recent numeric values of every device point, kept in the page since it
 * opened, for the alarm detail pane's "what led up to this". Bounded per
 * point, so a desk left open for a week holds the same as one opened an hour
 * ago. It stands in until the engine serves history.
 */
export class DeviceHistory {
  private readonly series = new Map<string, HistoryPoint[]>();

  constructor(private readonly perPoint = 300) {}

  add(delta: FleetDelta): void {
    for (const sample of delta.samples) this.record(sample);
  }

  record(sample: PointSample): void {
    if (typeof sample.value !== 'number' || sample.quality !== 'good') return;
    const id = seriesId(sample.deviceId, sample.key);
    const series = this.series.get(id) ?? [];
    const last = series.at(-1);
    // The poller resends unchanged values; only a later reading adds a point.
    if (last && sample.ts <= last.ts) return;
    series.push({ ts: sample.ts, value: sample.value });
    if (series.length > this.perPoint) series.splice(0, series.length - this.perPoint);
    this.series.set(id, series);
  }

  of(deviceId: string, key: string): readonly HistoryPoint[] {
    return this.series.get(seriesId(deviceId, key)) ?? [];
  }
}

function seriesId(deviceId: string, key: string): string {
  return `${deviceId}\u0000${key}`;
}
