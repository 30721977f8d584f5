import type { ShiftReport } from '../../../../shared/api/reports';
import { formatInZone } from '../../../../shared/handover/format';
import { useI18n } from '../../i18n/context';
import { DataTable, PairTable, textColumn } from '../../ui/report/DataTable';
import { Panel } from '../../ui/report/KpiCell';
import { type Names, Tiles, TopTable } from './parts';

type TopRow = ShiftReport['top'][number];
type EventRow = ShiftReport['events'][number];

/** One shift from the journal: its counts, its handover record and what happened, newest first. */
export function ShiftSection({ report, names }: { report: ShiftReport; names: Names }) {
  const { t } = useI18n();
  const zone = report.shift.timeZone;
  const h = report.handover;
  const overdue = h.state !== 'accepted' && report.shift.endsAt <= report.generatedAt;
  return (
    <>
      <Panel
        title={t('reports.shift.title', {
          from: formatInZone(report.shift.startsAt, zone),
          to: formatInZone(report.shift.endsAt, zone),
        })}
      >
        <Tiles kpis={report.counts} prefix="reports.shiftKpi" counts />
      </Panel>
      <div className="rp-columns">
        <Panel title={t('reports.shift.byTier')}>
          <PairTable
            pairs={report.alarmsByTier.map((x) => ({
              id: x.tier,
              label: t(`reports.tier.${x.tier}`),
              value: x.count,
            }))}
          />
          <TopTable<TopRow>
            rows={report.top}
            where={(a) => (a.deviceId ? names.device(a.deviceId) : names.station(a.stationId))}
          />
        </Panel>
        <Panel title={t('reports.shift.handover')} testId="report-shift-handover">
          <p className={overdue ? 'rp-abnormal' : undefined} data-state={h.state}>
            {t('reports.shift.handoverState', { state: t(`reports.handover.${h.state}`) })}
          </p>
          {h.signedBy && <p>{t('reports.shift.signedBy', { user: h.signedBy })}</p>}
          {h.acceptedBy && <p>{t('reports.shift.acceptedBy', { user: h.acceptedBy })}</p>}
          <p className="rp-muted">{t('reports.shift.notes', { n: h.notes, m: h.checks })}</p>
        </Panel>
      </div>
      <Panel title={t('reports.shift.events')}>
        <DataTable<EventRow>
          testId="report-shift-events"
          scroll="tall"
          rows={report.events}
          rowKey={(e) => `${e.ts}|${e.type}|${e.subject}|${e.summary}`}
          columns={[
            textColumn('time', t('reports.shift.time'), (e) => formatInZone(e.ts, zone).slice(11)),
            textColumn('type', t('reports.shift.type'), (e) => e.type, { className: 'rp-id' }),
            textColumn('subject', t('reports.shift.subject'), (e) => e.subject, { className: 'rp-id' }),
            textColumn('by', t('reports.shift.by'), (e) => e.by),
            textColumn('summary', t('reports.shift.summary'), (e) => e.summary, { className: 'rp-muted' }),
          ]}
        />
        {report.more && <p className="rp-muted">{t('reports.shift.more', { n: report.events.length })}</p>}
      </Panel>
    </>
  );
}
