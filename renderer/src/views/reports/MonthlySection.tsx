import type { MonthlyReport } from '../../../../shared/api/reports';
import { reportText } from '../../../../shared/i18n/words';
import { useI18n } from '../../i18n/context';
import { formatNumber } from '../../i18n/format';
import { Bars } from '../../ui/report/BarCharts';
import { numColumn, PairTable, textColumn } from '../../ui/report/DataTable';
import { KpiCell, KpiGrid, Panel } from '../../ui/report/KpiCell';
import { duration, kwh, messageKey, percent } from './model';
import { DeviceTable, type Names, Sources } from './parts';
import { WarningCountsPanel } from './WarningCountsPanel';

type ChargerRow = MonthlyReport['chargers'][number];
type PvRow = MonthlyReport['pv'][number];

/** Seed 000's monthly report on screen: the summary in the report's own format, then charger by charger. */
export function MonthlySection({ report, names }: { report: MonthlyReport; names: Names }) {
  const { t } = useI18n();
  const r = report.totals;
  const times = t('reports.unit.times');
  const summary = [
    { id: 'sessions', name: t('reports.monthly.sessions'), value: formatNumber(r.sessions, 0), unit: times },
    { id: 'energy', name: t('reports.monthly.energy'), value: kwh(r.energyKwh), unit: 'kWh' },
    { id: 'faults', name: t('reports.monthly.faults'), value: formatNumber(r.faults, 0), unit: times },
    { id: 'generation', name: t('reports.monthly.generation'), value: kwh(r.generationKwh), unit: 'kWh' },
    {
      id: 'pvStatus',
      name: t('reports.monthly.pvStatus'),
      value: t('reports.monthly.pvStatusValue', {
        normal: r.pvSystems - r.pvAbnormal,
        abnormal: r.pvAbnormal,
      }),
      text: true,
      tone: r.pvAbnormal > 0 ? 'abnormal' : undefined,
    },
  ];
  return (
    <>
      <Panel title={t('reports.monthly.summary')} testId="report-monthly-summary">
        <KpiGrid>
          {summary.map(({ id, ...cell }) => (
            <KpiCell key={id} testId={`report-total-${id}`} {...cell} />
          ))}
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
      <DeviceTable<ChargerRow>
        title={t('reports.monthly.chargers')}
        testId="report-chargers"
        scroll="normal"
        rows={report.chargers}
        names={names}
        rowTestId={(c) => `report-charger-${c.deviceId}`}
        columns={[
          textColumn('kind', t('reports.monthly.kind'), (c) => t(`reports.kind.${chargerKind(c)}`)),
          numColumn(
            'sessions',
            t('reports.monthly.sessions'),
            (c) => (
              <>
                {c.sessions}
                {c.reconstructedSessions > 0 && (
                  <span className="rp-muted" title={reportText(report.sources.reconstructed ?? '', t)}>
                    {' '}
                    ({t('reports.monthly.reconstructedOf', { n: c.reconstructedSessions })})
                  </span>
                )}
              </>
            ),
            { testId: 'sessions' },
          ),
          numColumn('energy', `${t('reports.monthly.energy')} kWh`, (c) => fixed(c.energyKwh, 2), {
            testId: 'energy',
          }),
          textColumn(
            'source',
            t('reports.monthly.energySource'),
            (c) => t(`reports.energySource.${c.energySource}`),
            {
              className: 'rp-muted',
            },
          ),
          numColumn('sessionEnergy', `${t('reports.monthly.sessionEnergy')} kWh`, (c) =>
            formatNumber(c.sessionEnergyKwh, 2),
          ),
          numColumn('faults', t('reports.monthly.faults'), (c) => c.faults, { testId: 'faults' }),
          numColumn('workOrders', t('reports.monthly.workOrders'), (c) => c.workOrders),
          numColumn('availability', t('reports.monthly.availability'), (c) => percent(c.availability)),
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
      <DeviceTable<PvRow>
        title={t('reports.monthly.pv')}
        testId="report-pv"
        rows={report.pv}
        names={names}
        rowClass={(p) => (p.status === 'abnormal' ? 'rp-row--abnormal' : undefined)}
        columns={[
          numColumn('generation', `${t('reports.monthly.generation')} kWh`, (p) => fixed(p.generationKwh, 1)),
          textColumn('status', t('reports.monthly.status'), (p) => (
            <span data-status={p.status}>{t(`reports.pvStatus.${p.status}`)}</span>
          )),
          numColumn('faults', t('reports.monthly.faults'), (p) => p.faults),
          numColumn('abnormal', t('reports.monthly.abnormalHours'), (p) => duration(p.abnormalMs)),
        ]}
      />
      <Panel title={t('reports.monthly.system')}>
        <PairTable
          pairs={report.system.map((k) => {
            const key = messageKey('reports.system', k.id);
            return {
              id: k.id,
              label: key ? t(key) : k.id,
              value: formatNumber(k.value ?? 0, 0),
              title: reportText(k.source, t),
            };
          })}
        />
      </Panel>
      <WarningCountsPanel warnings={report.warnings} />
      <Sources sources={report.sources} />
    </>
  );
}

function chargerKind(charger: ChargerRow): 'dc-charger' | 'ac-charger' {
  return charger.kind === 'dc-charger' ? 'dc-charger' : 'ac-charger';
}

/** A meter figure to so many decimals, or a dash where the meter gave none. */
function fixed(value: number | null, digits: number): string {
  return value === null ? '—' : formatNumber(value, digits);
}
