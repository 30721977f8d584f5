import type { ShiftReport } from '../../../../shared/api/reports';
import { formatInZone } from '../../../../shared/handover/format';
import { useI18n } from '../../i18n/context';
import { percent } from './model';
import { type Names, Panel, Tiles } from './parts';

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
          <table className="rp-table rp-table--narrow">
            <tbody>
              {report.alarmsByTier.map((x) => (
                <tr key={x.tier}>
                  <th>{t(`reports.tier.${x.tier}`)}</th>
                  <td className="num">{x.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="rp-table">
            <thead>
              <tr>
                <th>{t('reports.alarm.alarm')}</th>
                <th>{t('reports.device')}</th>
                <th className="num">{t('reports.alarm.count')}</th>
                <th className="num">{t('reports.alarm.share')}</th>
              </tr>
            </thead>
            <tbody>
              {report.top.map((a) => (
                <tr key={a.alarmId}>
                  <td>{a.cause}</td>
                  <td>{a.deviceId ? names.device(a.deviceId) : names.station(a.stationId)}</td>
                  <td className="num">{a.count}</td>
                  <td className="num">{percent(a.share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
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
        <div className="rp-scroll rp-scroll--tall">
          <table className="rp-table" data-testid="report-shift-events">
            <thead>
              <tr>
                <th>{t('reports.shift.time')}</th>
                <th>{t('reports.shift.type')}</th>
                <th>{t('reports.shift.subject')}</th>
                <th>{t('reports.shift.by')}</th>
                <th>{t('reports.shift.summary')}</th>
              </tr>
            </thead>
            <tbody>
              {report.events.map((e) => (
                <tr key={`${e.ts}|${e.type}|${e.subject}|${e.summary}`}>
                  <td>{formatInZone(e.ts, zone).slice(11)}</td>
                  <td className="rp-id">{e.type}</td>
                  <td className="rp-id">{e.subject}</td>
                  <td>{e.by}</td>
                  <td className="rp-muted">{e.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {report.more && <p className="rp-muted">{t('reports.shift.more', { n: report.events.length })}</p>}
      </Panel>
    </>
  );
}
