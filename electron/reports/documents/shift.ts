import type { ShiftEvent, ShiftReport } from '../../../shared/api/reports';
import { formatInZone } from '../../../shared/handover/format';
import { causeWords, word } from '../../../shared/i18n/words';
import { countTable, type ExportDocument, table, type Writing } from '../tables';

export function shiftDocument(r: ShiftReport, { t, names }: Writing): ExportDocument {
  const at = (ms: number) => formatInZone(ms, r.shift.timeZone);
  const counts = countTable(
    t,
    'reports.shift.counts',
    { name: 'record.shift.indicator', value: 'record.shift.value', kind: 'number' },
    r.counts,
    ['record.shiftKpi', 'reports.shiftKpi'],
  );
  const byTier = table(
    t,
    'record.shift.byTier',
    [
      ['record.sla.tier', 'text', (x) => t(`reports.tier.${x.tier}`)],
      ['reports.alarm.count', 'int', 'count'],
    ],
    r.alarmsByTier,
  );
  const top = table(
    t,
    'record.shift.top',
    [
      ['reports.alarm.alarm', 'text', 'alarmId'],
      ['record.alarm.cause', 'text', (a) => causeWords(a.cause, t)],
      [
        'record.alarm.device',
        'text',
        (a) => (a.deviceId ? names.device(a.deviceId) : names.station(a.stationId)),
      ],
      ['reports.alarm.count', 'int', 'count'],
    ],
    r.top,
  );
  const h = r.handover;
  const handover = table(
    t,
    'reports.shift.handover',
    [
      ['record.shift.state', 'text', () => t(`reports.handover.${h.state}`)],
      ['record.shift.signedBy', 'text', () => h.signedBy ?? t('reports.none')],
      ['record.shift.acceptedBy', 'text', () => h.acceptedBy ?? t('reports.none')],
      ['record.shift.notes', 'int', () => h.notes],
      ['record.shift.checks', 'int', () => h.checks],
    ],
    [h],
    { abnormal: () => h.state !== 'accepted' && r.shift.endsAt <= r.generatedAt },
  );
  const events = table<ShiftEvent>(
    t,
    'reports.shift.events',
    [
      ['reports.shift.time', 'time', 'ts'],
      ['reports.shift.type', 'text', (e) => word(t, 'journal', e.type)],
      ['reports.shift.subject', 'text', 'subject'],
      ['reports.shift.by', 'text', 'by'],
      ['reports.shift.summary', 'text', 'summary'],
    ],
    r.events,
    { notes: r.more ? [t('record.shift.more', { n: r.events.length })] : [] },
  );
  return {
    title: t('record.title.shift'),
    fileStem: `shift-${r.shift.id.replace('@', '-').replace(':', '')}`,
    lines: [
      `${t('reports.section.shift')}: ${at(r.shift.startsAt)} – ${at(r.shift.endsAt)} (${r.shift.id}, ${t('record.timeZone')} ${r.shift.timeZone})`,
      `${t('record.generated')}: ${at(r.generatedAt)}`,
    ],
    timeZone: r.shift.timeZone,
    tables: [counts, byTier, top, handover, events],
  };
}
