import { useMemo } from 'react';
import type { AlarmKpiReport } from '../../../../shared/api/reports';
import { formatInZone } from '../../../../shared/handover/format';
import { useI18n } from '../../i18n/context';
import { duration, peakBuckets, percent } from './model';
import { Bars, GREYS, GroupedBars, type Names, Panel, Sources, Tiles, VerdictMark } from './parts';

/** EEMUA 191: about 6 alarms an hour is acceptable for one operator, 12 manageable. */
const ACCEPTABLE = 6;
const MANAGEABLE = 12;
/** A month of hours is cut to this many bars, each the highest hour it covers. */
const MAX_BARS = 186;

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
          <table className="rp-table" data-testid="report-priorities">
            <thead>
              <tr>
                <th />
                <th className="num">{t('reports.alarm.count')}</th>
                <th className="num">{t('reports.alarm.actual')}</th>
                <th className="num">{t('reports.alarm.targetShare')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {report.priorities.map((p) => (
                <tr key={p.priority} className={p.verdict === 'missed' ? 'rp-row--abnormal' : undefined}>
                  <th>{t(`reports.priority.${p.priority}`)}</th>
                  <td className="num">{p.count}</td>
                  <td className="num">{percent(p.share)}</td>
                  <td className="num">≈ {percent(p.target)}</td>
                  <td>
                    <VerdictMark verdict={p.verdict} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <GroupedBars
            testId="report-chart-priorities"
            unit="%"
            series={[
              { key: 'actual', name: t('reports.alarm.actual'), fill: GREYS.primary },
              { key: 'target', name: t('reports.alarm.targetShare'), fill: GREYS.secondary },
            ]}
            data={report.priorities.map((p) => ({
              id: p.priority,
              label: t(`reports.priority.${p.priority}`),
              values: { actual: (p.share ?? 0) * 100, target: p.target * 100 },
              missed: { actual: p.verdict === 'missed' },
            }))}
          />
        </Panel>
        <Panel title={t('reports.alarm.top')}>
          <table className="rp-table" data-testid="report-top">
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
                <tr key={a.alarmId} data-testid={`report-top-${a.alarmId}`}>
                  <td>{a.cause}</td>
                  <td>{where(a)}</td>
                  <td className="num">{a.count}</td>
                  <td className="num">{percent(a.share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.top.length === 0 && <p className="rp-muted">{t('reports.none')}</p>}
        </Panel>
      </div>
      <div className="rp-columns">
        <Panel title={t('reports.alarm.chattering')}>
          <table className="rp-table" data-testid="report-chattering">
            <tbody>
              {report.chattering.map((a) => (
                <tr key={a.alarmId} className="rp-row--abnormal">
                  <td>{a.cause}</td>
                  <td>{where(a)}</td>
                  <td className="num">
                    {a.activations} {t('reports.alarm.activations')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.chattering.length === 0 && <p className="rp-muted">{t('reports.none')}</p>}
        </Panel>
        <Panel title={t('reports.alarm.stale')}>
          <table className="rp-table" data-testid="report-stale">
            <tbody>
              {report.stale.map((a) => (
                <tr key={`${a.alarmId}|${a.activeSince}`} className="rp-row--abnormal">
                  <td>{a.cause}</td>
                  <td>{where(a)}</td>
                  <td>{formatInZone(a.activeSince, zone)}</td>
                  <td className="num">{duration(a.activeMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.stale.length === 0 && <p className="rp-muted">{t('reports.none')}</p>}
        </Panel>
        <Panel title={t('reports.alarm.floods')}>
          <table className="rp-table" data-testid="report-floods">
            <tbody>
              {report.floods.map((f) => (
                <tr key={f.startMs} className="rp-row--abnormal">
                  <td>
                    {formatInZone(f.startMs, zone)} – {formatInZone(f.endMs, zone).slice(11)}
                  </td>
                  <td className="num">{f.alarms}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.floods.length === 0 && <p className="rp-muted">{t('reports.none')}</p>}
        </Panel>
      </div>
      <Sources sources={report.sources} />
    </>
  );
}
