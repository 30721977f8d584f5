import type { AvailabilityReport } from '../../../../shared/api/reports';
import { useI18n } from '../../i18n/context';
import { duration, percent } from './model';
import { Bars, KpiTile, type Names, Panel, Sources } from './parts';

/** Availability by station and by charger, gun by gun, with the rule applied written out. */
export function AvailabilitySection({ report, names }: { report: AvailabilityReport; names: Names }) {
  const { t } = useI18n();
  return (
    <>
      <Panel title={t('reports.availability.fleet')}>
        <div className="rp-tiles">
          <KpiTile kpi={{ ...report.fleet, id: 'fleet' }} prefix="reports.availability" />
        </div>
        <p className="rp-rule" data-testid="report-availability-rule">
          {t('reports.availability.rule')}
        </p>
      </Panel>
      <Panel title={t('reports.availability.chart')}>
        <Bars
          testId="report-chart-availability"
          unit="%"
          digits={1}
          data={report.stations.map((s) => ({
            id: s.stationId,
            label: names.station(s.stationId),
            value: (s.availability ?? 0) * 100,
          }))}
        />
      </Panel>
      <Panel title={t('reports.availability.stations')}>
        <table className="rp-table" data-testid="report-availability-stations">
          <thead>
            <tr>
              <th>{t('reports.station')}</th>
              <th>{t('reports.group')}</th>
              <th className="num">{t('reports.availability.counted')}</th>
              <th className="num">{t('reports.availability.down')}</th>
              <th className="num">{t('reports.availability.excluded')}</th>
              <th className="num">{t('reports.monthly.availability')}</th>
            </tr>
          </thead>
          <tbody>
            {report.stations.map((s) => (
              <tr key={s.stationId}>
                <td>{names.station(s.stationId)}</td>
                <td>{s.group}</td>
                <td className="num">{duration(s.countedMs)}</td>
                <td className="num">{duration(s.downMs)}</td>
                <td className="num">{duration(s.excludedMs)}</td>
                <td className="num">{percent(s.availability)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
      <Panel title={t('reports.availability.devices')}>
        <div className="rp-scroll">
          <table className="rp-table" data-testid="report-availability-devices">
            <thead>
              <tr>
                <th>{t('reports.station')}</th>
                <th>{t('reports.device')}</th>
                <th className="num">{t('reports.availability.fault')}</th>
                <th className="num">{t('reports.availability.comms')}</th>
                <th className="num">{t('reports.availability.excluded')}</th>
                <th className="num">{t('reports.monthly.availability')}</th>
                <th>{t('reports.availability.guns')}</th>
              </tr>
            </thead>
            <tbody>
              {report.devices.map((d) => (
                <tr key={d.deviceId} data-testid={`report-availability-${d.deviceId}`}>
                  <td>{names.station(d.stationId)}</td>
                  <td>
                    {d.name} <span className="rp-id">{d.deviceId}</span>
                  </td>
                  <td className="num">{duration(d.faultMs)}</td>
                  <td className="num">{duration(d.commsMs)}</td>
                  <td className="num">{duration(d.excludedMs)}</td>
                  <td className="num">{percent(d.availability)}</td>
                  <td className="rp-muted">
                    {d.guns
                      .map((g) => `${t('reports.availability.gun', { n: g.gun })} ${percent(g.availability)}`)
                      .join(' · ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
      <Sources sources={report.sources} />
    </>
  );
}
