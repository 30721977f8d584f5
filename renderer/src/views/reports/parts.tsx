import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { Kpi, Verdict } from '../../../../shared/api/reports';
import { useI18n } from '../../i18n/context';
import { formatNumber } from '../../i18n/format';
import { useChartWidth } from '../trends/TrendChart';
import { kpiValue, messageKey, targetText } from './model';

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
export function KpiTile({ kpi, prefix }: { kpi: Kpi; prefix: string }) {
  const { t } = useI18n();
  const key = messageKey(prefix, kpi.id);
  const target = targetText(kpi.target, kpi.unit);
  return (
    <div
      className={`rp-tile rp-tile--${kpi.verdict}`}
      data-testid={`report-kpi-${kpi.id}`}
      data-verdict={kpi.verdict}
      title={`${kpi.target?.basis ? `${kpi.target.basis}\n` : ''}${t('reports.sources')}: ${kpi.source}`}
    >
      <div className="rp-tile__name">{key ? t(key) : kpi.id}</div>
      <div className="rp-tile__value">{kpiValue(kpi)}</div>
      <div className="rp-tile__target">
        {target ? t('reports.target', { target }) : t('reports.noTarget')}{' '}
        <VerdictMark verdict={kpi.verdict} />
      </div>
    </div>
  );
}

export function Tiles({ kpis, prefix }: { kpis: readonly Kpi[]; prefix: string }) {
  return (
    <div className="rp-tiles">
      {kpis.map((k) => (
        <KpiTile key={k.id} kpi={k} prefix={prefix} />
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
          <YAxis {...AXIS} width={64} tickFormatter={(v: number) => formatNumber(v, digits)} />
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
