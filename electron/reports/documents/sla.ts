import type {
  RulesSpan,
  SlaApplication,
  SlaClockRow,
  SlaGroup,
  SlaReport,
  SlaTierRow,
} from '../../../shared/api/reports';
import { formatInZone } from '../../../shared/handover/format';
import type { Words } from '../../../shared/i18n/catalogue';
import { word } from '../../../shared/i18n/words';
import {
  type ColumnSpec,
  type ExportDocument,
  kpiTable,
  missed,
  monthDocument,
  type Names,
  sourceText,
  table,
  verdictWords,
  type Writing,
} from '../tables';

/** Group, preset and tier: the first three columns of both SLA tables. */
function groupColumns(t: Words, names: Names): ColumnSpec<SlaGroup>[] {
  return [
    ['reports.group', 'text', (x) => (x.group === '*' ? t('record.allGroups') : x.group)],
    ['record.sla.preset', 'text', (x) => names.preset(x.preset)],
    ['record.sla.tier', 'text', (x) => t(`reports.tier.${x.tier}`)],
  ];
}

const hours = (ms: number) => ms / 3_600_000;

/** A clock's limit in hours; urban / elsewhere where the preset tells them apart. */
const limit = (c: SlaClockRow) =>
  c.limitOtherMs === null ? hours(c.limitMs).toString() : `${hours(c.limitMs)} / ${hours(c.limitOtherMs)}`;

/** A revision as the record names it: the first 12 hex digits of its hash, as git shortens a commit. */
const shortRevision = (revision: string) => revision.slice(0, 12);

/** The basis lines: which revisions and presets applied over which part of the month. */
function rulesLines(t: Words, names: Names, spans: readonly RulesSpan[], timeZone: string): string[] {
  const at = (ms: number) => formatInZone(ms, timeZone);
  return [
    t('record.rules'),
    ...spans.map((s) =>
      t('record.rules.span', {
        from: at(s.from),
        to: at(s.to),
        revisions: s.revisions.length
          ? s.revisions.map(shortRevision).join(', ')
          : t('record.rules.unjournalled'),
        presets: s.presets.map((p) => `${p.group}: ${names.preset(p.preset)}`).join('; '),
      }),
    ),
  ];
}

export function slaDocument(r: SlaReport, { t, names }: Writing): ExportDocument {
  const source = (text: string | undefined) => sourceText(t, text);
  const tiers = table<SlaTierRow>(
    t,
    'reports.sla.tiers',
    [
      ...groupColumns(t, names),
      ['reports.sla.incidents', 'int', 'incidents'],
      ['reports.sla.fixed', 'int', 'fixed'],
      ['record.sla.resolutionRate', 'percent', 'resolutionRate'],
      ['reports.sla.timely', 'int', 'timely'],
      ['reports.sla.untimely', 'int', 'untimely'],
      ['reports.sla.pending', 'int', 'pending'],
      ['record.sla.timelinessRate', 'percent', 'timelinessRate'],
      ['record.sla.response', 'minutes', 'responseMs'],
      ['record.sla.dispatch', 'minutes', 'dispatchMs'],
      ['record.sla.arrival', 'minutes', 'arrivalMs'],
      ['record.sla.fix', 'minutes', 'fixMs'],
    ],
    r.tiers,
    {
      abnormal: (x) => missed(x.verdict),
      notes: [source(r.sources.incidents), source(r.sources.response), source(r.sources.fix)],
    },
  );
  const clocks = table<SlaClockRow>(
    t,
    'record.sla.clocks',
    [
      ...groupColumns(t, names),
      ['reports.sla.clock', 'text', (c) => word(t, 'record.clock', c.clock)],
      ['record.sla.limit', 'text', limit],
      ['reports.sla.met', 'int', 'met'],
      ['reports.sla.breached', 'int', 'breached'],
      ['reports.sla.running', 'int', 'running'],
      ['reports.sla.notStarted', 'int', 'notStarted'],
      ['record.sla.rate', 'percent', 'rate'],
      ['record.sla.median', 'minutes', 'medianMs'],
      ['record.sla.max', 'minutes', 'maxMs'],
      ['record.sla.verdict', 'text', (c) => verdictWords(t, c.verdict)],
      ['reports.sla.basis', 'text', 'basis'],
    ],
    r.clocks,
    { abnormal: (c) => missed(c.verdict), notes: [source(r.sources.clocks)] },
  );
  const workOrders = table<SlaReport['workOrders']>(
    t,
    'reports.sla.workOrders',
    [
      ['reports.sla.created', 'int', 'created'],
      ['reports.sla.dispatched', 'int', 'dispatched'],
      ['reports.sla.resolved', 'int', 'resolved'],
      ['reports.sla.accepted', 'int', 'accepted'],
      ['reports.sla.cancelled', 'int', 'cancelled'],
      ['record.sla.resolutionRate', 'percent', 'resolutionRate'],
    ],
    [r.workOrders],
    { notes: [source(r.sources.workOrders)] },
  );
  const applications = table<SlaApplication>(
    t,
    'reports.sla.applications',
    [
      ['record.sla.id', 'text', 'id'],
      ['reports.sla.kind', 'text', (a) => word(t, 'record.application', a.kind)],
      ['reports.sla.reason', 'text', (a) => word(t, 'record.reason', a.reason)],
      ['reports.sla.state', 'text', (a) => word(t, 'record.applicationState', a.state)],
      ['reports.station', 'text', (a) => names.station(a.stationId)],
      ['record.sla.devices', 'int', 'devices'],
      ['record.sla.applied', 'time', 'appliedAt'],
      ['record.sla.decided', 'time', 'decidedAt'],
      ['record.sla.excludedFrom', 'time', 'excludedFrom'],
      ['record.sla.excludedTo', 'time', 'excludedTo'],
    ],
    r.applications,
    { notes: [source(r.sources.applications)] },
  );
  const kpis = kpiTable(t, 'record.sla.kpis', r.kpis, 'record.slaKpi');
  const doc = monthDocument(t, 'record.title.sla', 'sla', r.period, [
    kpis,
    tiers,
    clocks,
    workOrders,
    applications,
  ]);
  return { ...doc, lines: [...doc.lines, ...rulesLines(t, names, r.rules, r.period.timeZone)] };
}
