import type {
  AvailabilityReport,
  DeviceAvailability,
  StationAvailability,
} from '../../../shared/api/reports';
import {
  type ExportDocument,
  monthDocument,
  STATION_COLUMNS,
  sourceText,
  table,
  type Writing,
} from '../tables';

export function availabilityDocument(r: AvailabilityReport, { t, names }: Writing): ExportDocument {
  const stations = table<StationAvailability>(
    t,
    'reports.availability.stations',
    [
      ...STATION_COLUMNS,
      ['record.availability.counted', 'hours', 'countedMs'],
      ['record.availability.down', 'hours', 'downMs'],
      ['record.availability.excluded', 'hours', 'excludedMs'],
      ['record.availability.availability', 'percent', 'availability'],
    ],
    r.stations,
    {
      after: [
        { cells: [t('record.availability.fleet'), '', r.devices.length, null, null, null, r.fleet.value] },
      ],
      notes: [
        t('record.availability.rule1'),
        t('record.availability.rule2'),
        t('record.availability.rule3'),
        `${t('reports.sources')}: ${sourceText(t, r.sources.availability)}`,
      ],
    },
  );
  const gun = (g: DeviceAvailability['guns'][number]) =>
    `${t('reports.availability.gun', { n: g.gun })} ${g.availability === null ? '—' : `${(g.availability * 100).toFixed(2)} %`}`;
  const devices = table<DeviceAvailability>(
    t,
    'record.availability.devices',
    [
      ['reports.station', 'text', (d) => names.station(d.stationId)],
      ['record.availability.device', 'text', (d) => `${d.name} (${d.deviceId})`],
      ['record.availability.counted', 'hours', 'countedMs'],
      ['record.availability.down', 'hours', 'downMs'],
      ['record.availability.fault', 'hours', 'faultMs'],
      ['record.availability.comms', 'hours', 'commsMs'],
      ['record.availability.excluded', 'hours', 'excludedMs'],
      ['record.availability.availability', 'percent', 'availability'],
      ['record.availability.guns', 'text', (d) => d.guns.map(gun).join(' · ')],
    ],
    r.devices,
  );
  return monthDocument(t, 'record.title.availability', 'availability', r.period, [stations, devices]);
}
