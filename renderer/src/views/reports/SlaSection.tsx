import type { SlaReport, Verdict } from '../../../../shared/api/reports';
import { formatInZone } from '../../../../shared/handover/format';
import { reportText } from '../../../../shared/i18n/words';
import { useI18n } from '../../i18n/context';
import type { Translate } from '../../i18n/lang';
import { GroupedBars } from '../../ui/report/BarCharts';
import { type DataTableProps, numColumn, PairTable, textColumn } from '../../ui/report/DataTable';
import { Panel } from '../../ui/report/KpiCell';
import { TablePanel } from '../../ui/report/TablePanel';
import { duration, messageKey, percent } from './model';
import { abnormalIfMissed, type Names, Sources, Tiles, VerdictMark } from './parts';

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
  const group = (g: string) => groupName(g, t);
  const clockName = (id: string) => {
    const key = messageKey('reports.clock', id);
    return key ? t(key) : id;
  };
  const w = report.workOrders;
  return (
    <>
      <Panel title={t('reports.sla.kpis')}>
        <Tiles kpis={report.kpis} prefix="reports.slaKpi" />
      </Panel>
      <Panel title={t('record.rules')}>
        <ul className="rp-rules" data-testid="report-sla-rules">
          {report.rules.map((span) => (
            <li key={span.from}>
              {t('record.rules.span', {
                from: formatInZone(span.from, zone),
                to: formatInZone(span.to, zone),
                // The first 12 hex digits, as the printed record shortens a revision.
                revisions: span.revisions.length
                  ? span.revisions.map((r) => r.slice(0, 12)).join(', ')
                  : t('record.rules.unjournalled'),
                presets: span.presets.map((p) => `${group(p.group)}: ${p.preset}`).join('; '),
              })}
            </li>
          ))}
        </ul>
      </Panel>
      <SlaTable<TierRow>
        title={t('reports.sla.tiers')}
        testId="report-sla-tiers"
        rows={report.tiers}
        rowKey={(r) => `${r.group}|${r.tier}`}
        rowClass={(r) =>
          `${r.group === '*' ? 'rp-row--total' : ''}${r.verdict === 'missed' ? ' rp-row--abnormal' : ''}`
        }
        rowTestId={(r) => `report-sla-${r.group}-${r.tier}`}
        empty={t('reports.none')}
        columns={[
          textColumn('preset', t('reports.sla.preset'), (r) => r.preset, { className: 'rp-muted' }),
          textColumn('tier', t('reports.sla.tier'), (r) => t(`reports.tier.${r.tier}`)),
          numColumn('incidents', t('reports.sla.incidents'), (r) => r.incidents),
          numColumn('fixed', t('reports.sla.fixed'), (r) => r.fixed),
          numColumn('resolution', t('reports.sla.resolution'), (r) => percent(r.resolutionRate)),
          numColumn('timely', t('reports.sla.timely'), (r) => r.timely),
          numColumn('untimely', t('reports.sla.untimely'), (r) => r.untimely),
          numColumn('pending', t('reports.sla.pending'), (r) => r.pending),
          numColumn('timeliness', t('reports.sla.timeliness'), (r) => percent(r.timelinessRate)),
          numColumn('response', t('reports.sla.response'), (r) => duration(r.responseMs), {
            title: t('reports.sla.medians'),
          }),
          numColumn('dispatch', t('reports.sla.dispatch'), (r) => duration(r.dispatchMs)),
          numColumn('arrival', t('reports.sla.arrival'), (r) => duration(r.arrivalMs)),
          numColumn('fix', t('reports.sla.fix'), (r) => duration(r.fixMs)),
        ]}
      />
      <Panel title={t('reports.sla.chart')}>
        <GroupedBars
          testId="report-chart-sla"
          unit=""
          series={{ met: t('reports.sla.met'), breached: t('reports.sla.breached') }}
          data={clockBars(report).map((c) => ({
            id: c.key,
            label: `${t(`reports.tier.${c.tier}`)} · ${clockName(c.clock)}`,
            values: { met: c.met, breached: c.breached },
            missed: { breached: c.breached > 0 },
          }))}
        />
      </Panel>
      <SlaTable<ClockRow>
        title={t('reports.sla.clocks')}
        testId="report-sla-clocks"
        rows={report.clocks}
        rowKey={(c) => `${c.group}|${c.tier}|${c.clock}`}
        rowTitle={(c) => `${t('reports.sla.basis')}: ${reportText(c.basis, t)}`}
        columns={[
          textColumn('tier', t('reports.sla.tier'), (c) => t(`reports.tier.${c.tier}`)),
          textColumn('clock', t('reports.sla.clock'), (c) => clockName(c.clock)),
          numColumn('limit', t('reports.sla.limit'), (c) => limit(c.limitMs, c.limitOtherMs)),
          numColumn('met', t('reports.sla.met'), (c) => c.met),
          numColumn('breached', t('reports.sla.breached'), (c) => c.breached),
          numColumn('running', t('reports.sla.running'), (c) => c.running),
          numColumn('notStarted', t('reports.sla.notStarted'), (c) => c.notStarted),
          numColumn('median', t('reports.sla.median'), (c) => duration(c.medianMs)),
          numColumn('max', t('reports.sla.max'), (c) => duration(c.maxMs)),
        ]}
      />
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
        <TablePanel<ApplicationRow>
          title={t('reports.sla.applications')}
          testId="report-sla-applications"
          rows={report.applications}
          rowKey={(a) => a.id}
          rowTitle={(a) => a.reason}
          empty={t('reports.none')}
          columns={[
            textColumn('id', 'ID', (a) => a.id, { className: 'rp-id' }),
            textColumn('kind', t('reports.sla.kind'), (a) => t(`reports.app.${a.kind}`)),
            textColumn('station', t('reports.station'), (a) => names.station(a.stationId)),
            numColumn('devices', t('reports.sla.devices'), (a) => a.devices),
            textColumn('state', t('reports.sla.state'), (a) => a.state, { className: 'rp-muted' }),
            textColumn('excluded', t('reports.sla.excluded'), (a) =>
              a.excludedFrom === null || a.excludedTo === null
                ? '—'
                : `${formatInZone(a.excludedFrom, zone)} – ${formatInZone(a.excludedTo, zone)}`,
            ),
          ]}
        />
      </div>
      <Sources sources={report.sources} />
    </>
  );
}

/** A group by its name; `*` is the row of all groups together. */
function groupName(g: string, t: Translate): string {
  return g === '*' ? t('reports.allGroups') : g;
}

/**
 * Both tables of commitments: a row per group and tier, scrolled, the group
 * first and the verdict last; a missed row is red unless the table says
 * otherwise.
 */
function SlaTable<T extends { group: string; verdict: Verdict }>({
  columns,
  ...table
}: DataTableProps<T> & { title: string }) {
  const { t } = useI18n();
  return (
    <TablePanel<T>
      scroll="normal"
      rowClass={abnormalIfMissed}
      {...table}
      columns={[
        textColumn('group', t('reports.group'), (r) => groupName(r.group, t)),
        ...columns,
        textColumn('verdict', undefined, (r) => <VerdictMark verdict={r.verdict} />),
      ]}
    />
  );
}
