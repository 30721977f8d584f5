import { memo, useMemo } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { wallClockMs } from '../../../../shared/handover/schedule';
import { useI18n } from '../../i18n/context';
import { useFleetTime } from '../../i18n/fleetTime';
import { formatDayTime, formatNumber, formatTime } from '../../i18n/format';
import { bucketWidth, type Grid, type GridSeries } from './downsample';

export type ChartLine = {
  id: string;
  label: string;
  series: GridSeries;
  /** The expectation is drawn dashed; measurements solid. */
  dashed?: boolean;
};

/** Axis and margins of the plot, px: what is left of the width is the plot, and the most points it gets. */
const Y_AXIS_PX = 64;
const MARGIN = { top: 8, right: 20, bottom: 4, left: 4 } as const;
const HEIGHT_PX = 300;

/** Grey-first: measurements in light greys, the expectation in a muted blue; no alarm colours here. */
const STROKES = ['#e3e6e9', '#9fb7cc', '#b4bac0', '#8a9198'] as const;

/** The plot's width in px for a chart this wide: the number of buckets the series are cut into. */
export function plotWidth(chartWidth: number): number {
  return Math.max(2, Math.floor(chartWidth - Y_AXIS_PX - MARGIN.left - MARGIN.right));
}

type Props = {
  title: string;
  unit: string;
  width: number;
  grid: Grid;
  lines: readonly ChartLine[];
  testId: string;
};

/** A line per series with its min–max band behind it; gaps stay gaps (no reading is not zero). */
export const TrendChart = memo(function TrendChart({ title, unit, width, grid, lines, testId }: Props) {
  const { lang } = useI18n();
  const { timeZone } = useFleetTime();
  const step = bucketWidth(grid);
  const rows = useMemo(() => {
    const out: Array<Record<string, number | [number, number] | null>> = [];
    for (let b = 0; b < grid.buckets; b++) {
      const row: Record<string, number | [number, number] | null> = { ts: grid.from + (b + 0.5) * step };
      // Every bucket is a row, empty ones too: a gap in the data must stay a gap, not a straight line across it.
      for (const line of lines) {
        const cell = line.series[b];
        row[line.id] = cell ? cell.avg : null;
        if (!line.dashed) row[`${line.id}:band`] = cell ? [cell.min, cell.max] : null;
      }
      out.push(row);
    }
    return out;
  }, [grid, lines, step]);
  const span = grid.to - grid.from;
  const tick = (ts: number) => formatTick(ts, span, lang, timeZone);
  return (
    <figure className="trend" data-testid={testId} data-rows={rows.length} data-plot-width={plotWidth(width)}>
      <figcaption className="trend__title">
        {title} <span className="trend__unit">{unit}</span>
      </figcaption>
      <ul className="trend__legend">
        {lines.map((line, i) => (
          <li key={line.id} className={line.dashed ? 'trend__key trend__key--dashed' : 'trend__key'}>
            <svg width="28" height="10" aria-hidden="true">
              <line
                x1="0"
                y1="5"
                x2="28"
                y2="5"
                stroke={STROKES[i % STROKES.length]}
                strokeWidth="3"
                strokeDasharray={line.dashed ? '6 4' : undefined}
              />
            </svg>
            {line.label}
          </li>
        ))}
      </ul>
      {width > 0 && (
        <ComposedChart width={width} height={HEIGHT_PX} data={rows} margin={MARGIN}>
          <CartesianGrid stroke="#41474d" strokeDasharray="2 4" vertical={false} />
          <XAxis
            dataKey="ts"
            type="number"
            scale="time"
            domain={[grid.from, grid.to]}
            ticks={timeTicks(grid.from, grid.to, timeZone)}
            tickFormatter={tick}
            stroke="#8a9198"
            tick={{ fontSize: 15, fill: '#b4bac0' }}
            minTickGap={40}
          />
          <YAxis
            width={Y_AXIS_PX}
            stroke="#8a9198"
            tick={{ fontSize: 15, fill: '#b4bac0' }}
            tickFormatter={(v: number) => formatNumber(v, Math.abs(v) < 10 ? 1 : 0)}
          />
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(ts) => formatDayTime(Number(ts), timeZone)}
            formatter={(value) => (typeof value === 'number' ? `${formatNumber(value, 1)} ${unit}` : '')}
            contentStyle={{ background: '#25292d', border: '1px solid #41474d', fontSize: 16 }}
          />
          {lines.map((line, i) =>
            line.dashed ? null : (
              <Area
                key={`${line.id}:band`}
                dataKey={`${line.id}:band`}
                stroke="none"
                fill={STROKES[i % STROKES.length]}
                fillOpacity={0.12}
                isAnimationActive={false}
                connectNulls={false}
                activeDot={false}
                tooltipType="none"
              />
            ),
          )}
          {lines.map((line, i) => (
            <Line
              key={line.id}
              dataKey={line.id}
              name={line.label}
              type="linear"
              stroke={STROKES[i % STROKES.length]}
              strokeWidth={2}
              strokeDasharray={line.dashed ? '6 4' : undefined}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
          ))}
        </ComposedChart>
      )}
    </figure>
  );
});

const TICK_STEPS_MS = [5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 4320, 10080].map((m) => m * 60_000);
const MAX_TICKS = 12;

/**
 * Round times across the range (every 10 min, every 6 h, every day…): ticks
 * an operator reads at a glance, aligned to the fleet's clock so a daily tick
 * falls on the fleet's midnight, whatever zone the browser is in.
 */
export function timeTicks(from: number, to: number, timeZone: string): number[] {
  const step = TICK_STEPS_MS.find((s) => (to - from) / s <= MAX_TICKS) ?? (to - from) / MAX_TICKS;
  const offset = wallClockMs(from, timeZone) - from;
  const first = Math.ceil((from + offset) / step) * step - offset;
  const ticks: number[] = [];
  for (let t = first; t <= to; t += step) ticks.push(t);
  return ticks;
}

/** A tick's label in the fleet's zone: the time within two days, the date beyond. */
export function formatTick(ts: number, span: number, lang: string, timeZone: string): string {
  if (span <= 2 * 86_400_000) return formatTime(ts, timeZone);
  const d = new Date(wallClockMs(ts, timeZone));
  const [month, day] = [d.getUTCMonth() + 1, d.getUTCDate()];
  return lang === 'en' ? `${month}/${day}` : `${month}月${day}日`;
}
