import type { MonthlyReport } from '../../../../shared/api/reports';
import { useI18n } from '../../i18n/context';
import { formatNumber } from '../../i18n/format';
import { duration, kwh, messageKey, percent } from './model';
import { Bars, type Names, Panel, Sources } from './parts';

/** Seed 000's monthly report on screen: the summary in the report's own format, then charger by charger. */
export function MonthlySection({ report, names }: { report: MonthlyReport; names: Names }) {
  const { t } = useI18n();
  const r = report.totals;
  const summary = [
    {
      id: 'sessions',
      name: t('reports.monthly.sessions'),
      value: formatNumber(r.sessions, 0),
      unit: t('reports.unit.times'),
    },
    { id: 'energy', name: t('reports.monthly.energy'), value: kwh(r.energyKwh), unit: 'kWh' },
    {
      id: 'faults',
      name: t('reports.monthly.faults'),
      value: formatNumber(r.faults, 0),
      unit: t('reports.unit.times'),
    },
    { id: 'generation', name: t('reports.monthly.generation'), value: kwh(r.generationKwh), unit: 'kWh' },
    {
      id: 'pvStatus',
      name: t('reports.monthly.pvStatus'),
      value: t('reports.monthly.pvStatusValue', {
        normal: r.pvSystems - r.pvAbnormal,
        abnormal: r.pvAbnormal,
      }),
      unit: '',
      text: true,
      abnormal: r.pvAbnormal > 0,
    },
  ];
  return (
    <>
      <Panel title={t('reports.monthly.summary')} testId="report-monthly-summary">
        <div className="rp-tiles">
          {summary.map((s) => (
            <div
              key={s.id}
              className={`rp-tile${s.abnormal ? ' rp-tile--abnormal' : ''}`}
              data-testid={`report-total-${s.id}`}
            >
              <div className="rp-tile__name">{s.name}</div>
              <div className={`rp-tile__value${'text' in s ? ' rp-tile__value--text' : ''}`}>
                {s.value} <span className="rp-unit">{s.unit}</span>
              </div>
            </div>
          ))}
        </div>
      </Panel>
      <Panel title={t('reports.monthly.energyByStation')}>
        <Bars
          testId="report-chart-energy"
          unit="kWh"
          data={report.stations.map((s) => ({
            id: s.stationId,
            label: names.station(s.stationId),
            value: s.energyKwh,
          }))}
        />
      </Panel>
      <Panel title={t('reports.monthly.chargers')}>
        <div className="rp-scroll">
          <table className="rp-table" data-testid="report-chargers">
            <thead>
              <tr>
                <th>{t('reports.station')}</th>
                <th>{t('reports.device')}</th>
                <th>{t('reports.monthly.kind')}</th>
                <th className="num">{t('reports.monthly.sessions')}</th>
                <th className="num">{t('reports.monthly.energy')} kWh</th>
                <th>{t('reports.monthly.energySource')}</th>
                <th className="num">{t('reports.monthly.sessionEnergy')} kWh</th>
                <th className="num">{t('reports.monthly.faults')}</th>
                <th className="num">{t('reports.monthly.workOrders')}</th>
                <th className="num">{t('reports.monthly.availability')}</th>
              </tr>
            </thead>
            <tbody>
              {report.chargers.map((c) => (
                <tr key={c.deviceId} data-testid={`report-charger-${c.deviceId}`}>
                  <td>{names.station(c.stationId)}</td>
                  <td>
                    {c.name} <span className="rp-id">{c.deviceId}</span>
                  </td>
                  <td>{t(`reports.kind.${c.kind === 'dc-charger' ? 'dc-charger' : 'ac-charger'}`)}</td>
                  <td className="num" data-testid="sessions">
                    {c.sessions}
                  </td>
                  <td className="num" data-testid="energy">
                    {c.energyKwh === null ? '—' : formatNumber(c.energyKwh, 2)}
                  </td>
                  <td className="rp-muted">{t(`reports.energySource.${c.energySource}`)}</td>
                  <td className="num">{formatNumber(c.sessionEnergyKwh, 2)}</td>
                  <td className="num" data-testid="faults">
                    {c.faults}
                  </td>
                  <td className="num">{c.workOrders}</td>
                  <td className="num">{percent(c.availability)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th colSpan={3}>{t('reports.total')}</th>
                <td className="num">{r.sessions}</td>
                <td className="num">{formatNumber(r.energyKwh, 2)}</td>
                <td />
                <td className="num">{formatNumber(r.sessionEnergyKwh, 2)}</td>
                <td className="num">{r.faults}</td>
                <td className="num">{r.workOrders}</td>
                <td />
              </tr>
            </tfoot>
          </table>
        </div>
      </Panel>
      <Panel title={t('reports.monthly.pv')}>
        <table className="rp-table" data-testid="report-pv">
          <thead>
            <tr>
              <th>{t('reports.station')}</th>
              <th>{t('reports.device')}</th>
              <th className="num">{t('reports.monthly.generation')} kWh</th>
              <th>{t('reports.monthly.status')}</th>
              <th className="num">{t('reports.monthly.faults')}</th>
              <th className="num">{t('reports.monthly.abnormalHours')}</th>
            </tr>
          </thead>
          <tbody>
            {report.pv.map((p) => (
              <tr key={p.deviceId} className={p.status === 'abnormal' ? 'rp-row--abnormal' : undefined}>
                <td>{names.station(p.stationId)}</td>
                <td>
                  {p.name} <span className="rp-id">{p.deviceId}</span>
                </td>
                <td className="num">{p.generationKwh === null ? '—' : formatNumber(p.generationKwh, 1)}</td>
                <td data-status={p.status}>{t(`reports.pvStatus.${p.status}`)}</td>
                <td className="num">{p.faults}</td>
                <td className="num">{duration(p.abnormalMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
      <Panel title={t('reports.monthly.system')}>
        <table className="rp-table rp-table--narrow">
          <tbody>
            {report.system.map((k) => {
              const key = messageKey('reports.system', k.id);
              return (
                <tr key={k.id} title={k.source}>
                  <th>{key ? t(key) : k.id}</th>
                  <td className="num">{formatNumber(k.value ?? 0, 0)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Panel>
      <Sources sources={report.sources} />
    </>
  );
}
