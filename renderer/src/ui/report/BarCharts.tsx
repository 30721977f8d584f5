import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Legend, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber } from '../../i18n/format';
import { useChartWidth } from '../chart/useChartWidth';
import type { DataAttributes } from '../tile/Tile';
import './report.css';

const AXIS = { stroke: '#8a9198', tick: { fontSize: 15, fill: '#b4bac0' } } as const;
const BAR = '#9aa1a8';
/** The series of a pair in turn: the figure grey, its counterpart (a target, a breach count) darker. */
const PAIR_FILLS = [BAR, '#5f666d'] as const;
const MISSED = '#e8372c';
const HEIGHT = 260;
const MARGIN = { top: 12, right: 24, bottom: 4, left: 4 } as const;

type FrameProps = DataAttributes & {
  testId: string;
  rows: readonly object[];
  unit: string;
  digits: number;
  /** Every category named under its bars, or only as many as fit. */
  allTicks: boolean;
  /** The bars, legend and reference lines, drawn over the grid and axes. */
  children: ReactNode;
};

/**
 * The frame every report chart shares: sized to its container, a grey grid,
 * axes and tooltip in the desk's type, figures in the language on screen.
 */
function BarFrame({ testId, rows, unit, digits, allTicks, children, ...data }: FrameProps) {
  const [ref, width] = useChartWidth();
  return (
    <div ref={ref} className="rp-chart" data-testid={testId} {...data}>
      {width > 0 && (
        <BarChart width={width} height={HEIGHT} data={[...rows]} margin={MARGIN}>
          <CartesianGrid stroke="#41474d" strokeDasharray="2 4" vertical={false} />
          {allTicks ? (
            <XAxis dataKey="label" {...AXIS} interval={0} />
          ) : (
            <XAxis dataKey="label" {...AXIS} interval="preserveStartEnd" minTickGap={24} />
          )}
          <YAxis
            {...AXIS}
            width={64}
            allowDecimals={digits > 0}
            tickFormatter={(v: number) => formatNumber(v, digits)}
          />
          <Tooltip
            isAnimationActive={false}
            formatter={(value) => (typeof value === 'number' ? `${formatNumber(value, digits)} ${unit}` : '')}
            contentStyle={{ background: '#25292d', border: '1px solid #41474d', fontSize: 16 }}
            cursor={{ fill: '#2d3236' }}
          />
          {children}
        </BarChart>
      )}
    </div>
  );
}

export type BarDatum = { id: string; label: string; value: number; missed?: boolean };

/**
 * Grey bars; a bar turns red only when its value misses a target. Thousands
 * of bars are never asked for: callers cut series to the chart's width.
 */
export function Bars({
  data,
  unit,
  testId,
  references = [],
  digits = 0,
}: {
  data: readonly BarDatum[];
  unit: string;
  testId: string;
  references?: readonly { value: number; label: string }[];
  digits?: number;
}) {
  return (
    <BarFrame
      testId={testId}
      data-bars={data.length}
      rows={data}
      unit={unit}
      digits={digits}
      allTicks={false}
    >
      {references.map((r) => (
        <ReferenceLine
          key={r.label}
          y={r.value}
          stroke="#b4bac0"
          strokeDasharray="6 4"
          label={{ value: r.label, fill: '#b4bac0', fontSize: 14, position: 'insideTopRight' }}
        />
      ))}
      <Bar dataKey="value" isAnimationActive={false}>
        {data.map((d) => (
          <Cell key={d.id} fill={d.missed ? MISSED : BAR} />
        ))}
      </Bar>
    </BarFrame>
  );
}

export type GroupDatum = {
  id: string;
  label: string;
  values: Record<string, number>;
  missed?: Record<string, boolean>;
};
/**
 * Bars side by side per category (met / breached, actual / target): grey
 * and darker grey, so the sections never pick colours; a bar is red only
 * where its value misses a target. `series` names each key of the values,
 * in the order the bars stand (keys are words: object keys that are
 * numbers would be reordered).
 */
export function GroupedBars({
  data,
  series,
  unit,
  testId,
  digits = 0,
}: {
  data: readonly GroupDatum[];
  series: Readonly<Record<string, string>>;
  unit: string;
  testId: string;
  digits?: number;
}) {
  const rows = data.map((d) => ({ label: d.label, ...d.values }));
  return (
    <BarFrame testId={testId} data-groups={data.length} rows={rows} unit={unit} digits={digits} allTicks>
      <Legend wrapperStyle={{ fontSize: 16, color: '#b4bac0' }} />
      {Object.entries(series).map(([key, name], i) => {
        const fill = PAIR_FILLS[i % PAIR_FILLS.length];
        return (
          <Bar key={key} dataKey={key} name={name} fill={fill} isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.id} fill={d.missed?.[key] ? MISSED : fill} />
            ))}
          </Bar>
        );
      })}
    </BarFrame>
  );
}
