import { useMemo } from 'react';
import type { AlarmKpiReport } from '../../../../shared/api/reports';
import { formatInZone } from '../../../../shared/handover/format';
import { useI18n } from '../../i18n/context';
import { Bars, GroupedBars } from '../../ui/report/BarCharts';
import { DataTable, type DataTableProps, numColumn, textColumn } from '../../ui/report/DataTable';
import { Panel } from '../../ui/report/KpiCell';
import { TablePanel } from '../../ui/report/TablePanel';
import { duration, peakBuckets, percent } from './model';
import { abnormalIfMissed, alarmColumns, type Names, Sources, Tiles, TopTable, VerdictMark } from './parts';

/** EEMUA 191: about 6 alarms an hour is acceptable for one operator, 12 manageable. */
const ACCEPTABLE = 6;
const MANAGEABLE = 12;
/** A month of hours is cut to this many bars, each the highest hour it covers. */
const MAX_BARS = 186;

type Report = AlarmKpiReport;
type PriorityRow = Report['priorities'][number];
type TopRow = Report['top'][number];
type ChatterRow = Report['chattering'][number];
type StaleRow = Report['stale'][number];
type FloodRow = Report['floods'][number];

/** ISA-18.2 / EEMUA 191 figures of the desk, each against its target, with the lists behind them. */
export function AlarmKpiSection({ report, names }: { report: AlarmKpiReport; names: Names }) {
  const { t } = useI18n();
  const zone = report.period.timeZone;
  const { buckets, hoursPerBar } = useMemo(() => peakBuckets(report.hourly, MAX_BARS), [report.hourly]);
  const where = (x: { deviceId: string | null; stationId: string }) =>
    x.deviceId ? `${names.device(x.deviceId)} · ${names.station(x.stationId)}` : names.station(x.stationId);
  return (
    <>
      <Panel title={t('reports.alarm.kpis')}>
        <Tiles kpis={report.kpis} prefix="reports.kpi" />
      </Panel>
      <Panel
        title={`${t('reports.alarm.hourly')}${hoursPerBar > 1 ? ` — ${t('reports.alarm.hourlyBucket', { hours: hoursPerBar })}` : ''}`}
      >
        <Bars
          testId="report-chart-hourly"
          unit="/h"
          references={[
            { value: ACCEPTABLE, label: t('reports.alarm.acceptable') },
            { value: MANAGEABLE, label: t('reports.alarm.manageable') },
          ]}
          data={buckets.map((b) => ({
            id: String(b.ts),
            label: formatInZone(b.ts, zone).slice(5, 13),
            value: b.count,
            missed: b.count > MANAGEABLE,
          }))}
        />
      </Panel>
      <div className="rp-columns">
        <Panel title={t('reports.alarm.priorities')}>
          <DataTable<PriorityRow>
            testId="report-priorities"
            rows={report.priorities}
            rowKey={(p) => p.priority}
            rowClass={abnormalIfMissed}
            columns={[
              textColumn('priority', '', (p) => t(`reports.priority.${p.priority}`), { rowHead: true }),
              numColumn('count', t('reports.alarm.count'), (p) => p.count),
              numColumn('actual', t('reports.alarm.actual'), (p) => percent(p.share)),
              numColumn('target', t('reports.alarm.targetShare'), (p) => `≈ ${percent(p.target)}`),
              textColumn('verdict', '', (p) => <VerdictMark verdict={p.verdict} />),
            ]}
          />
          <GroupedBars
            testId="report-chart-priorities"
            unit="%"
            series={{ actual: t('reports.alarm.actual'), target: t('reports.alarm.targetShare') }}
            data={report.priorities.map((p) => ({
              id: p.priority,
              label: t(`reports.priority.${p.priority}`),
              values: { actual: (p.share ?? 0) * 100, target: p.target * 100 },
              missed: { actual: p.verdict === 'missed' },
            }))}
          />
        </Panel>
        <Panel title={t('reports.alarm.top')}>
          <TopTable<TopRow>
            testId="report-top"
            rows={report.top}
            where={where}
            rowTestId={(a) => `report-top-${a.alarmId}`}
            empty={t('reports.none')}
          />
        </Panel>
      </div>
      <div className="rp-columns">
        <ProblemPanel<ChatterRow>
          title={t('reports.alarm.chattering')}
          testId="report-chattering"
          rows={report.chattering}
          rowKey={(a) => a.alarmId}
          columns={[
            ...alarmColumns(where),
            numColumn('activations', undefined, (a) => `${a.activations} ${t('reports.alarm.activations')}`),
          ]}
        />
        <ProblemPanel<StaleRow>
          title={t('reports.alarm.stale')}
          testId="report-stale"
          rows={report.stale}
          rowKey={(a) => `${a.alarmId}|${a.activeSince}`}
          columns={[
            ...alarmColumns(where),
            textColumn('since', undefined, (a) => formatInZone(a.activeSince, zone)),
            numColumn('active', undefined, (a) => duration(a.activeMs)),
          ]}
        />
        <ProblemPanel<FloodRow>
          title={t('reports.alarm.floods')}
          testId="report-floods"
          rows={report.floods}
          rowKey={(f) => String(f.startMs)}
          columns={[
            textColumn(
              'when',
              undefined,
              (f) => `${formatInZone(f.startMs, zone)} – ${formatInZone(f.endMs, zone).slice(11)}`,
            ),
            numColumn('alarms', undefined, (f) => f.alarms),
          ]}
        />
      </div>
      <Sources sources={report.sources} />
    </>
  );
}

/**
 * A list of problems (chattering, stale, floods): every row is abnormal by
 * being there, and an empty list says there are none.
 */
function ProblemPanel<T>({
  title,
  ...table
}: { title: string } & Pick<DataTableProps<T>, 'testId' | 'rows' | 'rowKey' | 'columns'>) {
  const { t } = useI18n();
  return <TablePanel<T> title={title} {...table} rowClass={abnormal} empty={t('reports.none')} />;
}

function abnormal(): string {
  return 'rp-row--abnormal';
}
