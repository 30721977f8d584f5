import type { SlaReport } from '../../../../shared/api/reports';
import { formatInZone } from '../../../../shared/handover/format';
import { useI18n } from '../../i18n/context';
import { GREYS, GroupedBars } from '../../ui/report/BarCharts';
import { DataTable, PairTable } from '../../ui/report/DataTable';
import { Panel } from '../../ui/report/KpiCell';
import { duration, messageKey, percent } from './model';
import { type Names, Sources, Tiles, VerdictMark } from './parts';

type TierRow = SlaReport['tiers'][number];
type ClockRow = SlaReport['clocks'][number];
type ApplicationRow = SlaReport['applications'][number];

const limit = (ms: number, other: number | null) =>
  other === null ? `${ms / 3_600_000} h` : `${ms / 3_600_000} / ${other / 3_600_000} h`;

const WORK_ORDER_COUNTS = ['created', 'dispatched', 'resolved', 'accepted', 'cancelled'] as const;

/** Met and breached per tier and clock, all groups together: a bar pair per commitment. */
function clockBars(report: SlaReport) {
  const sums = new Map<
    string,
    { key: string; tier: SlaReport['clocks'][number]['tier']; clock: string; met: number; breached: number }
  >();
  for (const c of report.clocks) {
    const key = `${c.tier}|${c.clock}`;
    const entry = sums.get(key) ?? { key, tier: c.tier, clock: c.clock, met: 0, breached: 0 };
    entry.met += c.met;
    entry.breached += c.breached;
    sums.set(key, entry);
  }
  return [...sums.values()];
}

/** Response, dispatch, arrival and fix against the preset each station group is on. */
export function SlaSection({ report, names }: { report: SlaReport; names: Names }) {
  const { t } = useI18n();
  const zone = report.period.timeZone;
  const group = (g: string) => (g === '*' ? t('reports.allGroups') : g);
  const clockName = (id: string) => {
    const key = messageKey('reports.clock', id);
    return key ? t(key) : id;
  };
  const verdict = {
    id: 'verdict',
    cell: (r: { verdict: TierRow['verdict'] }) => <VerdictMark verdict={r.verdict} />,
  };
  const w = report.workOrders;
  return (
    <>
      <Panel title={t('reports.sla.kpis')}>
        <Tiles kpis={report.kpis} prefix="reports.slaKpi" />
      </Panel>
      <Panel title={t('reports.sla.tiers')}>
        <DataTable<TierRow>
          testId="report-sla-tiers"
          scroll="normal"
          rows={report.tiers}
          rowKey={(r) => `${r.group}|${r.tier}`}
          rowClass={(r) =>
            `${r.group === '*' ? 'rp-row--total' : ''}${r.verdict === 'missed' ? ' rp-row--abnormal' : ''}`
          }
          rowTestId={(r) => `report-sla-${r.group}-${r.tier}`}
          empty={t('reports.none')}
          columns={[
            { id: 'group', head: t('reports.group'), cell: (r) => group(r.group) },
            { id: 'preset', head: t('reports.sla.preset'), className: 'rp-muted', cell: (r) => r.preset },
            { id: 'tier', head: t('reports.sla.tier'), cell: (r) => t(`reports.tier.${r.tier}`) },
            { id: 'incidents', head: t('reports.sla.incidents'), num: true, cell: (r) => r.incidents },
            { id: 'fixed', head: t('reports.sla.fixed'), num: true, cell: (r) => r.fixed },
            {
              id: 'resolution',
              head: t('reports.sla.resolution'),
              num: true,
              cell: (r) => percent(r.resolutionRate),
            },
            { id: 'timely', head: t('reports.sla.timely'), num: true, cell: (r) => r.timely },
            { id: 'untimely', head: t('reports.sla.untimely'), num: true, cell: (r) => r.untimely },
            { id: 'pending', head: t('reports.sla.pending'), num: true, cell: (r) => r.pending },
            {
              id: 'timeliness',
              head: t('reports.sla.timeliness'),
              num: true,
              cell: (r) => percent(r.timelinessRate),
            },
            {
              id: 'response',
              head: t('reports.sla.response'),
              title: t('reports.sla.medians'),
              num: true,
              cell: (r) => duration(r.responseMs),
            },
            {
              id: 'dispatch',
              head: t('reports.sla.dispatch'),
              num: true,
              cell: (r) => duration(r.dispatchMs),
            },
            { id: 'arrival', head: t('reports.sla.arrival'), num: true, cell: (r) => duration(r.arrivalMs) },
            { id: 'fix', head: t('reports.sla.fix'), num: true, cell: (r) => duration(r.fixMs) },
            verdict,
          ]}
        />
      </Panel>
      <Panel title={t('reports.sla.chart')}>
        <GroupedBars
          testId="report-chart-sla"
          unit=""
          series={[
            { key: 'met', name: t('reports.sla.met'), fill: GREYS.primary },
            { key: 'breached', name: t('reports.sla.breached'), fill: GREYS.secondary },
          ]}
          data={clockBars(report).map((c) => ({
            id: c.key,
            label: `${t(`reports.tier.${c.tier}`)} · ${clockName(c.clock)}`,
            values: { met: c.met, breached: c.breached },
            missed: { breached: c.breached > 0 },
          }))}
        />
      </Panel>
      <Panel title={t('reports.sla.clocks')}>
        <DataTable<ClockRow>
          testId="report-sla-clocks"
          scroll="normal"
          rows={report.clocks}
          rowKey={(c) => `${c.group}|${c.tier}|${c.clock}`}
          rowClass={(c) => (c.verdict === 'missed' ? 'rp-row--abnormal' : undefined)}
          rowTitle={(c) => `${t('reports.sla.basis')}: ${c.basis}`}
          columns={[
            { id: 'group', head: t('reports.group'), cell: (c) => group(c.group) },
            { id: 'tier', head: t('reports.sla.tier'), cell: (c) => t(`reports.tier.${c.tier}`) },
            { id: 'clock', head: t('reports.sla.clock'), cell: (c) => clockName(c.clock) },
            {
              id: 'limit',
              head: t('reports.sla.limit'),
              num: true,
              cell: (c) => limit(c.limitMs, c.limitOtherMs),
            },
            { id: 'met', head: t('reports.sla.met'), num: true, cell: (c) => c.met },
            { id: 'breached', head: t('reports.sla.breached'), num: true, cell: (c) => c.breached },
            { id: 'running', head: t('reports.sla.running'), num: true, cell: (c) => c.running },
            { id: 'notStarted', head: t('reports.sla.notStarted'), num: true, cell: (c) => c.notStarted },
            { id: 'median', head: t('reports.sla.median'), num: true, cell: (c) => duration(c.medianMs) },
            { id: 'max', head: t('reports.sla.max'), num: true, cell: (c) => duration(c.maxMs) },
            verdict,
          ]}
        />
      </Panel>
      <div className="rp-columns">
        <Panel title={t('reports.sla.workOrders')}>
          <PairTable
            testId="report-sla-workorders"
            pairs={[
              ...WORK_ORDER_COUNTS.map((key) => ({ id: key, label: t(`reports.sla.${key}`), value: w[key] })),
              { id: 'resolution', label: t('reports.sla.resolution'), value: percent(w.resolutionRate) },
            ]}
          />
        </Panel>
        <Panel title={t('reports.sla.applications')}>
          <DataTable<ApplicationRow>
            testId="report-sla-applications"
            rows={report.applications}
            rowKey={(a) => a.id}
            rowTitle={(a) => a.reason}
            empty={t('reports.none')}
            columns={[
              { id: 'id', head: 'ID', className: 'rp-id', cell: (a) => a.id },
              { id: 'kind', head: t('reports.sla.kind'), cell: (a) => t(`reports.app.${a.kind}`) },
              { id: 'station', head: t('reports.station'), cell: (a) => names.station(a.stationId) },
              { id: 'devices', head: t('reports.sla.devices'), num: true, cell: (a) => a.devices },
              { id: 'state', head: t('reports.sla.state'), className: 'rp-muted', cell: (a) => a.state },
              {
                id: 'excluded',
                head: t('reports.sla.excluded'),
                cell: (a) =>
                  a.excludedFrom === null || a.excludedTo === null
                    ? '—'
                    : `${formatInZone(a.excludedFrom, zone)} – ${formatInZone(a.excludedTo, zone)}`,
              },
            ]}
          />
        </Panel>
      </div>
      <Sources sources={report.sources} />
    </>
  );
}
