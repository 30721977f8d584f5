import { randomUUID } from 'node:crypto';
import type { HistoryQuery, HistoryResult } from '../../shared/api/history';
import type { Device, ProfileInfo, Station } from '../../shared/api/model';
import {
  type AlarmKpiReport,
  type AvailabilityReport,
  EXPORT_CHUNK_BYTES,
  type ExportFormat,
  type MonthlyReport,
  type ReportFile,
  type ReportKind,
  type ShiftReport,
  type SlaReport,
} from '../../shared/api/reports';
import { handoverSubject } from '../../shared/handover/events';
import { type ShiftSchedule, shiftAt, shiftById } from '../../shared/handover/schedule';
import { catalogueWords, type Lang } from '../../shared/i18n/catalogue';
import { markBand, type RecordMark } from '../../shared/i18n/marking';
import { alarmKpiReport } from '../../shared/report/alarm-kpi';
import { availabilityReport, isCharger } from '../../shared/report/availability';
import { inJournalOrder } from '../../shared/report/carry';
import { alarmPoints, applications, sessions, workOrders } from '../../shared/report/facts';
import { lifetimeCounter } from '../../shared/report/meter-reconcile';
import { monthlyReport } from '../../shared/report/monthly';
import { monthOf, reportPeriod } from '../../shared/report/period';
import { rulesRevisions } from '../../shared/report/rules';
import { type ShiftWords, shiftReport } from '../../shared/report/shift';
import { slaReport } from '../../shared/report/sla-compliance';
import type { SlaSettings } from '../../shared/triage/sla';
import type { Logger } from '../log/logger';
import type { Journal } from '../store/journal';
import { documentCsv } from './csv';
import { alarmKpiDocument } from './documents/alarm-kpi';
import { availabilityDocument } from './documents/availability';
import { monthlyDocument } from './documents/monthly';
import { shiftDocument } from './documents/shift';
import { slaDocument } from './documents/sla';
import { countBetween, eventsBetween, firstRecordAt, periodEvents } from './journal-reader';
import { documentPdf } from './pdf';
import type { PeriodLookup } from './period-index';
import type { ExportDocument, Names, Writing } from './tables';
import { monthWarnings } from './warnings';
import { documentXlsx } from './xlsx';

/**
 * The configured fleet as the reports see it: what is there now, and the
 * rules in force now (a month's SLA report replays the journalled ones).
 */
export type ReportFleetView = {
  stations: readonly Station[];
  devices: readonly Device[];
  profiles: readonly ProfileInfo[];
  sla: SlaSettings;
  shifts: ShiftSchedule;
};

/**
 * A lifetime energy counter's first and last reading in [from, to), in the
 * unit of its profile point, or null when history has none.
 */
export type CounterSource = (
  deviceId: string,
  key: string,
  from: number,
  to: number,
) => Promise<{ first: number; last: number } | null>;

/**
 * A counter source over a history query: the first bucket's lowest and the
 * last bucket's latest reading of a counter that only counts up.
 */
export function counterFromHistory(query: (q: HistoryQuery) => Promise<HistoryResult | null>): CounterSource {
  const points = async (deviceId: string, key: string, from: number, to: number) =>
    (await query({ deviceId, keys: [key], from, to, maxPoints: 2 }))?.series[0]?.points ?? [];
  return async (deviceId, key, from, to) => {
    // The first and the last day hold the readings that matter; a month of rollups is read only
    // when a device has none there (added or silent at the month's edges).
    const head = await points(deviceId, key, from, Math.min(to, from + DAY_MS));
    const tail = await points(deviceId, key, Math.max(from, to - DAY_MS), to);
    const all = head.length > 0 && tail.length > 0 ? null : await points(deviceId, key, from, to);
    const first = (all ?? head)[0];
    const last = (all ?? tail).at(-1);
    return first && last ? { first: first.min, last: last.last } : null;
  };
}

export class ReportRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportRefusal';
  }
}

const DAY_MS = 86_400_000;

const MIME: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** How long an export waits for its remaining chunks to be fetched, and how many are held at once. */
const EXPORT_TTL_MS = 5 * 60_000;
const EXPORTS_HELD = 8;

type Facts = {
  points: ReturnType<typeof alarmPoints>;
  orders: ReturnType<typeof workOrders>;
  applications: ReturnType<typeof applications>;
  sessions: ReturnType<typeof sessions>;
  revisions: ReturnType<typeof rulesRevisions>;
};

/**
 * The reports of the desk, computed on request from the journal (and, for
 * energy, the telemetry history) by the pure functions in shared/report,
 * and written out as CSV, XLSX or PDF.
 */
export class ReportService {
  private cached: { key: string; facts: Facts } | null = null;
  private indexFailed = false;
  private readonly exports = new Map<string, { file: Buffer; expires: number }>();

  constructor(
    private readonly deps: {
      journal: Journal;
      fleet: () => ReportFleetView;
      counter: CounterSource;
      resourcesDir: string;
      now: () => number;
      /** How big each piece of an export is; the contract's frame-sized default outside tests. */
      chunkBytes?: number;
      /** The demo or a drill desk: every file it writes says so. */
      mark?: RecordMark | null;
      /** Derived data that lets a report read its period only; without it, reports fold the whole journal. */
      index?: PeriodLookup | null;
      log?: Logger;
    },
  ) {}

  async monthly(month?: string): Promise<MonthlyReport> {
    const { period, facts, fleet, common } = await this.month(month);
    const report = monthlyReport({
      ...common,
      orders: [...facts.orders.values()],
      sessions: facts.sessions,
      availability: availabilityReport(common),
      counters: await this.counters(fleet, period.from, Math.max(period.observedTo, period.from + 1)),
      journalEvents: countBetween(this.deps.journal, period.from, period.to),
    });
    return { ...report, warnings: monthWarnings(this.deps.journal, period.from, period.to) };
  }

  async sla(month?: string): Promise<SlaReport> {
    const { facts, fleet, common } = await this.month(month);
    return slaReport({ ...common, orders: facts.orders, settings: fleet.sla, revisions: facts.revisions });
  }

  async availability(month?: string): Promise<AvailabilityReport> {
    return availabilityReport((await this.month(month)).common);
  }

  async alarmKpi(month?: string): Promise<AlarmKpiReport> {
    const { period, facts } = await this.month(month);
    return alarmKpiReport({ period, points: facts.points });
  }

  /** `lang` gives the event list in a record's language; the screen's list keeps the codes. */
  async shift(shiftId?: string, lang?: Lang): Promise<ShiftReport> {
    const { shifts } = this.deps.fleet();
    const now = this.deps.now();
    let shift: ReturnType<typeof shiftAt>;
    try {
      shift = shiftId ? shiftById(shifts, shiftId) : shiftAt(shifts, now);
    } catch (error) {
      throw new ReportRefusal((error as Error).message);
    }
    const events = eventsBetween(this.deps.journal, shift.startsAt, Math.min(shift.endsAt, now + 1));
    const handover = this.deps.journal.read({ subject: handoverSubject(shift.id), limit: 10_000 });
    return shiftReport({ shift, events, handover, now, ...(lang ? { words: this.shiftWords(lang) } : {}) });
  }

  async export(params: {
    report: ReportKind;
    format: ExportFormat;
    month?: string | undefined;
    shiftId?: string | undefined;
    lang: Lang;
  }): Promise<ReportFile> {
    const doc = await this.document(params.report, params.month, params.shiftId, params.lang);
    const file = await this.write(doc, params.format, params.lang);
    return this.offer(file, `${doc.fileStem}.${params.format}`, params.format);
  }

  /**
   * A finished file as the contract carries it: the first chunk in the
   * reply, the rest held for report.exportChunk. Drill reports and the
   * training records go out this way too.
   */
  offer(file: Buffer, fileName: string, format: ExportFormat): ReportFile {
    const exportId = randomUUID();
    const size = this.chunkBytes();
    const chunks = Math.max(1, Math.ceil(file.length / size));
    if (chunks > 1) this.hold(exportId, file);
    return {
      exportId,
      fileName,
      mime: MIME[format],
      bytes: file.length,
      chunks,
      base64: file.subarray(0, size).toString('base64'),
    };
  }

  exportChunk(exportId: string, index: number): { index: number; base64: string } {
    this.expire();
    const held = this.exports.get(exportId);
    if (!held) throw new ReportRefusal(`export ${exportId} is not held any more: export the report again`);
    const size = this.chunkBytes();
    const start = index * size;
    if (start >= held.file.length) throw new ReportRefusal(`export ${exportId} has no chunk ${index}`);
    if (start + size >= held.file.length) this.exports.delete(exportId);
    return { index, base64: held.file.subarray(start, start + size).toString('base64') };
  }

  /** The report as export tables, in the language asked for. */
  async document(kind: ReportKind, month: string | undefined, shiftId: string | undefined, lang: Lang) {
    const writing: Writing = { t: catalogueWords(lang), names: this.names(lang) };
    switch (kind) {
      case 'monthly':
        return monthlyDocument(await this.monthly(month), writing);
      case 'sla':
        return slaDocument(await this.sla(month), writing);
      case 'availability':
        return availabilityDocument(await this.availability(month), writing);
      case 'alarmKpi':
        return alarmKpiDocument(await this.alarmKpi(month), writing);
      case 'shift':
        return shiftDocument(await this.shift(shiftId, lang), writing);
    }
  }

  async write(unmarked: ExportDocument, format: ExportFormat, lang: Lang): Promise<Buffer> {
    const t = catalogueWords(lang);
    // The demo's and a drill's files say so in their first line and, printed, across every page.
    const band = markBand(this.deps.mark, lang);
    const doc = band ? { ...unmarked, lines: [band, ...unmarked.lines] } : unmarked;
    switch (format) {
      case 'csv':
        return documentCsv(doc, t('reports.sources'));
      case 'xlsx':
        return documentXlsx(doc, t('reports.sources'), this.deps.now());
      case 'pdf':
        return documentPdf(doc, this.deps.resourcesDir, {
          empty: t('record.empty'),
          footer: (n, total) => `${t('record.product')} · ${doc.title} · ${t('record.page', { n, total })}`,
          band,
        });
    }
  }

  /** The catalogue's words, and a written point by its label in its device's profile. */
  private shiftWords(lang: Lang): ShiftWords {
    const { devices, profiles } = this.deps.fleet();
    const profileOf = new Map(devices.map((d) => [d.id, d.profile]));
    const label = new Map(
      profiles.flatMap((p) => p.points.map((point) => [`${p.id}|${point.key}`, point.label[lang]] as const)),
    );
    return {
      t: catalogueWords(lang),
      point: (deviceId, key) => label.get(`${profileOf.get(deviceId)}|${key}`) ?? key,
    };
  }

  private names(lang: Lang): Names {
    const { stations, devices, sla } = this.deps.fleet();
    const station = new Map(stations.map((s) => [s.id, lang === 'en' && s.nameEn ? s.nameEn : s.name]));
    const device = new Map(devices.map((d) => [d.id, d.name]));
    const preset = new Map(sla.presets.map((p) => [p.id, p.name[lang]]));
    return {
      station: (id) => station.get(id) ?? id,
      device: (id) => (id ? (device.get(id) ?? id) : ''),
      preset: (id) => preset.get(id) ?? id,
    };
  }

  private async month(month: string | undefined) {
    const fleet = this.deps.fleet();
    const now = this.deps.now();
    const period = reportPeriod(
      month ?? monthOf(now, fleet.shifts.timeZone),
      fleet.shifts.timeZone,
      firstRecordAt(this.deps.journal),
      now,
    );
    const facts = await this.facts(period.month, period.from, period.to);
    // What the monthly, SLA and availability reports all start from.
    const common = { period, fleet, points: facts.points, applications: [...facts.applications.values()] };
    return { period, fleet, facts, common };
  }

  /** Folded once per month and journal length: the four reports of one screen share one read. */
  private async facts(month: string, from: number, to: number): Promise<Facts> {
    const index = await this.caughtUp();
    const key = `${month}|${this.deps.journal.count()}`;
    if (this.cached?.key === key) return this.cached.facts;
    const { events, named, first } = periodEvents(this.deps.journal, index, from, to);
    const facts = {
      points: alarmPoints(events, named),
      orders: inJournalOrder(workOrders(events), (id) => first('workorder', id)),
      applications: inJournalOrder(applications(events), (id) => first('application', id)),
      sessions: sessions(events),
      revisions: rulesRevisions(events),
    };
    this.cached = { key, facts };
    return facts;
  }

  /** The period index brought up to the journal; null (the whole journal is folded) when it fails. */
  private async caughtUp(): Promise<PeriodLookup | null> {
    const index = this.deps.index ?? null;
    if (!index || this.indexFailed) return null;
    try {
      await index.catchUp();
      return index;
    } catch (error) {
      this.indexFailed = true;
      this.deps.log?.error(
        `report period index not kept up: ${(error as Error).message}; reports fold the whole journal`,
      );
      return null;
    }
  }

  /** Each charger's and PV inverter's lifetime-counter difference over the month, in kWh. */
  private async counters(
    fleet: ReportFleetView,
    from: number,
    to: number,
  ): Promise<Map<string, number | null>> {
    const profiles = new Map(fleet.profiles.map((p) => [p.id, p]));
    const wanted = fleet.devices.filter((d) => isCharger(d) || d.kind === 'pv-inverter');
    const entries = await Promise.all(
      wanted.map(async (d): Promise<[string, number | null]> => {
        const counter = lifetimeCounter(profiles.get(d.profile)?.points ?? []);
        if (!counter) return [d.id, null];
        const reading = await this.deps.counter(d.id, counter.point.key, from, to);
        return [d.id, reading ? (reading.last - reading.first) * counter.toKwh : null];
      }),
    );
    return new Map(entries);
  }

  private chunkBytes(): number {
    return this.deps.chunkBytes ?? EXPORT_CHUNK_BYTES;
  }

  private hold(exportId: string, file: Buffer): void {
    this.expire();
    while (this.exports.size >= EXPORTS_HELD) {
      const oldest = this.exports.keys().next().value;
      if (oldest === undefined) break;
      this.exports.delete(oldest);
    }
    this.exports.set(exportId, { file, expires: this.deps.now() + EXPORT_TTL_MS });
  }

  private expire(): void {
    const now = this.deps.now();
    for (const [id, held] of this.exports) if (held.expires <= now) this.exports.delete(id);
  }
}
