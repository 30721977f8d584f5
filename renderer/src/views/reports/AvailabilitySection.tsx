import type { AvailabilityReport } from '../../../../shared/api/reports';
import { useI18n } from '../../i18n/context';
import { Bars } from '../../ui/report/BarCharts';
import { numColumn, textColumn } from '../../ui/report/DataTable';
import { KpiGrid, Panel } from '../../ui/report/KpiCell';
import { TablePanel } from '../../ui/report/TablePanel';
import { duration, percent } from './model';
import { DeviceTable, KpiTile, type Names, Sources } from './parts';

type StationRow = AvailabilityReport['stations'][number];
type DeviceRow = AvailabilityReport['devices'][number];

/** Availability by station and by charger, gun by gun, with the rule applied written out. */
export function AvailabilitySection({ report, names }: { report: AvailabilityReport; names: Names }) {
  const { t } = useI18n();
  const gunShares = (d: DeviceRow) =>
    d.guns
      .map((g) => `${t('reports.availability.gun', { n: g.gun })} ${percent(g.availability)}`)
      .join(' · ');
  return (
    <>
      <Panel title={t('reports.availability.fleet')}>
        <KpiGrid>
          <KpiTile kpi={{ ...report.fleet, id: 'fleet' }} prefix="reports.availability" />
        </KpiGrid>
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
      <TablePanel<StationRow>
        title={t('reports.availability.stations')}
        testId="report-availability-stations"
        rows={report.stations}
        rowKey={(s) => s.stationId}
        columns={[
          textColumn('station', t('reports.station'), (s) => names.station(s.stationId)),
          textColumn('group', t('reports.group'), (s) => s.group),
          numColumn('counted', t('reports.availability.counted'), (s) => duration(s.countedMs)),
          numColumn('down', t('reports.availability.down'), (s) => duration(s.downMs)),
          numColumn('excluded', t('reports.availability.excluded'), (s) => duration(s.excludedMs)),
          numColumn('share', t('reports.monthly.availability'), (s) => percent(s.availability)),
        ]}
      />
      <DeviceTable<DeviceRow>
        title={t('reports.availability.devices')}
        testId="report-availability-devices"
        scroll="normal"
        rows={report.devices}
        names={names}
        rowTestId={(d) => `report-availability-${d.deviceId}`}
        columns={[
          numColumn('fault', t('reports.availability.fault'), (d) => duration(d.faultMs)),
          numColumn('comms', t('reports.availability.comms'), (d) => duration(d.commsMs)),
          numColumn('excluded', t('reports.availability.excluded'), (d) => duration(d.excludedMs)),
          numColumn('share', t('reports.monthly.availability'), (d) => percent(d.availability)),
          textColumn('guns', t('reports.availability.guns'), (d) => gunShares(d), {
            className: 'rp-muted',
          }),
        ]}
      />
      <Sources sources={report.sources} />
    </>
  );
}
