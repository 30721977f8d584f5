import type { Device, ProfileInfo, Station } from '../../../../shared/api';
import { clearSkyExpectedKw } from '../../../../shared/pv/expected';
import type { MessageKey } from '../../i18n/messages';
import { bucketWidth, type Grid, type GridSeries } from './downsample';
import type { SeriesRequest } from './useSeries';

export type TrendRange = '1h' | '24h' | '7d' | '30d';
export const TREND_RANGES: readonly TrendRange[] = ['1h', '24h', '7d', '30d'];
export const RANGE_MS: Readonly<Record<TrendRange, number>> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};
export const RANGE_LABEL: Readonly<Record<TrendRange, MessageKey>> = {
  '1h': 'trends.range.1h',
  '24h': 'trends.range.24h',
  '7d': 'trends.range.7d',
  '30d': 'trends.range.30d',
};

/** The power point of a device, and the factor that turns its unit into kW. */
export function powerKeys(device: Device, profile: ProfileInfo | undefined): SeriesRequest[] {
  const scaleOf = (key: string) => {
    const unit = profile?.points.find((p) => p.key === key)?.unit;
    return unit === 'W' ? 0.001 : unit === 'MW' ? 1000 : 1;
  };
  const has = (key: string) => profile?.points.some((p) => p.key === key) ?? false;
  const keys: string[] = [];
  for (let n = 1; n <= device.guns; n++) keys.push(`gun${n}.power`);
  if (device.kind === 'pv-inverter' || device.kind === 'meter') keys.push('power');
  if (device.kind === 'box-transformer') keys.push('lv.power');
  return keys.filter(has).map((key) => ({ device, key, scale: scaleOf(key) }));
}

/** The clear-sky expectation of a station's inverters, bucket by bucket, in kW. */
export function expectedSeries(grid: Grid, station: Station, ratedKw: number): GridSeries {
  const step = bucketWidth(grid);
  const out: GridSeries = [];
  for (let b = 0; b < grid.buckets; b++) {
    const kw = clearSkyExpectedKw(grid.from + (b + 0.5) * step, station, ratedKw);
    out.push({ avg: kw, min: kw, max: kw });
  }
  return out;
}

/** A chart asks the history store again no more often than this, in real time. */
export const REFRESH_FLOOR_MS = 5000;

/** How often the chart's window moves on: a few pixels' worth, and not more than every 5 s. */
export function refreshMs(range: TrendRange, buckets: number): number {
  return Math.max(REFRESH_FLOOR_MS, (RANGE_MS[range] / Math.max(1, buckets)) * 4);
}
