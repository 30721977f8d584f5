import type { ChargerMonth, MonthlyReport, PvMonth, StationMonth } from '../../../shared/api/reports';
import type { CatalogueKey, Words } from '../../../shared/i18n/catalogue';
import { word } from '../../../shared/i18n/words';
import {
  type ColumnSpec,
  type ExportDocument,
  type ExportTable,
  monthHead,
  sourceText,
  table,
  type Writing,
} from '../tables';

/** A row of the seed 000 table: category, indicator, value, unit and source (the period is always the month). */
type SeedRow = readonly [
  category: CatalogueKey,
  indicator: CatalogueKey,
  value: string,
  unit: CatalogueKey,
  source: string,
];

function seedTable(r: MonthlyReport, t: Words): ExportTable {
  const totals = r.totals;
  const system = r.system
    .map((k) => `${word(t, ['record.system', 'reports.system'], k.id)} ${k.value ?? ''}`)
    .join('；');
  const source = (text: string | undefined) => sourceText(t, text);
  const rows: SeedRow[] = [
    [
      'record.seed.charger',
      'record.seed.frequency',
      String(totals.sessions),
      'record.seed.times',
      source(r.sources.sessions),
    ],
    [
      'record.seed.charger',
      'record.seed.energy',
      totals.energyKwh.toFixed(2),
      'record.seed.kwh',
      source(r.sources.energyMeter),
    ],
    [
      'record.seed.charger',
      'record.seed.faults',
      String(totals.faults),
      'record.seed.times',
      source(r.sources.faults),
    ],
    [
      'record.seed.pv',
      'record.seed.generation',
      totals.generationKwh.toFixed(2),
      'record.seed.kwh',
      source(r.sources.generation),
    ],
    [
      'record.seed.pv',
      'record.seed.status',
      t('record.seed.statusValue', {
        normal: totals.pvSystems - totals.pvAbnormal,
        abnormal: totals.pvAbnormal,
      }),
      'record.seed.normalAbnormal',
      source(r.sources.pvStatus),
    ],
    ['record.seed.system', 'record.seed.indicators', system, 'record.seed.custom', t('record.seed.journal')],
  ];
  return table<SeedRow>(
    t,
    'record.seed.title',
    [
      ['record.seed.category', 'text', (row) => t(row[0])],
      ['record.seed.indicator', 'text', (row) => t(row[1])],
      ['record.seed.value', 'text', (row) => row[2]],
      ['record.seed.unit', 'text', (row) => t(row[3])],
      ['record.seed.period', 'text', () => t('record.seed.month')],
      ['record.seed.source', 'text', (row) => row[4]],
    ],
    rows,
    { sheet: t('record.title.monthly') },
  );
}

export function monthlyDocument(r: MonthlyReport, { t, names }: Writing): ExportDocument {
  const totals = r.totals;
  const station: ColumnSpec<{ stationId: string }> = [
    'reports.station',
    'text',
    (x) => names.station(x.stationId),
  ];
  const sessions = 'record.monthly.sessions';
  const energy = 'record.monthly.energy';
  const faults = 'record.monthly.faults';
  const availability = 'record.monthly.availability';
  const generation = 'record.monthly.generation';
  const chargers = table<ChargerMonth>(
    t,
    'reports.monthly.chargers',
    [
      station,
      ['record.monthly.charger', 'text', (c) => `${c.name} (${c.deviceId})`],
      ['reports.monthly.kind', 'text', (c) => word(t, 'record.kind', c.kind)],
      [sessions, 'int', (c) => c.sessions],
      [energy, 'num2', (c) => c.energyKwh],
      ['reports.monthly.energySource', 'text', (c) => word(t, 'reports.energySource', c.energySource)],
      ['record.monthly.sessionEnergy', 'num2', (c) => c.sessionEnergyKwh],
      [faults, 'int', (c) => c.faults],
      ['reports.monthly.workOrders', 'int', (c) => c.workOrders],
      [availability, 'percent', (c) => c.availability],
    ],
    r.chargers,
    {
      after: [
        {
          cells: [
            t('reports.total'),
            '',
            '',
            totals.sessions,
            totals.energyKwh,
            '',
            totals.sessionEnergyKwh,
            totals.faults,
            totals.workOrders,
            null,
          ],
        },
      ],
      notes: [
        `${t(sessions)}: ${sourceText(t, r.sources.sessions)}`,
        `${t(energy)}: ${sourceText(t, r.sources.energyMeter)}; ${sourceText(t, r.sources.energySessions)}`,
        `${t(faults)}: ${sourceText(t, r.sources.faults)}`,
        `${t('reports.monthly.workOrders')}: ${sourceText(t, r.sources.workOrders)}`,
        `${t(availability)}: ${sourceText(t, r.sources.availability)}`,
      ],
    },
  );
  const pv = table<PvMonth>(
    t,
    'reports.monthly.pv',
    [
      station,
      ['reports.device', 'text', (p) => `${p.name} (${p.deviceId})`],
      [generation, 'num2', (p) => p.generationKwh],
      ['record.monthly.status', 'text', (p) => word(t, 'reports.pvStatus', p.status)],
      [faults, 'int', (p) => p.faults],
      ['record.monthly.abnormalHours', 'hours', (p) => p.abnormalMs],
    ],
    r.pv,
    {
      abnormal: (p) => p.status === 'abnormal',
      notes: [
        `${t(generation)}: ${sourceText(t, r.sources.generation)}`,
        `${t('record.monthly.status')}: ${sourceText(t, r.sources.pvStatus)}`,
      ],
    },
  );
  const stations = table<StationMonth>(
    t,
    'record.monthly.stations',
    [
      ['reports.station', 'text', (s) => s.name],
      ['reports.group', 'text', (s) => s.group],
      ['record.monthly.chargerCount', 'int', (s) => s.chargers],
      [sessions, 'int', (s) => s.sessions],
      [energy, 'num2', (s) => s.energyKwh],
      [generation, 'num2', (s) => s.generationKwh],
      [faults, 'int', (s) => s.faults],
      [availability, 'percent', (s) => s.availability],
    ],
    r.stations,
  );
  const system = table(
    t,
    'reports.monthly.system',
    [
      ['record.monthly.indicator', 'text', (k) => word(t, ['record.system', 'reports.system'], k.id)],
      ['record.monthly.value', 'int', (k) => k.value],
      ['reports.sources', 'text', (k) => sourceText(t, k.source)],
    ],
    r.system,
  );
  return {
    ...monthHead(t, 'record.title.monthly', 'monthly', r.period),
    tables: [seedTable(r, t), chargers, pv, stations, system],
  };
}
