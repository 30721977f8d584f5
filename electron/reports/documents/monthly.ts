import type { ChargerMonth, MonthlyReport, PvMonth, StationMonth } from '../../../shared/api/reports';
import type { Words } from '../../../shared/i18n/catalogue';
import { word } from '../../../shared/i18n/words';
import { DetectorId } from '../../../shared/warning/model';
import { CONFIRM_WITHIN_MS, type WarningCounts } from '../../../shared/warning/monthly';
import {
  type ColumnSpec,
  countTable,
  type ExportDocument,
  type ExportTable,
  monthDocument,
  STATION_COLUMNS,
  sourceText,
  table,
  type Writing,
} from '../tables';

/** The words of the seed 000 table, each `record.seed.<word>` in the catalogue. */
type SeedWord =
  | 'charger'
  | 'pv'
  | 'system'
  | 'frequency'
  | 'energy'
  | 'faults'
  | 'generation'
  | 'status'
  | 'indicators'
  | 'times'
  | 'kwh'
  | 'normalAbnormal'
  | 'custom';

/** A row of the seed 000 table: category, indicator, value, unit and source (the period is always the month). */
type SeedRow = { category: SeedWord; indicator: SeedWord; value: string; unit: SeedWord; source: string };

const seed = (
  category: SeedWord,
  indicator: SeedWord,
  value: string,
  unit: SeedWord,
  source: string,
): SeedRow => ({
  category,
  indicator,
  value,
  unit,
  source,
});

/** Seed 000's own table: the month's totals in the format the operator submits them. */
function seedTable(r: MonthlyReport, t: Words): ExportTable {
  const n = r.totals;
  const say = (w: SeedWord) => t(`record.seed.${w}`);
  const source = (text: string | undefined) => sourceText(t, text);
  const system = r.system.map((k) => `${word(t, SYSTEM, k.id)} ${k.value ?? ''}`).join('；');
  const pvStatus = t('record.seed.statusValue', {
    normal: n.pvSystems - n.pvAbnormal,
    abnormal: n.pvAbnormal,
  });
  const rows = [
    seed('charger', 'frequency', String(n.sessions), 'times', source(r.sources.sessions)),
    seed('charger', 'energy', n.energyKwh.toFixed(2), 'kwh', source(r.sources.energyMeter)),
    seed('charger', 'faults', String(n.faults), 'times', source(r.sources.faults)),
    seed('pv', 'generation', n.generationKwh.toFixed(2), 'kwh', source(r.sources.generation)),
    seed('pv', 'status', pvStatus, 'normalAbnormal', source(r.sources.pvStatus)),
    seed('system', 'indicators', system, 'custom', t('record.seed.journal')),
  ];
  return table<SeedRow>(
    t,
    'record.seed.title',
    [
      ['record.seed.category', 'text', (row) => say(row.category)],
      ['record.seed.indicator', 'text', (row) => say(row.indicator)],
      ['record.seed.value', 'text', 'value'],
      ['record.seed.unit', 'text', (row) => say(row.unit)],
      ['record.seed.period', 'text', () => t('record.seed.month')],
      ['record.seed.source', 'text', 'source'],
    ],
    rows,
    { sheet: t('record.title.monthly') },
  );
}

/** The system indicators' names: the record's own where it adds a unit, else the screen's. */
const SYSTEM = ['record.system', 'reports.system'];

export function monthlyDocument(r: MonthlyReport, { t, names }: Writing): ExportDocument {
  const n = r.totals;
  const source = (text: string | undefined) => sourceText(t, text);
  const station: ColumnSpec<{ stationId: string }> = [
    'reports.station',
    'text',
    (x) => names.station(x.stationId),
  ];
  const named = (x: { name: string; deviceId: string }) => `${x.name} (${x.deviceId})`;
  const chargers = table<ChargerMonth>(
    t,
    'reports.monthly.chargers',
    [
      station,
      ['record.monthly.charger', 'text', named],
      ['reports.monthly.kind', 'text', (c) => word(t, 'record.kind', c.kind)],
      ['record.monthly.sessions', 'int', 'sessions'],
      ['record.monthly.reconstructed', 'int', 'reconstructedSessions'],
      ['record.monthly.energy', 'num2', 'energyKwh'],
      ['reports.monthly.energySource', 'text', (c) => word(t, 'reports.energySource', c.energySource)],
      ['record.monthly.sessionEnergy', 'num2', 'sessionEnergyKwh'],
      ['record.monthly.faults', 'int', 'faults'],
      ['reports.monthly.workOrders', 'int', 'workOrders'],
      ['record.monthly.availability', 'percent', 'availability'],
    ],
    r.chargers,
    {
      after: [
        {
          cells: [
            t('reports.total'),
            '',
            '',
            n.sessions,
            n.reconstructedSessions,
            n.energyKwh,
            '',
            n.sessionEnergyKwh,
            n.faults,
            n.workOrders,
            null,
          ],
        },
      ],
      notes: [
        `${t('record.monthly.sessions')}: ${source(r.sources.sessions)}`,
        `${t('record.monthly.reconstructed')}: ${source(r.sources.reconstructed)}`,
        `${t('record.monthly.energy')}: ${source(r.sources.energyMeter)}; ${source(r.sources.energySessions)}`,
        `${t('record.monthly.faults')}: ${source(r.sources.faults)}`,
        `${t('reports.monthly.workOrders')}: ${source(r.sources.workOrders)}`,
        `${t('record.monthly.availability')}: ${source(r.sources.availability)}`,
      ],
    },
  );
  const pv = table<PvMonth>(
    t,
    'reports.monthly.pv',
    [
      station,
      ['reports.device', 'text', named],
      ['record.monthly.generation', 'num2', 'generationKwh'],
      ['record.monthly.status', 'text', (p) => word(t, 'reports.pvStatus', p.status)],
      ['record.monthly.faults', 'int', 'faults'],
      ['record.monthly.abnormalHours', 'hours', 'abnormalMs'],
    ],
    r.pv,
    {
      abnormal: (p) => p.status === 'abnormal',
      notes: [
        `${t('record.monthly.generation')}: ${source(r.sources.generation)}`,
        `${t('record.monthly.status')}: ${source(r.sources.pvStatus)}`,
      ],
    },
  );
  const stations = table<StationMonth>(
    t,
    'record.monthly.stations',
    [
      ...STATION_COLUMNS,
      ['record.monthly.sessions', 'int', 'sessions'],
      ['record.monthly.energy', 'num2', 'energyKwh'],
      ['record.monthly.generation', 'num2', 'generationKwh'],
      ['record.monthly.faults', 'int', 'faults'],
      ['record.monthly.availability', 'percent', 'availability'],
    ],
    r.stations,
  );
  const system = countTable(
    t,
    'reports.monthly.system',
    { name: 'record.monthly.indicator', value: 'record.monthly.value', kind: 'int' },
    r.system,
    SYSTEM,
  );
  return monthDocument(t, 'record.title.monthly', 'monthly', r.period, [
    seedTable(r, t),
    chargers,
    pv,
    stations,
    system,
    warningsTable(r, t),
  ]);
}

/** The month's early warnings per detector and in total: raised, acted on, confirmed by a later fault, dismissed. */
function warningsTable(r: MonthlyReport, t: Words): ExportTable {
  type Row = WarningCounts & { detector: string };
  const rows: Row[] = DetectorId.options.flatMap((d) => {
    const counts = r.warnings.byDetector[d];
    return counts ? [{ ...counts, detector: t(`warn.detector.${d}`) }] : [];
  });
  const w = r.warnings;
  return table<Row>(
    t,
    'reports.warnings.title',
    [
      ['reports.warnings.detector', 'text', 'detector'],
      ['reports.warnings.raised', 'int', 'raised'],
      ['reports.warnings.actedOn', 'int', 'actedOn'],
      ['reports.warnings.confirmed', 'int', 'confirmed'],
      ['reports.warnings.dismissed', 'int', 'dismissed'],
    ],
    rows,
    {
      after: [{ cells: [t('reports.total'), w.raised, w.actedOn, w.confirmed, w.dismissed] }],
      notes: [t('reports.warnings.source', { days: CONFIRM_WITHIN_MS / 86_400_000 })],
    },
  );
}
