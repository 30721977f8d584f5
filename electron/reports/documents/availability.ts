import type {
  AvailabilityReport,
  DeviceAvailability,
  StationAvailability,
} from '../../../shared/api/reports';
import { type ExportDocument, monthHead, sourceText, table, type Writing } from '../tables';

export function availabilityDocument(r: AvailabilityReport, { t, names }: Writing): ExportDocument {
  const excluded = 'record.availability.excluded';
  const counted = 'record.availability.counted';
  const down = 'record.availability.down';
  const availability = 'record.availability.availability';
  const stations = table<StationAvailability>(
    t,
    'reports.availability.stations',
    [
      ['reports.station', 'text', (s) => s.name],
      ['reports.group', 'text', (s) => s.group],
      ['record.availability.chargers', 'int', (s) => s.chargers],
      [counted, 'hours', (s) => s.countedMs],
      [down, 'hours', (s) => s.downMs],
      [excluded, 'hours', (s) => s.excludedMs],
      [availability, 'percent', (s) => s.availability],
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
      [counted, 'hours', (d) => d.countedMs],
      [down, 'hours', (d) => d.downMs],
      ['record.availability.fault', 'hours', (d) => d.faultMs],
      ['record.availability.comms', 'hours', (d) => d.commsMs],
      [excluded, 'hours', (d) => d.excludedMs],
      [availability, 'percent', (d) => d.availability],
      ['record.availability.guns', 'text', (d) => d.guns.map(gun).join(' · ')],
    ],
    r.devices,
  );
  return {
    ...monthHead(t, 'record.title.availability', 'availability', r.period),
    tables: [stations, devices],
  };
}
