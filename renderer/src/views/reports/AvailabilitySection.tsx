import type { AvailabilityReport } from '../../../../shared/api/reports';
import { useI18n } from '../../i18n/context';
import { Bars } from '../../ui/report/BarCharts';
import { DataTable } from '../../ui/report/DataTable';
import { KpiGrid, Panel } from '../../ui/report/KpiCell';
import { duration, percent } from './model';
import { DeviceName, KpiTile, type Names, Sources } from './parts';

type StationRow = AvailabilityReport['stations'][number];
type DeviceRow = AvailabilityReport['devices'][number];

/** Availability by station and by charger, gun by gun, with the rule applied written out. */
export function AvailabilitySection({ report, names }: { report: AvailabilityReport; names: Names }) {
  const { t } = useI18n();
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
      <Panel title={t('reports.availability.stations')}>
        <DataTable<StationRow>
          testId="report-availability-stations"
          rows={report.stations}
          rowKey={(s) => s.stationId}
          columns={[
            { id: 'station', head: t('reports.station'), cell: (s) => names.station(s.stationId) },
            { id: 'group', head: t('reports.group'), cell: (s) => s.group },
            {
              id: 'counted',
              head: t('reports.availability.counted'),
              num: true,
              cell: (s) => duration(s.countedMs),
            },
            { id: 'down', head: t('reports.availability.down'), num: true, cell: (s) => duration(s.downMs) },
            {
              id: 'excluded',
              head: t('reports.availability.excluded'),
              num: true,
              cell: (s) => duration(s.excludedMs),
            },
            {
              id: 'share',
              head: t('reports.monthly.availability'),
              num: true,
              cell: (s) => percent(s.availability),
            },
          ]}
        />
      </Panel>
      <Panel title={t('reports.availability.devices')}>
        <DataTable<DeviceRow>
          testId="report-availability-devices"
          scroll="normal"
          rows={report.devices}
          rowKey={(d) => d.deviceId}
          rowTestId={(d) => `report-availability-${d.deviceId}`}
          columns={[
            { id: 'station', head: t('reports.station'), cell: (d) => names.station(d.stationId) },
            {
              id: 'device',
              head: t('reports.device'),
              cell: (d) => <DeviceName name={d.name} id={d.deviceId} />,
            },
            {
              id: 'fault',
              head: t('reports.availability.fault'),
              num: true,
              cell: (d) => duration(d.faultMs),
            },
            {
              id: 'comms',
              head: t('reports.availability.comms'),
              num: true,
              cell: (d) => duration(d.commsMs),
            },
            {
              id: 'excluded',
              head: t('reports.availability.excluded'),
              num: true,
              cell: (d) => duration(d.excludedMs),
            },
            {
              id: 'share',
              head: t('reports.monthly.availability'),
              num: true,
              cell: (d) => percent(d.availability),
            },
            {
              id: 'guns',
              head: t('reports.availability.guns'),
              className: 'rp-muted',
              cell: (d) =>
                d.guns
                  .map((g) => `${t('reports.availability.gun', { n: g.gun })} ${percent(g.availability)}`)
                  .join(' · '),
            },
          ]}
        />
      </Panel>
      <Sources sources={report.sources} />
    </>
  );
}
