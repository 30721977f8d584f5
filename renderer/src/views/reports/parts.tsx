import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Legend, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { Kpi, Verdict } from '../../../../shared/api/reports';
import { useI18n } from '../../i18n/context';
import { formatNumber } from '../../i18n/format';
import { useChartWidth } from '../trends/TrendChart';
import { kpiParts, messageKey, targetText } from './model';

/** Station and device names as the operator knows them, in the language on screen. */
export type Names = { station(id: string): string; device(id: string | null): string };

/** Grey unless a target is missed (ISA-101): the verdict is written out as well as coloured. */
export function VerdictMark({ verdict }: { verdict: Verdict }) {
  const { t } = useI18n();
  if (verdict === 'none') return null;
  return (
    <span className={`rp-verdict rp-verdict--${verdict}`} data-verdict={verdict}>
      {verdict === 'missed' ? '▲ ' : ''}
      {t(`reports.verdict.${verdict}`)}
    </span>
  );
}

/** One KPI: its name, its value large enough to read across the room, its target and verdict. */
export function KpiTile({ kpi, prefix, counts = false }: { kpi: Kpi; prefix: string; counts?: boolean }) {
  const { t } = useI18n();
  const key = messageKey(prefix, kpi.id);
  const target = targetText(kpi.target, kpi.unit);
  const { text, unit } = kpiParts(kpi);
  return (
    <div
      className={`rp-tile rp-tile--${kpi.verdict}`}
      data-testid={`report-kpi-${kpi.id}`}
      data-verdict={kpi.verdict}
      title={`${kpi.target?.basis ? `${kpi.target.basis}\n` : ''}${t('reports.sources')}: ${kpi.source}`}
    >
      <div className="rp-tile__name">{key ? t(key) : kpi.id}</div>
      <div className="rp-tile__value">
        {text} {unit && <span className="rp-unit">{unit}</span>}
      </div>
      {/* Plain counts (a shift's) have no target to show; KPIs say so when they have none. */}
      {!(counts && !target) && (
        <div className="rp-tile__target">
          {target ? t('reports.target', { target }) : t('reports.noTarget')}{' '}
          <VerdictMark verdict={kpi.verdict} />
        </div>
      )}
    </div>
  );
}

export function Tiles({
  kpis,
  prefix,
  counts = false,
}: {
  kpis: readonly Kpi[];
  prefix: string;
  counts?: boolean;
}) {
  return (
    <div className={`rp-tiles${counts ? ' rp-tiles--counts' : ''}`}>
      {kpis.map((k) => (
        <KpiTile key={k.id} kpi={k} prefix={prefix} counts={counts} />
      ))}
    </div>
  );
}

export function Panel({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="rp-panel" data-testid={testId}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}

/** Where each figure comes from, folded away until asked for. */
export function Sources({ sources }: { sources: Readonly<Record<string, string>> }) {
  const { t } = useI18n();
  return (
    <details className="rp-sources">
      <summary>{t('reports.sources')}</summary>
      <dl>
        {Object.entries(sources).map(([key, text]) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>{text}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

const AXIS = { stroke: '#8a9198', tick: { fontSize: 15, fill: '#b4bac0' } } as const;
const BAR = '#9aa1a8';
/** The second series of a pair (a target, a breach count) in a darker grey. */
export const GREYS = { primary: BAR, secondary: '#5f666d' } as const;
const MISSED = '#e8372c';
const HEIGHT = 260;

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
  const [ref, width] = useChartWidth();
  return (
    <div ref={ref} className="rp-chart" data-testid={testId} data-bars={data.length}>
      {width > 0 && (
        <BarChart
          width={width}
          height={HEIGHT}
          data={[...data]}
          margin={{ top: 12, right: 24, bottom: 4, left: 4 }}
        >
          <CartesianGrid stroke="#41474d" strokeDasharray="2 4" vertical={false} />
          <XAxis dataKey="label" {...AXIS} interval="preserveStartEnd" minTickGap={24} />
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
        </BarChart>
      )}
    </div>
  );
}

export type GroupDatum = {
  id: string;
  label: string;
  values: Record<string, number>;
  missed?: Record<string, boolean>;
};
export type Series = { key: string; name: string; fill: string };

/**
 * Bars side by side per category (met / breached, actual / target): grey
 * and lighter grey; a bar is red only where its value misses a target.
 */
export function GroupedBars({
  data,
  series,
  unit,
  testId,
  digits = 0,
}: {
  data: readonly GroupDatum[];
  series: readonly Series[];
  unit: string;
  testId: string;
  digits?: number;
}) {
  const [ref, width] = useChartWidth();
  const rows = data.map((d) => ({ label: d.label, ...d.values }));
  return (
    <div ref={ref} className="rp-chart" data-testid={testId} data-groups={data.length}>
      {width > 0 && (
        <BarChart
          width={width}
          height={HEIGHT}
          data={rows}
          margin={{ top: 12, right: 24, bottom: 4, left: 4 }}
        >
          <CartesianGrid stroke="#41474d" strokeDasharray="2 4" vertical={false} />
          <XAxis dataKey="label" {...AXIS} interval={0} />
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
          <Legend wrapperStyle={{ fontSize: 16, color: '#b4bac0' }} />
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.fill} isAnimationActive={false}>
              {data.map((d) => (
                <Cell key={d.id} fill={d.missed?.[s.key] ? MISSED : s.fill} />
              ))}
            </Bar>
          ))}
        </BarChart>
      )}
    </div>
  );
}
