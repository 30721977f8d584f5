import type { SlaApplication, SlaClockRow, SlaReport, SlaTierRow } from '../../../shared/api/reports';
import type { Words } from '../../../shared/i18n/catalogue';
import { word } from '../../../shared/i18n/words';
import {
  type ColumnSpec,
  type ExportDocument,
  kpiTable,
  missed,
  monthHead,
  type Names,
  sourceText,
  table,
  verdictWords,
  type Writing,
} from '../tables';

type GroupRow = { group: string; preset: string; tier: SlaTierRow['tier'] };

/** Group, preset and tier: the first three columns of both SLA tables. */
function groupColumns(t: Words, names: Names): ColumnSpec<GroupRow>[] {
  return [
    ['reports.group', 'text', (x) => (x.group === '*' ? t('record.allGroups') : x.group)],
    ['record.sla.preset', 'text', (x) => names.preset(x.preset)],
    ['record.sla.tier', 'text', (x) => t(`reports.tier.${x.tier}`)],
  ];
}

const hours = (ms: number) => ms / 3_600_000;

export function slaDocument(r: SlaReport, { t, names }: Writing): ExportDocument {
  const source = (text: string | undefined) => sourceText(t, text);
  const tiers = table<SlaTierRow>(
    t,
    'reports.sla.tiers',
    [
      ...groupColumns(t, names),
      ['reports.sla.incidents', 'int', (x) => x.incidents],
      ['reports.sla.fixed', 'int', (x) => x.fixed],
      ['record.sla.resolutionRate', 'percent', (x) => x.resolutionRate],
      ['reports.sla.timely', 'int', (x) => x.timely],
      ['reports.sla.untimely', 'int', (x) => x.untimely],
      ['reports.sla.pending', 'int', (x) => x.pending],
      ['record.sla.timelinessRate', 'percent', (x) => x.timelinessRate],
      ['record.sla.response', 'minutes', (x) => x.responseMs],
      ['record.sla.dispatch', 'minutes', (x) => x.dispatchMs],
      ['record.sla.arrival', 'minutes', (x) => x.arrivalMs],
      ['record.sla.fix', 'minutes', (x) => x.fixMs],
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
      [
        'record.sla.limit',
        'text',
        (c) =>
          c.limitOtherMs === null
            ? hours(c.limitMs).toString()
            : `${hours(c.limitMs)} / ${hours(c.limitOtherMs)}`,
      ],
      ['reports.sla.met', 'int', (c) => c.met],
      ['reports.sla.breached', 'int', (c) => c.breached],
      ['reports.sla.running', 'int', (c) => c.running],
      ['reports.sla.notStarted', 'int', (c) => c.notStarted],
      ['record.sla.rate', 'percent', (c) => c.rate],
      ['record.sla.median', 'minutes', (c) => c.medianMs],
      ['record.sla.max', 'minutes', (c) => c.maxMs],
      ['record.sla.verdict', 'text', (c) => verdictWords(t, c.verdict)],
      ['reports.sla.basis', 'text', (c) => c.basis],
    ],
    r.clocks,
    { abnormal: (c) => missed(c.verdict), notes: [source(r.sources.clocks)] },
  );
  const workOrders = table<SlaReport['workOrders']>(
    t,
    'reports.sla.workOrders',
    [
      ['reports.sla.created', 'int', (w) => w.created],
      ['reports.sla.dispatched', 'int', (w) => w.dispatched],
      ['reports.sla.resolved', 'int', (w) => w.resolved],
      ['reports.sla.accepted', 'int', (w) => w.accepted],
      ['reports.sla.cancelled', 'int', (w) => w.cancelled],
      ['record.sla.resolutionRate', 'percent', (w) => w.resolutionRate],
    ],
    [r.workOrders],
    { notes: [source(r.sources.workOrders)] },
  );
  const applications = table<SlaApplication>(
    t,
    'reports.sla.applications',
    [
      ['record.sla.id', 'text', (a) => a.id],
      ['reports.sla.kind', 'text', (a) => word(t, 'record.application', a.kind)],
      ['reports.sla.reason', 'text', (a) => word(t, 'record.reason', a.reason)],
      ['reports.sla.state', 'text', (a) => word(t, 'record.applicationState', a.state)],
      ['reports.station', 'text', (a) => names.station(a.stationId)],
      ['record.sla.devices', 'int', (a) => a.devices],
      ['record.sla.applied', 'time', (a) => a.appliedAt],
      ['record.sla.decided', 'time', (a) => a.decidedAt],
      ['record.sla.excludedFrom', 'time', (a) => a.excludedFrom],
      ['record.sla.excludedTo', 'time', (a) => a.excludedTo],
    ],
    r.applications,
    { notes: [source(r.sources.applications)] },
  );
  return {
    ...monthHead(t, 'record.title.sla', 'sla', r.period),
    tables: [
      kpiTable(t, 'record.sla.kpis', r.kpis, 'record.slaKpi'),
      tiers,
      clocks,
      workOrders,
      applications,
    ],
  };
}
