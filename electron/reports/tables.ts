import type {
  AlarmKpiReport,
  AvailabilityReport,
  Kpi,
  MonthlyReport,
  ReportPeriod,
  ShiftReport,
  SlaReport,
  Verdict,
} from '../../shared/api/reports';
import { formatInZone } from '../../shared/handover/format';
import type { ReportLabels } from './labels';

/**
 * Reports as plain tables, the one shape the CSV, XLSX and PDF writers
 * take. Cells hold raw values (fractions, milliseconds, epoch ms); the
 * column kind says how each writer shows them.
 */
/** `number`: whole numbers as they are, others to two decimals (mixed rows such as KPI tables). */
export type CellKind = 'text' | 'int' | 'num2' | 'number' | 'percent' | 'hours' | 'minutes' | 'time';
export type Cell = string | number | null;
export type Column = { label: string; kind: CellKind };
export type Row = { cells: Cell[]; abnormal?: boolean };
export type ExportTable = { title: string; sheet: string; columns: Column[]; rows: Row[]; notes: string[] };
export type ExportDocument = {
  title: string;
  fileStem: string;
  lines: string[];
  timeZone: string;
  tables: ExportTable[];
};

export type Names = { station(id: string): string; device(id: string | null): string };

const col = (label: string, kind: CellKind = 'text'): Column => ({ label, kind });
const missed = (v: Verdict) => v === 'missed';

function periodLines(p: ReportPeriod, L: ReportLabels): string[] {
  const at = (t: number) => formatInZone(t, p.timeZone);
  return [
    `${L.period}: ${p.month} (${at(p.from)} – ${at(p.to)}, ${L.timeZone} ${p.timeZone})`,
    `${L.observed}: ${at(p.observedFrom)} – ${at(p.observedTo)}`,
    `${L.generated}: ${at(p.generatedAt)}`,
  ];
}

/** A KPI's value in the unit a table shows it in. */
function kpiCell(k: Kpi): { value: Cell; kind: CellKind } {
  switch (k.unit) {
    case 'share':
      return { value: k.value, kind: 'percent' };
    case 'ms':
      return { value: k.value, kind: 'hours' };
    case 'count':
      return { value: k.value, kind: 'int' };
    default:
      return { value: k.value, kind: 'num2' };
  }
}

function targetText(k: Kpi): string {
  const t = k.target;
  if (!t) return '';
  const show = (v: number) => (k.unit === 'share' ? `${(v * 100).toFixed(0)} %` : String(v));
  const sign = t.kind === 'max' ? '≤' : '≥';
  return t.near === null ? `${sign} ${show(t.value)}` : `${sign} ${show(t.value)} (${show(t.near)})`;
}

/** KPI rows share one layout: name, value, target, verdict, basis, source. */
function kpiTable(
  title: string,
  sheet: string,
  kpis: readonly Kpi[],
  names: Record<string, string>,
  L: ReportLabels,
) {
  const A = L.alarm;
  return {
    title,
    sheet,
    columns: [
      col(A.indicator),
      col(A.value, 'num2'),
      col(A.target),
      col(A.verdict),
      col(A.basis),
      col(L.sources),
    ],
    rows: kpis.map((k) => {
      const { value, kind } = kpiCell(k);
      const shown =
        typeof value !== 'number'
          ? value
          : kind === 'percent'
            ? value * 100
            : kind === 'hours'
              ? value / 3_600_000
              : value;
      return {
        cells: [
          names[k.id] ?? k.id,
          shown,
          targetText(k),
          L.verdict[k.verdict],
          k.target?.basis ?? '',
          k.source,
        ],
        abnormal: missed(k.verdict),
      };
    }),
    notes: [],
  } satisfies ExportTable;
}

export function monthlyDocument(r: MonthlyReport, L: ReportLabels, names: Names): ExportDocument {
  const M = L.monthly;
  const S = L.seedTable;
  const t = r.totals;
  const system = r.system.map((k) => `${L.system[k.id] ?? k.id} ${k.value ?? ''}`).join('；');
  const seed: ExportTable = {
    title: S.title,
    sheet: L.title.monthly.slice(0, 28),
    columns: S.columns.map((c) => col(c)),
    rows: [
      [S.charger, S.frequency, String(t.sessions), S.times, S.month, r.sources.sessions ?? ''],
      [S.charger, S.energy, t.energyKwh.toFixed(2), S.kwh, S.month, r.sources.energyMeter ?? ''],
      [S.charger, S.faults, String(t.faults), S.times, S.month, r.sources.faults ?? ''],
      [S.pv, S.generation, t.generationKwh.toFixed(2), S.kwh, S.month, r.sources.generation ?? ''],
      [
        S.pv,
        S.status,
        S.statusValue(t.pvSystems - t.pvAbnormal, t.pvAbnormal),
        S.normalAbnormal,
        S.month,
        r.sources.pvStatus ?? '',
      ],
      [S.system, S.indicators, system, S.custom, S.month, 'journal'],
    ].map((cells) => ({ cells })),
    notes: [],
  };
  const chargers: ExportTable = {
    title: M.chargers,
    sheet: M.chargers,
    columns: [
      col(M.station),
      col(M.charger),
      col(M.kind),
      col(M.sessions, 'int'),
      col(M.energy, 'num2'),
      col(M.energySource),
      col(M.sessionEnergy, 'num2'),
      col(M.faults, 'int'),
      col(M.workOrders, 'int'),
      col(M.availability, 'percent'),
    ],
    rows: r.chargers.map((c) => ({
      cells: [
        names.station(c.stationId),
        `${c.name} (${c.deviceId})`,
        L.kind[c.kind] ?? c.kind,
        c.sessions,
        c.energyKwh,
        L.energySource[c.energySource],
        c.sessionEnergyKwh,
        c.faults,
        c.workOrders,
        c.availability,
      ],
    })),
    notes: [
      `${M.sessions}: ${r.sources.sessions}`,
      `${M.energy}: ${r.sources.energyMeter}; ${r.sources.energySessions}`,
      `${M.faults}: ${r.sources.faults}`,
      `${M.workOrders}: ${r.sources.workOrders}`,
      `${M.availability}: ${r.sources.availability}`,
    ],
  };
  chargers.rows.push({
    cells: [M.total, '', '', t.sessions, t.energyKwh, '', t.sessionEnergyKwh, t.faults, t.workOrders, null],
  });
  const pv: ExportTable = {
    title: M.pv,
    sheet: M.pv,
    columns: [
      col(M.station),
      col(M.device),
      col(M.generation, 'num2'),
      col(M.status),
      col(M.faults, 'int'),
      col(M.abnormalHours, 'hours'),
    ],
    rows: r.pv.map((p) => ({
      cells: [
        names.station(p.stationId),
        `${p.name} (${p.deviceId})`,
        p.generationKwh,
        L.pvStatus[p.status],
        p.faults,
        p.abnormalMs,
      ],
      abnormal: p.status === 'abnormal',
    })),
    notes: [`${M.generation}: ${r.sources.generation}`, `${M.status}: ${r.sources.pvStatus}`],
  };
  const stations: ExportTable = {
    title: M.stations,
    sheet: M.stations,
    columns: [
      col(M.station),
      col(M.group),
      col(M.chargerCount, 'int'),
      col(M.sessions, 'int'),
      col(M.energy, 'num2'),
      col(M.generation, 'num2'),
      col(M.faults, 'int'),
      col(M.availability, 'percent'),
    ],
    rows: r.stations.map((s) => ({
      cells: [
        s.name,
        s.group,
        s.chargers,
        s.sessions,
        s.energyKwh,
        s.generationKwh,
        s.faults,
        s.availability,
      ],
    })),
    notes: [],
  };
  const systemTable: ExportTable = {
    title: M.system,
    sheet: M.system.slice(0, 28),
    columns: [col(M.indicator), col(M.value, 'int'), col(L.sources)],
    rows: r.system.map((k) => ({ cells: [L.system[k.id] ?? k.id, k.value, k.source] })),
    notes: [],
  };
  return {
    title: L.title.monthly,
    fileStem: `monthly-${r.period.month}`,
    lines: periodLines(r.period, L),
    timeZone: r.period.timeZone,
    tables: [seed, chargers, pv, stations, systemTable],
  };
}

export function slaDocument(r: SlaReport, L: ReportLabels, names: Names): ExportDocument {
  const S = L.sla;
  const group = (g: string) => (g === '*' ? L.allGroups : g);
  const tiers: ExportTable = {
    title: S.tiers,
    sheet: S.tiers.slice(0, 28),
    columns: [
      col(S.group),
      col(S.preset),
      col(S.tier),
      col(S.incidents, 'int'),
      col(S.fixed, 'int'),
      col(S.resolutionRate, 'percent'),
      col(S.timely, 'int'),
      col(S.untimely, 'int'),
      col(S.pending, 'int'),
      col(S.timelinessRate, 'percent'),
      col(S.response, 'minutes'),
      col(S.dispatch, 'minutes'),
      col(S.arrival, 'minutes'),
      col(S.fix, 'minutes'),
    ],
    rows: r.tiers.map((t) => ({
      cells: [
        group(t.group),
        t.preset,
        L.tier[t.tier],
        t.incidents,
        t.fixed,
        t.resolutionRate,
        t.timely,
        t.untimely,
        t.pending,
        t.timelinessRate,
        t.responseMs,
        t.dispatchMs,
        t.arrivalMs,
        t.fixMs,
      ],
      abnormal: missed(t.verdict),
    })),
    notes: [r.sources.incidents ?? '', r.sources.response ?? '', r.sources.fix ?? ''],
  };
  const clocks: ExportTable = {
    title: S.clocks,
    sheet: S.clocks.slice(0, 28),
    columns: [
      col(S.group),
      col(S.preset),
      col(S.tier),
      col(S.clock),
      col(S.limit),
      col(S.met, 'int'),
      col(S.breached, 'int'),
      col(S.running, 'int'),
      col(S.notStarted, 'int'),
      col(S.rate, 'percent'),
      col(S.median, 'minutes'),
      col(S.max, 'minutes'),
      col(S.verdict),
      col(S.basis),
    ],
    rows: r.clocks.map((c) => ({
      cells: [
        group(c.group),
        c.preset,
        L.tier[c.tier],
        L.clock[c.clock] ?? c.clock,
        c.limitOtherMs === null
          ? (c.limitMs / 3_600_000).toString()
          : `${c.limitMs / 3_600_000} / ${c.limitOtherMs / 3_600_000}`,
        c.met,
        c.breached,
        c.running,
        c.notStarted,
        c.rate,
        c.medianMs,
        c.maxMs,
        L.verdict[c.verdict],
        c.basis,
      ],
      abnormal: missed(c.verdict),
    })),
    notes: [r.sources.clocks ?? ''],
  };
  const w = r.workOrders;
  const workOrders: ExportTable = {
    title: S.workOrders,
    sheet: S.workOrders.slice(0, 28),
    columns: [
      col(S.created, 'int'),
      col(S.dispatched, 'int'),
      col(S.resolved, 'int'),
      col(S.accepted, 'int'),
      col(S.cancelled, 'int'),
      col(S.resolutionRate, 'percent'),
    ],
    rows: [{ cells: [w.created, w.dispatched, w.resolved, w.accepted, w.cancelled, w.resolutionRate] }],
    notes: [r.sources.workOrders ?? ''],
  };
  const applications: ExportTable = {
    title: S.applications,
    sheet: S.applications.slice(0, 28),
    columns: [
      col(S.id),
      col(S.kind),
      col(S.reason),
      col(S.state),
      col(L.monthly.station),
      col(S.devices, 'int'),
      col(S.applied, 'time'),
      col(S.decided, 'time'),
      col(`${S.excluded} ↦`, 'time'),
      col(`↤ ${S.excluded}`, 'time'),
    ],
    rows: r.applications.map((a) => ({
      cells: [
        a.id,
        L.application[a.kind],
        L.reason[a.reason],
        L.applicationState[a.state],
        names.station(a.stationId),
        a.devices,
        a.appliedAt,
        a.decidedAt,
        a.excludedFrom,
        a.excludedTo,
      ],
    })),
    notes: [r.sources.applications ?? ''],
  };
  return {
    title: L.title.sla,
    fileStem: `sla-${r.period.month}`,
    lines: periodLines(r.period, L),
    timeZone: r.period.timeZone,
    tables: [kpiTable(S.kpis, S.kpis, r.kpis, L.slaKpi, L), tiers, clocks, workOrders, applications],
  };
}

export function availabilityDocument(r: AvailabilityReport, L: ReportLabels, names: Names): ExportDocument {
  const A = L.availability;
  const stations: ExportTable = {
    title: A.stations,
    sheet: A.stations,
    columns: [
      col(A.station),
      col(A.group),
      col(A.chargers, 'int'),
      col(A.counted, 'hours'),
      col(A.down, 'hours'),
      col(A.excluded, 'hours'),
      col(A.availability, 'percent'),
    ],
    rows: [
      ...r.stations.map((s) => ({
        cells: [s.name, s.group, s.chargers, s.countedMs, s.downMs, s.excludedMs, s.availability],
      })),
      { cells: [A.fleet, '', r.devices.length, null, null, null, r.fleet.value] },
    ],
    notes: [...A.rule, `${L.sources}: ${r.sources.availability}`],
  };
  const devices: ExportTable = {
    title: A.devices,
    sheet: A.devices.slice(0, 28),
    columns: [
      col(A.station),
      col(A.device),
      col(A.counted, 'hours'),
      col(A.down, 'hours'),
      col(A.fault, 'hours'),
      col(A.comms, 'hours'),
      col(A.excluded, 'hours'),
      col(A.availability, 'percent'),
      col(A.guns),
    ],
    rows: r.devices.map((d) => ({
      cells: [
        names.station(d.stationId),
        `${d.name} (${d.deviceId})`,
        d.countedMs,
        d.downMs,
        d.faultMs,
        d.commsMs,
        d.excludedMs,
        d.availability,
        d.guns
          .map(
            (g) =>
              `${A.gun(g.gun)} ${g.availability === null ? '—' : `${(g.availability * 100).toFixed(2)} %`}`,
          )
          .join(' · '),
      ],
    })),
    notes: [],
  };
  return {
    title: L.title.availability,
    fileStem: `availability-${r.period.month}`,
    lines: periodLines(r.period, L),
    timeZone: r.period.timeZone,
    tables: [stations, devices],
  };
}

export function alarmKpiDocument(r: AlarmKpiReport, L: ReportLabels, names: Names): ExportDocument {
  const A = L.alarm;
  const where = (x: { deviceId: string | null; stationId: string }) =>
    x.deviceId ? `${names.device(x.deviceId)} · ${names.station(x.stationId)}` : names.station(x.stationId);
  const top: ExportTable = {
    title: A.top,
    sheet: A.top.slice(0, 28),
    columns: [col(A.alarm), col(A.cause), col(A.device), col(A.count, 'int'), col(A.share, 'percent')],
    rows: r.top.map((t) => ({ cells: [t.alarmId, t.cause, where(t), t.count, t.share] })),
    notes: [r.sources.annunciations ?? ''],
  };
  const priorities: ExportTable = {
    title: A.priorities,
    sheet: A.priorities.slice(0, 28),
    columns: [
      col(A.priority),
      col(A.count, 'int'),
      col(A.share, 'percent'),
      col(A.target, 'percent'),
      col(A.verdict),
    ],
    rows: r.priorities.map((p) => ({
      cells: [L.priority[p.priority], p.count, p.share, p.target, L.verdict[p.verdict]],
      abnormal: missed(p.verdict),
    })),
    notes: [r.sources.priority ?? ''],
  };
  const chattering: ExportTable = {
    title: A.chattering,
    sheet: A.chattering.slice(0, 28),
    columns: [col(A.alarm), col(A.cause), col(A.device), col(A.activations, 'int'), col(A.bursts, 'int')],
    rows: r.chattering.map((c) => ({
      cells: [c.alarmId, c.cause, where(c), c.activations, c.bursts],
      abnormal: true,
    })),
    notes: [r.sources.activations ?? ''],
  };
  const stale: ExportTable = {
    title: A.stale,
    sheet: A.stale.slice(0, 28),
    columns: [col(A.alarm), col(A.cause), col(A.device), col(A.since, 'time'), col(A.hours, 'hours')],
    rows: r.stale.map((s) => ({
      cells: [s.alarmId, s.cause, where(s), s.activeSince, s.activeMs],
      abnormal: true,
    })),
    notes: [r.sources.states ?? ''],
  };
  const floods: ExportTable = {
    title: A.floods,
    sheet: A.floods.slice(0, 28),
    columns: [col(A.start, 'time'), col(A.end, 'time'), col(A.alarms, 'int')],
    rows: r.floods.map((f) => ({ cells: [f.startMs, f.endMs, f.alarms], abnormal: true })),
    notes: [],
  };
  return {
    title: L.title.alarmKpi,
    fileStem: `alarm-kpi-${r.period.month}`,
    lines: periodLines(r.period, L),
    timeZone: r.period.timeZone,
    tables: [kpiTable(A.kpis, A.kpis, r.kpis, A.names, L), top, priorities, chattering, stale, floods],
  };
}

export function shiftDocument(r: ShiftReport, L: ReportLabels, names: Names): ExportDocument {
  const S = L.shift;
  const at = (t: number) => formatInZone(t, r.shift.timeZone);
  const counts: ExportTable = {
    title: S.counts,
    sheet: S.counts,
    columns: [col(S.indicator), col(S.value, 'number'), col(L.sources)],
    rows: r.counts.map((k) => ({ cells: [S.names[k.id] ?? k.id, k.value, k.source] })),
    notes: [],
  };
  const byTier: ExportTable = {
    title: S.byTier,
    sheet: S.byTier.slice(0, 28),
    columns: [col(L.sla.tier), col(L.alarm.count, 'int')],
    rows: r.alarmsByTier.map((t) => ({ cells: [L.tier[t.tier], t.count] })),
    notes: [],
  };
  const top: ExportTable = {
    title: S.top,
    sheet: S.top.slice(0, 28),
    columns: [col(L.alarm.alarm), col(L.alarm.cause), col(L.alarm.device), col(L.alarm.count, 'int')],
    rows: r.top.map((t) => ({
      cells: [
        t.alarmId,
        t.cause,
        t.deviceId ? names.device(t.deviceId) : names.station(t.stationId),
        t.count,
      ],
    })),
    notes: [],
  };
  const h = r.handover;
  const handover: ExportTable = {
    title: S.handover,
    sheet: S.handover,
    columns: [col(S.state), col(S.signedBy), col(S.acceptedBy), col(S.notes, 'int'), col(S.checks, 'int')],
    rows: [
      {
        cells: [S.handoverState[h.state], h.signedBy ?? L.none, h.acceptedBy ?? L.none, h.notes, h.checks],
        abnormal: h.state !== 'accepted' && r.shift.endsAt <= r.generatedAt,
      },
    ],
    notes: [],
  };
  const events: ExportTable = {
    title: S.events,
    sheet: S.events.slice(0, 28),
    columns: [col(S.time, 'time'), col(S.type), col(S.subject), col(S.by), col(S.summary)],
    rows: r.events.map((e) => ({ cells: [e.ts, e.type, e.subject, e.by, e.summary] })),
    notes: r.more ? [S.more(r.events.length)] : [],
  };
  return {
    title: L.title.shift,
    fileStem: `shift-${r.shift.id.replace('@', '-').replace(':', '')}`,
    lines: [
      `${L.shiftLabel}: ${at(r.shift.startsAt)} – ${at(r.shift.endsAt)} (${r.shift.id}, ${L.timeZone} ${r.shift.timeZone})`,
      `${L.generated}: ${at(r.generatedAt)}`,
    ],
    timeZone: r.shift.timeZone,
    tables: [counts, byTier, top, handover, events],
  };
}
