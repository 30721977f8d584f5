import type { MonthlyReport } from '../../../../shared/api/reports';
import { useI18n } from '../../i18n/context';
import { formatNumber } from '../../i18n/format';
import { Bars } from '../../ui/report/BarCharts';
import { DataTable, PairTable } from '../../ui/report/DataTable';
import { KpiCell, KpiGrid, Panel } from '../../ui/report/KpiCell';
import { duration, kwh, messageKey, percent } from './model';
import { DeviceName, type Names, Sources } from './parts';

type ChargerRow = MonthlyReport['chargers'][number];
type PvRow = MonthlyReport['pv'][number];

/** Seed 000's monthly report on screen: the summary in the report's own format, then charger by charger. */
export function MonthlySection({ report, names }: { report: MonthlyReport; names: Names }) {
  const { t } = useI18n();
  const r = report.totals;
  const times = t('reports.unit.times');
  return (
    <>
      <Panel title={t('reports.monthly.summary')} testId="report-monthly-summary">
        <KpiGrid>
          <KpiCell
            testId="report-total-sessions"
            name={t('reports.monthly.sessions')}
            value={formatNumber(r.sessions, 0)}
            unit={times}
          />
          <KpiCell
            testId="report-total-energy"
            name={t('reports.monthly.energy')}
            value={kwh(r.energyKwh)}
            unit="kWh"
          />
          <KpiCell
            testId="report-total-faults"
            name={t('reports.monthly.faults')}
            value={formatNumber(r.faults, 0)}
            unit={times}
          />
          <KpiCell
            testId="report-total-generation"
            name={t('reports.monthly.generation')}
            value={kwh(r.generationKwh)}
            unit="kWh"
          />
          <KpiCell
            testId="report-total-pvStatus"
            name={t('reports.monthly.pvStatus')}
            value={t('reports.monthly.pvStatusValue', {
              normal: r.pvSystems - r.pvAbnormal,
              abnormal: r.pvAbnormal,
            })}
            text
            tone={r.pvAbnormal > 0 ? 'abnormal' : undefined}
          />
        </KpiGrid>
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
        <DataTable<ChargerRow>
          testId="report-chargers"
          scroll="normal"
          rows={report.chargers}
          rowKey={(c) => c.deviceId}
          rowTestId={(c) => `report-charger-${c.deviceId}`}
          columns={[
            { id: 'station', head: t('reports.station'), cell: (c) => names.station(c.stationId) },
            {
              id: 'device',
              head: t('reports.device'),
              cell: (c) => <DeviceName name={c.name} id={c.deviceId} />,
            },
            {
              id: 'kind',
              head: t('reports.monthly.kind'),
              cell: (c) => t(`reports.kind.${c.kind === 'dc-charger' ? 'dc-charger' : 'ac-charger'}`),
            },
            {
              id: 'sessions',
              head: t('reports.monthly.sessions'),
              num: true,
              testId: 'sessions',
              cell: (c) => c.sessions,
            },
            {
              id: 'energy',
              head: `${t('reports.monthly.energy')} kWh`,
              num: true,
              testId: 'energy',
              cell: (c) => (c.energyKwh === null ? '—' : formatNumber(c.energyKwh, 2)),
            },
            {
              id: 'source',
              head: t('reports.monthly.energySource'),
              className: 'rp-muted',
              cell: (c) => t(`reports.energySource.${c.energySource}`),
            },
            {
              id: 'sessionEnergy',
              head: `${t('reports.monthly.sessionEnergy')} kWh`,
              num: true,
              cell: (c) => formatNumber(c.sessionEnergyKwh, 2),
            },
            {
              id: 'faults',
              head: t('reports.monthly.faults'),
              num: true,
              testId: 'faults',
              cell: (c) => c.faults,
            },
            { id: 'workOrders', head: t('reports.monthly.workOrders'), num: true, cell: (c) => c.workOrders },
            {
              id: 'availability',
              head: t('reports.monthly.availability'),
              num: true,
              cell: (c) => percent(c.availability),
            },
          ]}
          foot={
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
          }
        />
      </Panel>
      <Panel title={t('reports.monthly.pv')}>
        <DataTable<PvRow>
          testId="report-pv"
          rows={report.pv}
          rowKey={(p) => p.deviceId}
          rowClass={(p) => (p.status === 'abnormal' ? 'rp-row--abnormal' : undefined)}
          columns={[
            { id: 'station', head: t('reports.station'), cell: (p) => names.station(p.stationId) },
            {
              id: 'device',
              head: t('reports.device'),
              cell: (p) => <DeviceName name={p.name} id={p.deviceId} />,
            },
            {
              id: 'generation',
              head: `${t('reports.monthly.generation')} kWh`,
              num: true,
              cell: (p) => (p.generationKwh === null ? '—' : formatNumber(p.generationKwh, 1)),
            },
            {
              id: 'status',
              head: t('reports.monthly.status'),
              cell: (p) => <span data-status={p.status}>{t(`reports.pvStatus.${p.status}`)}</span>,
            },
            { id: 'faults', head: t('reports.monthly.faults'), num: true, cell: (p) => p.faults },
            {
              id: 'abnormal',
              head: t('reports.monthly.abnormalHours'),
              num: true,
              cell: (p) => duration(p.abnormalMs),
            },
          ]}
        />
      </Panel>
      <Panel title={t('reports.monthly.system')}>
        <PairTable
          pairs={report.system.map((k) => {
            const key = messageKey('reports.system', k.id);
            return {
              id: k.id,
              label: key ? t(key) : k.id,
              value: formatNumber(k.value ?? 0, 0),
              title: k.source,
            };
          })}
        />
      </Panel>
      <Sources sources={report.sources} />
    </>
  );
}
