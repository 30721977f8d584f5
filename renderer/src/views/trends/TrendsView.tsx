import { useEffect, useMemo, useRef, useState } from 'react';
import '../../styles/trends.css';
import type { Device } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import type { FleetState } from '../../state/fleet';
import { useDeskClock, useDeskNow } from '../../state/useDeskClock';
import type { DeskClient } from '../../transport';
import { useChartWidth } from '../../ui/chart/useChartWidth';
import { inDialog, isTextEntry } from '../../ui/dialog/modal';
import { numberedWord } from '../../ui/list/numberedWord';
import { Segmented } from '../../ui/list/Segmented';
import { type Grid, type GridSeries, sumGrid } from './downsample';
import { LocalSamples } from './localSamples';
import {
  expectedSeries,
  powerKeys,
  RANGE_LABEL,
  RANGE_MS,
  REFRESH_FLOOR_MS,
  refreshMs,
  TREND_RANGES,
  type TrendRange,
} from './model';
import { type ChartLine, plotWidth, TrendChart } from './TrendChart';
import { type SeriesRequest, type SeriesSet, useSeries } from './useSeries';

export type TrendTarget = { stationId: string; deviceId: string | null };

type Props = {
  fleet: FleetState;
  client: DeskClient;
  active: boolean;
  target: TrendTarget | null;
  onTarget(target: TrendTarget): void;
};

const RANGE_KEYS: Readonly<Record<string, TrendRange>> = { '1': '1h', '2': '24h', '3': '7d', '4': '30d' };

/**
 * Station power, PV generation against the clear-sky expectation, and one
 * device's history, over 1 h to 30 d. Every series is cut to the plot's
 * pixel width before it reaches the chart.
 */
export function TrendsView({ fleet, client, active, target, onTarget }: Props) {
  const { t, lang } = useI18n();
  const [range, setRange] = useState<TrendRange>('1h');
  const [ref, width] = useChartWidth();
  const buckets = width > 0 ? plotWidth(width) : 0;
  const local = useRef(new LocalSamples()).current;
  const [version, setVersion] = useState(0);

  const stationId = target?.stationId ?? fleet.stations[0]?.id ?? null;
  const station = fleet.stations.find((s) => s.id === stationId);
  const devices = useMemo(
    () => fleet.devices.filter((d) => d.stationId === stationId),
    [fleet.devices, stationId],
  );
  const device = target?.deviceId ? devices.find((d) => d.id === target.deviceId) : undefined;

  // Each refresh asks the history store again: at most every 5 s of real time, however fast a drill runs.
  const now = useDeskNow(active && buckets > 0, refreshMs(range, buckets), REFRESH_FLOOR_MS);
  const deskClock = useDeskClock();

  const grid: Grid | null = useMemo(
    () => (buckets > 0 ? { from: now - RANGE_MS[range], to: now, buckets } : null),
    [now, range, buckets],
  );

  const stationRequests = useMemo(
    () => devices.flatMap((d) => powerKeys(d, fleet.profiles[d.profile])),
    [devices, fleet.profiles],
  );
  const deviceRequests = useMemo(
    () => (device ? powerKeys(device, fleet.profiles[device.profile]) : []),
    [device, fleet.profiles],
  );

  useEffect(() => {
    for (const r of [...stationRequests, ...deviceRequests]) local.watch(r.device.id, r.key);
  }, [local, stationRequests, deviceRequests]);
  useEffect(() => {
    local.record(fleet, deskClock.now());
    if (active) setVersion((v) => v + 1);
  }, [local, fleet, active, deskClock]);
  // The local fallback re-renders with every fleet update; a few times a minute is plenty for a chart.
  const throttled = Math.floor(version / 5);

  const stationSet = useSeries(client, active ? stationRequests : [], grid, local, throttled);
  const deviceSet = useSeries(client, active ? deviceRequests : [], grid, local, throttled);

  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (isTextEntry(event.target) || inDialog(event.target)) return;
      const next = RANGE_KEYS[event.key];
      if (next) setRange(next);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);

  const pvRated = devices.filter((d) => d.kind === 'pv-inverter').reduce((n, d) => n + d.ratedKw, 0);
  // Lines change only when their series or the window do: a fleet update alone does not redraw a chart.
  const deviceChart = useMemo(
    () => (device && station && grid ? deviceLines(deviceRequests, deviceSet, device, grid, station, t) : []),
    [deviceRequests, deviceSet, device, grid, station, t],
  );
  const stationChart = useMemo(
    () => (grid ? stationLines(stationRequests, stationSet, grid, t) : []),
    [stationRequests, stationSet, grid, t],
  );
  const pvChart = useMemo(
    () =>
      grid && station
        ? [
            {
              id: 'pv',
              label: t('trends.series.pv'),
              series: sumOf(stationRequests, stationSet, grid, (r) => r.device.kind === 'pv-inverter'),
            },
            {
              id: 'expected',
              label: t('trends.series.expected'),
              series: expectedSeries(grid, station, pvRated),
              dashed: true,
            },
          ]
        : [],
    [stationRequests, stationSet, grid, station, pvRated, t],
  );
  const stationName = station ? (lang === 'en' && station.nameEn ? station.nameEn : station.name) : '';

  return (
    <div className="view view--trends" hidden={!active}>
      <nav className="filters trends__bar" aria-label={t('trends.title')}>
        <label className="trends__pick">
          {t('trends.station')}
          <select
            value={stationId ?? ''}
            data-testid="trend-station"
            onChange={(e) => onTarget({ stationId: e.target.value, deviceId: null })}
          >
            {fleet.stations.map((s) => (
              <option key={s.id} value={s.id}>
                {lang === 'en' && s.nameEn ? s.nameEn : s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="trends__pick">
          {t('trends.device')}
          <select
            value={device?.id ?? ''}
            data-testid="trend-device"
            onChange={(e) => stationId && onTarget({ stationId, deviceId: e.target.value || null })}
          >
            <option value="">{t('trends.wholeStation')}</option>
            {devices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <Segmented
          label={t('trends.range')}
          options={TREND_RANGES}
          value={range}
          word={numberedWord(TREND_RANGES, (r) => t(RANGE_LABEL[r]))}
          attrs={(r) => ({ 'data-range': r })}
          onChange={setRange}
        />
      </nav>
      <main className="trends" ref={ref}>
        {!station && <p className="wall__empty">{t('trends.pick')}</p>}
        {active &&
          station &&
          grid &&
          [
            device && {
              testId: 'trend-device-chart',
              title: t('trends.deviceHistory', { device: device.name }),
              set: deviceSet,
              lines: deviceChart,
            },
            {
              testId: 'trend-station-power',
              title: `${stationName} · ${t('trends.stationPower')}`,
              set: stationSet,
              lines: stationChart,
            },
            pvRated > 0 && {
              testId: 'trend-pv',
              title: `${stationName} · ${t('trends.pvVsExpected')}`,
              set: stationSet,
              lines: pvChart,
            },
          ].map(
            (chart) => chart && <Chart key={chart.testId} {...chart} unit="kW" width={width} grid={grid} />,
          )}
      </main>
    </div>
  );
}

type Translate = ReturnType<typeof useI18n>['t'];

function Chart(props: {
  testId: string;
  title: string;
  unit: string;
  width: number;
  grid: Grid;
  set: SeriesSet;
  lines: readonly ChartLine[];
}) {
  const { t } = useI18n();
  const { set, grid } = props;
  const points = Math.max(0, ...props.lines.map((l) => l.series.filter(Boolean).length));
  return (
    <section className="trends__chart" data-source={set.source} data-state={set.state}>
      <TrendChart
        title={props.title}
        unit={props.unit}
        width={props.width}
        grid={grid}
        lines={props.lines}
        testId={props.testId}
      />
      <p className="trends__note">
        {set.state === 'loading'
          ? t('trends.loading')
          : points === 0
            ? t('trends.empty')
            : set.source === 'history'
              ? t('trends.source.history', { points, width: grid.buckets })
              : t('trends.source.local', { points, width: grid.buckets, reason: set.reason ?? '' })}
      </p>
    </section>
  );
}

function sumOf(
  requests: readonly SeriesRequest[],
  set: SeriesSet,
  grid: Grid,
  pick: (r: SeriesRequest) => boolean,
): GridSeries {
  const chosen = requests.flatMap((r, i) => (pick(r) && set.series[i] ? [set.series[i]] : []));
  return chosen.length === 0 ? new Array(grid.buckets).fill(null) : sumGrid(chosen, grid.buckets);
}

function stationLines(
  requests: readonly SeriesRequest[],
  set: SeriesSet,
  grid: Grid,
  t: Translate,
): ChartLine[] {
  const lines: ChartLine[] = [];
  if (requests.some((r) => r.device.guns > 0))
    lines.push({
      id: 'charging',
      label: t('trends.series.charging'),
      series: sumOf(requests, set, grid, (r) => r.device.guns > 0),
    });
  if (requests.some((r) => r.device.kind === 'meter'))
    lines.push({
      id: 'meter',
      label: t('trends.series.meter'),
      series: sumOf(requests, set, grid, (r) => r.device.kind === 'meter'),
    });
  return lines;
}

function deviceLines(
  requests: readonly SeriesRequest[],
  set: SeriesSet,
  device: Device,
  grid: Grid,
  station: Parameters<typeof expectedSeries>[1],
  t: Translate,
): ChartLine[] {
  const lines: ChartLine[] = requests.map((r, i) => ({
    id: r.key,
    label: r.key.startsWith('gun') ? `${t('wall.gun', { n: r.key.slice(3, r.key.indexOf('.')) })}` : r.key,
    series: set.series[i] ?? new Array(grid.buckets).fill(null),
  }));
  if (device.kind === 'pv-inverter')
    lines.push({
      id: 'expected',
      label: t('trends.series.expected'),
      series: expectedSeries(grid, station, device.ratedKw),
      dashed: true,
    });
  return lines;
}
