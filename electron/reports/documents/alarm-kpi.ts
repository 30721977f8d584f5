import type { AlarmKpiReport } from '../../../shared/api/reports';
import type { CatalogueKey } from '../../../shared/i18n/catalogue';
import { causeWords, word } from '../../../shared/i18n/words';
import {
  alarmPlace,
  type ColumnSpec,
  type ExportDocument,
  type ExportTable,
  kpiTable,
  missed,
  monthDocument,
  sourceText,
  table,
  verdictWords,
  type Writing,
} from '../tables';

type AlarmRef = Pick<AlarmKpiReport['top'][number], 'alarmId' | 'cause' | 'deviceId' | 'stationId'>;

/** What each list of alarms adds to which alarm, its cause and where it is. */
const TOP: ColumnSpec<AlarmKpiReport['top'][number]>[] = [
  ['reports.alarm.count', 'int', 'count'],
  ['record.alarm.share', 'percent', 'share'],
];
const CHATTERING: ColumnSpec<AlarmKpiReport['chattering'][number]>[] = [
  ['record.alarm.activations', 'int', 'activations'],
  ['record.alarm.bursts', 'int', 'bursts'],
];
const STALE: ColumnSpec<AlarmKpiReport['stale'][number]>[] = [
  ['record.alarm.since', 'time', 'activeSince'],
  ['record.alarm.hours', 'hours', 'activeMs'],
];

export function alarmKpiDocument(r: AlarmKpiReport, { t, names }: Writing): ExportDocument {
  const source = (text: string | undefined) => sourceText(t, text);
  /** A list of alarms: which alarm, its cause in words and where it is, then the list's own columns. */
  const alarms = <T extends AlarmRef>(
    title: CatalogueKey,
    rows: readonly T[],
    columns: readonly ColumnSpec<T>[],
    options: { flagged: boolean; source: string | undefined },
  ): ExportTable =>
    table<T>(
      t,
      title,
      [
        ['reports.alarm.alarm', 'text', (a) => a.alarmId],
        ['record.alarm.cause', 'text', (a) => causeWords(a.cause, t)],
        ['record.alarm.device', 'text', (a) => alarmPlace(names, a)],
        ...columns,
      ],
      rows,
      { ...(options.flagged ? { abnormal: () => true } : {}), notes: [source(options.source)] },
    );
  const priorities = table<AlarmKpiReport['priorities'][number]>(
    t,
    'record.alarm.priorities',
    [
      ['record.alarm.priority', 'text', (p) => word(t, 'record.priority', p.priority)],
      ['reports.alarm.count', 'int', 'count'],
      ['record.alarm.share', 'percent', 'share'],
      ['record.alarm.target', 'percent', 'target'],
      ['record.alarm.verdict', 'text', (p) => verdictWords(t, p.verdict)],
    ],
    r.priorities,
    { abnormal: (p) => missed(p.verdict), notes: [source(r.sources.priority)] },
  );
  const floods = table<AlarmKpiReport['floods'][number]>(
    t,
    'record.alarm.floods',
    [
      ['record.alarm.start', 'time', 'startMs'],
      ['record.alarm.end', 'time', 'endMs'],
      ['record.alarm.alarms', 'int', 'alarms'],
    ],
    r.floods,
    { abnormal: () => true },
  );
  return monthDocument(t, 'record.title.alarmKpi', 'alarm-kpi', r.period, [
    kpiTable(t, 'record.alarm.kpis', r.kpis, 'record.alarmKpi'),
    alarms('reports.alarm.top', r.top, TOP, { flagged: false, source: r.sources.annunciations }),
    priorities,
    alarms('reports.alarm.chattering', r.chattering, CHATTERING, {
      flagged: true,
      source: r.sources.activations,
    }),
    alarms('record.alarm.stale', r.stale, STALE, { flagged: true, source: r.sources.states }),
    floods,
  ]);
}
