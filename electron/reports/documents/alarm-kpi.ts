import type { AlarmKpiReport } from '../../../shared/api/reports';
import { causeWords, word } from '../../../shared/i18n/words';
import {
  alarmPlace,
  type ColumnSpec,
  type ExportDocument,
  kpiTable,
  missed,
  monthHead,
  sourceText,
  table,
  verdictWords,
  type Writing,
} from '../tables';

type AlarmRow = AlarmKpiReport['top'][number];

export function alarmKpiDocument(r: AlarmKpiReport, { t, names }: Writing): ExportDocument {
  const source = (text: string | undefined) => sourceText(t, text);
  /** Which alarm, its cause in words and where it is: how every list of alarms starts. */
  const alarm: ColumnSpec<Omit<AlarmRow, 'count' | 'share'>>[] = [
    ['reports.alarm.alarm', 'text', (a) => a.alarmId],
    ['record.alarm.cause', 'text', (a) => causeWords(a.cause, t)],
    ['record.alarm.device', 'text', (a) => alarmPlace(names, a)],
  ];
  const top = table<AlarmRow>(
    t,
    'reports.alarm.top',
    [
      ...alarm,
      ['reports.alarm.count', 'int', (a) => a.count],
      ['record.alarm.share', 'percent', (a) => a.share],
    ],
    r.top,
    { notes: [source(r.sources.annunciations)] },
  );
  const priorities = table<AlarmKpiReport['priorities'][number]>(
    t,
    'record.alarm.priorities',
    [
      ['record.alarm.priority', 'text', (p) => word(t, 'record.priority', p.priority)],
      ['reports.alarm.count', 'int', (p) => p.count],
      ['record.alarm.share', 'percent', (p) => p.share],
      ['record.alarm.target', 'percent', (p) => p.target],
      ['record.alarm.verdict', 'text', (p) => verdictWords(t, p.verdict)],
    ],
    r.priorities,
    { abnormal: (p) => missed(p.verdict), notes: [source(r.sources.priority)] },
  );
  const chattering = table<AlarmKpiReport['chattering'][number]>(
    t,
    'reports.alarm.chattering',
    [
      ...alarm,
      ['record.alarm.activations', 'int', (c) => c.activations],
      ['record.alarm.bursts', 'int', (c) => c.bursts],
    ],
    r.chattering,
    { abnormal: () => true, notes: [source(r.sources.activations)] },
  );
  const stale = table<AlarmKpiReport['stale'][number]>(
    t,
    'record.alarm.stale',
    [
      ...alarm,
      ['record.alarm.since', 'time', (s) => s.activeSince],
      ['record.alarm.hours', 'hours', (s) => s.activeMs],
    ],
    r.stale,
    { abnormal: () => true, notes: [source(r.sources.states)] },
  );
  const floods = table<AlarmKpiReport['floods'][number]>(
    t,
    'record.alarm.floods',
    [
      ['record.alarm.start', 'time', (f) => f.startMs],
      ['record.alarm.end', 'time', (f) => f.endMs],
      ['record.alarm.alarms', 'int', (f) => f.alarms],
    ],
    r.floods,
    { abnormal: () => true },
  );
  return {
    ...monthHead(t, 'record.title.alarmKpi', 'alarm-kpi', r.period),
    tables: [
      kpiTable(t, 'record.alarm.kpis', r.kpis, 'record.alarmKpi'),
      top,
      priorities,
      chattering,
      stale,
      floods,
    ],
  };
}
