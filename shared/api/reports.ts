import { z } from 'zod';
import { Shift, ShiftId } from '../handover/schedule';
import { Tier } from '../triage/tiers';
import { MonthlyWarnings } from '../warning/monthly';
import { ApplicationKind, ApplicationReason, ApplicationState } from '../workorder/application';
import type { MethodSpec } from './method';
import { DeviceKind, Id } from './model';

/** A calendar month in the desk's shift time zone, `2026-11`. */
export const ReportMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');
export type ReportMonth = z.infer<typeof ReportMonth>;

export const ReportPeriod = z.object({
  month: ReportMonth,
  timeZone: z.string(),
  /** Start of the month and start of the next, epoch ms. */
  from: z.number(),
  to: z.number(),
  /**
   * The part of the month the desk has records for: from its first journal
   * event (or the month's start) until now (or the month's end). Rates,
   * shares of time and availability are taken over this span.
   */
  observedFrom: z.number(),
  observedTo: z.number(),
  generatedAt: z.number(),
});
export type ReportPeriod = z.infer<typeof ReportPeriod>;

/** met / near (EEMUA "manageable") / missed; none where no target applies. */
export const Verdict = z.enum(['met', 'near', 'missed', 'none']);
export type Verdict = z.infer<typeof Verdict>;

export const KpiTarget = z.object({
  /** `max`: at most `value` meets the target; `min`: at least. */
  kind: z.enum(['max', 'min']),
  value: z.number(),
  /** A softer bound: past `value` but within `near` is `near`. */
  near: z.number().nullable(),
  /** Where the number comes from (standard or seed). */
  basis: z.string(),
});
export type KpiTarget = z.infer<typeof KpiTarget>;

/**
 * One figure with its unit, its target if one applies, and where it comes
 * from. Units: count, per-hour, per-10min, share (0…1), ms, kWh.
 */
export const Kpi = z.object({
  id: z.string(),
  value: z.number().nullable(),
  unit: z.enum(['count', 'per-hour', 'per-10min', 'share', 'ms', 'kWh']),
  target: KpiTarget.nullable(),
  verdict: Verdict,
  source: z.string(),
});
export type Kpi = z.infer<typeof Kpi>;

/** Figure key → where that column's figures come from. */
const Sources = z.record(z.string(), z.string());

/** Where a charger's energy figure came from: its meter's lifetime counter, or the recorded sessions. */
export const EnergySource = z.enum(['meter', 'sessions', 'none']);
export type EnergySource = z.infer<typeof EnergySource>;

/** Which device a per-device report row is about; every such table starts with it. */
export const ReportDevice = z.object({ deviceId: Id, stationId: Id, name: z.string() });
export type ReportDevice = z.infer<typeof ReportDevice>;

/** Which station a per-station report row is about, with how many chargers it has (the STATION_COLUMNS of the exports). */
export const ReportStation = z.object({
  stationId: Id,
  name: z.string(),
  nameEn: z.string().nullable(),
  group: z.string(),
  chargers: z.number().int(),
});
export type ReportStation = z.infer<typeof ReportStation>;

export const ChargerMonth = ReportDevice.extend({
  kind: DeviceKind,
  guns: z.number().int(),
  sessions: z.number().int(),
  /** Of the sessions, those found at start from the meter: ended while the desk was stopped. */
  reconstructedSessions: z.number().int(),
  energyKwh: z.number().nullable(),
  energySource: EnergySource,
  /** Sum of the session energies the desk recorded: a cross-check of the meter. */
  sessionEnergyKwh: z.number(),
  faults: z.number().int(),
  /** Work orders opened on it (故障报修记录). */
  workOrders: z.number().int(),
  availability: z.number().nullable(),
});
export type ChargerMonth = z.infer<typeof ChargerMonth>;

export const PvMonth = ReportDevice.extend({
  generationKwh: z.number().nullable(),
  status: z.enum(['normal', 'abnormal']),
  faults: z.number().int(),
  /** Time in fault or without comms during the month. */
  abnormalMs: z.number(),
});
export type PvMonth = z.infer<typeof PvMonth>;

export const StationMonth = ReportStation.extend({
  sessions: z.number().int(),
  energyKwh: z.number(),
  generationKwh: z.number(),
  faults: z.number().int(),
  availability: z.number().nullable(),
});
export type StationMonth = z.infer<typeof StationMonth>;

/** Seed 000 运营数据报表: per charger and PV system, with the data source of every figure. */
export const MonthlyReport = z.object({
  period: ReportPeriod,
  stations: z.array(StationMonth),
  chargers: z.array(ChargerMonth),
  pv: z.array(PvMonth),
  totals: z.object({
    chargers: z.number().int(),
    sessions: z.number().int(),
    reconstructedSessions: z.number().int(),
    energyKwh: z.number(),
    sessionEnergyKwh: z.number(),
    faults: z.number().int(),
    workOrders: z.number().int(),
    pvSystems: z.number().int(),
    generationKwh: z.number(),
    pvAbnormal: z.number().int(),
  }),
  /** 智慧管理系统运行指标: what the desk itself recorded. */
  system: z.array(Kpi),
  sources: Sources,
  /** Early warnings raised in the month: acted on, confirmed by a later fault at the device, dismissed (issue 19). */
  warnings: MonthlyWarnings,
});
export type MonthlyReport = z.infer<typeof MonthlyReport>;

/** What an SLA row is about: a station group (or `*` for all groups together), the preset its stations run on, a tier. */
export const SlaGroup = z.object({ group: z.string(), preset: z.string(), tier: Tier });
export type SlaGroup = z.infer<typeof SlaGroup>;

export const SlaTierRow = SlaGroup.extend({
  incidents: z.number().int(),
  fixed: z.number().int(),
  resolutionRate: z.number().nullable(),
  /** Incidents whose every commitment clock was met; untimely: at least one breached. */
  timely: z.number().int(),
  untimely: z.number().int(),
  pending: z.number().int(),
  timelinessRate: z.number().nullable(),
  /** Medians from the raise: first acknowledgement, dispatch, check-in on site, fixed. */
  responseMs: z.number().nullable(),
  dispatchMs: z.number().nullable(),
  arrivalMs: z.number().nullable(),
  fixMs: z.number().nullable(),
  verdict: Verdict,
});
export type SlaTierRow = z.infer<typeof SlaTierRow>;

/** One commitment clock of a preset, over the incidents of one group and tier. */
export const SlaClockRow = SlaGroup.extend({
  clock: z.string(),
  /** The limit; where it depends on the place, `limitMs` is urban and `limitOtherMs` elsewhere. */
  limitMs: z.number(),
  limitOtherMs: z.number().nullable(),
  onBreach: z.enum(['escalate', 'prompt-outage']),
  basis: z.string(),
  met: z.number().int(),
  breached: z.number().int(),
  running: z.number().int(),
  notStarted: z.number().int(),
  /** From the clock's start to its stop, over the clocks that stopped. */
  medianMs: z.number().nullable(),
  maxMs: z.number().nullable(),
  rate: z.number().nullable(),
  verdict: Verdict,
});
export type SlaClockRow = z.infer<typeof SlaClockRow>;

export const SlaApplication = z.object({
  id: z.string(),
  kind: ApplicationKind,
  reason: ApplicationReason,
  state: ApplicationState,
  stationId: z.string(),
  devices: z.number().int(),
  appliedAt: z.number(),
  decidedAt: z.number().nullable(),
  /** The span it takes out of availability (approved ones only), within the month. */
  excludedFrom: z.number().nullable(),
  excludedTo: z.number().nullable(),
});
export type SlaApplication = z.infer<typeof SlaApplication>;

/**
 * A stretch of the period over which the same SLA presets applied: the
 * journalled configuration revisions (content hashes) in force over it,
 * none when the journal has no revision yet, and each group's preset.
 */
export const RulesSpan = z.object({
  revisions: z.array(z.string()),
  from: z.number(),
  to: z.number(),
  presets: z.array(z.object({ group: z.string(), preset: z.string() })),
});
export type RulesSpan = z.infer<typeof RulesSpan>;

export const SlaReport = z.object({
  period: ReportPeriod,
  /** The rules each incident was judged by: those in force when it was raised. */
  rules: z.array(RulesSpan),
  tiers: z.array(SlaTierRow),
  clocks: z.array(SlaClockRow),
  workOrders: z.object({
    created: z.number().int(),
    dispatched: z.number().int(),
    resolved: z.number().int(),
    accepted: z.number().int(),
    cancelled: z.number().int(),
    resolutionRate: z.number().nullable(),
  }),
  applications: z.array(SlaApplication),
  kpis: z.array(Kpi),
  sources: Sources,
});
export type SlaReport = z.infer<typeof SlaReport>;

export const GunAvailability = z.object({
  gun: z.number().int(),
  countedMs: z.number(),
  downMs: z.number(),
  availability: z.number().nullable(),
});

export const DeviceAvailability = ReportDevice.extend({
  kind: DeviceKind,
  /** Gun-time counted and lost, summed over the guns. */
  countedMs: z.number(),
  downMs: z.number(),
  /** Of the device itself (not per gun): time in fault, without comms, and excluded. */
  faultMs: z.number(),
  commsMs: z.number(),
  excludedMs: z.number(),
  availability: z.number().nullable(),
  guns: z.array(GunAvailability),
});
export type DeviceAvailability = z.infer<typeof DeviceAvailability>;

export const StationAvailability = ReportStation.extend({
  countedMs: z.number(),
  downMs: z.number(),
  excludedMs: z.number(),
  availability: z.number().nullable(),
});
export type StationAvailability = z.infer<typeof StationAvailability>;

export const AvailabilityReport = z.object({
  period: ReportPeriod,
  fleet: Kpi,
  stations: z.array(StationAvailability),
  devices: z.array(DeviceAvailability),
  sources: Sources,
});
export type AvailabilityReport = z.infer<typeof AvailabilityReport>;

const AlarmRef = {
  alarmId: z.string(),
  cause: z.string(),
  deviceId: z.string().nullable(),
  stationId: z.string(),
};

export const AlarmKpiReport = z.object({
  period: ReportPeriod,
  kpis: z.array(Kpi),
  /** Alarms annunciated in each hour of the period, for the chart. */
  hourly: z.array(z.object({ ts: z.number(), count: z.number().int() })),
  top: z.array(z.object({ ...AlarmRef, count: z.number().int(), share: z.number() })),
  chattering: z.array(z.object({ ...AlarmRef, activations: z.number().int(), bursts: z.number().int() })),
  stale: z.array(z.object({ ...AlarmRef, activeSince: z.number(), activeMs: z.number() })),
  priorities: z.array(
    z.object({
      priority: z.enum(['high', 'medium', 'low']),
      count: z.number().int(),
      share: z.number().nullable(),
      target: z.number(),
      verdict: Verdict,
    }),
  ),
  floods: z.array(z.object({ startMs: z.number(), endMs: z.number(), alarms: z.number().int() })),
  sources: Sources,
});
export type AlarmKpiReport = z.infer<typeof AlarmKpiReport>;

export const ShiftEvent = z.object({
  ts: z.number(),
  type: z.string(),
  subject: z.string(),
  by: z.string(),
  summary: z.string(),
});
export type ShiftEvent = z.infer<typeof ShiftEvent>;

/** What happened in one shift, from the journal. */
export const ShiftReport = z.object({
  shift: Shift,
  generatedAt: z.number(),
  counts: z.array(Kpi),
  alarmsByTier: z.array(z.object({ tier: Tier, count: z.number().int() })),
  top: z.array(z.object({ ...AlarmRef, count: z.number().int(), share: z.number() })),
  handover: z.object({
    state: z.enum(['none', 'draft', 'signed', 'accepted']),
    signedBy: z.string().nullable(),
    acceptedBy: z.string().nullable(),
    notes: z.number().int(),
    checks: z.number().int(),
  }),
  /** Newest first; `more` when the list was cut. */
  events: z.array(ShiftEvent),
  more: z.boolean(),
});
export type ShiftReport = z.infer<typeof ShiftReport>;

export const ReportKind = z.enum(['monthly', 'sla', 'availability', 'alarmKpi', 'shift']);
export type ReportKind = z.infer<typeof ReportKind>;

export const ExportFormat = z.enum(['csv', 'xlsx', 'pdf']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const ReportExportParams = z
  .object({
    report: ReportKind,
    format: ExportFormat,
    /** The month of a monthly, SLA, availability or alarm report; this month when omitted. */
    month: ReportMonth.optional(),
    /** The shift of a shift report; the shift in progress when omitted. */
    shiftId: ShiftId.optional(),
    lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
  })
  .strict();
export type ReportExportParams = z.input<typeof ReportExportParams>;

/** Export bytes travel in chunks small enough for one frame of either transport. */
export const EXPORT_CHUNK_BYTES = 512 * 1024;

/**
 * The file travels inside replies as base64, like the handover PDF: it
 * reaches the renderer over whichever transport it has, under the same
 * permission check. A large file comes in `chunks` pieces; the first is
 * here, the rest are fetched with report.exportChunk while the engine
 * holds the file (a few minutes).
 */
export const ReportFile = z.object({
  exportId: z.string(),
  fileName: z.string(),
  mime: z.string(),
  bytes: z.number().int(),
  chunks: z.number().int().min(1),
  base64: z.string(),
});
export type ReportFile = z.infer<typeof ReportFile>;

const ByMonth = z.object({ month: ReportMonth.optional() }).strict();

/** Managers and wallboards read reports; nothing here changes anything. */
export const reportMethods = {
  'report.monthly': { params: ByMonth, result: MonthlyReport, permission: 'read' },
  'report.sla': { params: ByMonth, result: SlaReport, permission: 'read' },
  'report.availability': { params: ByMonth, result: AvailabilityReport, permission: 'read' },
  'report.alarmKpi': { params: ByMonth, result: AlarmKpiReport, permission: 'read' },
  'report.shift': {
    params: z.object({ shiftId: ShiftId.optional() }).strict(),
    result: ShiftReport,
    permission: 'read',
  },
  'report.export': { params: ReportExportParams, result: ReportFile, permission: 'read' },
  'report.exportChunk': {
    params: z.object({ exportId: z.string().min(1).max(64), index: z.number().int().min(1) }).strict(),
    result: z.object({ index: z.number().int(), base64: z.string() }),
    permission: 'read',
  },
} as const satisfies Record<string, MethodSpec>;
