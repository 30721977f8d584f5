/**
 * A synthetic desk of many years, deterministic by seed: the fleet's months
 * (report-month.ts: sessions, faults, comms losses, work orders,
 * applications, hourly meter readings) with the storms, handovers and
 * sign-ins of the people at the desk (desk-years.ts), written month by
 * month into a real journal and a real telemetry history, rolled up and
 * pruned as the retention rules keep it at the end of the period. Full size
 * is 100 stations (1,000 chargers, 100 PV inverters) over 60 months; a test
 * runs it at 1/100 scale.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HistoryStore } from '../electron/history/store';
import { Journal } from '../electron/store/journal';
import type { HistoryRetention } from '../shared/config/schema';
import type { JournalInput, JsonValue } from '../shared/journal/event';
import { monthRange } from '../shared/report/period';
import { deriveSeed, mulberry32 } from '../sim/random';
import { deskDayEvents, stormEvents } from './desk-years';
import { type SyntheticFleet, syntheticFleet, syntheticMonth } from './report-month';

export type DeskYearsOptions = {
  /** Stations of 10 chargers and a PV inverter each: 100 is 1,000 chargers and 100 inverters. */
  stations: number;
  /** Months of records, ending just before `endMonth`. */
  months: number;
  /** The month after the last one generated, `YYYY-MM` (the desk's "now" is its first instant). */
  endMonth: string;
  seed: number;
  /** Meter readings every this many hours (1: hourly, as report-month.ts makes them). */
  sampleEveryHours: number;
  /**
   * Only the last this-many days of the months (a desk that began then):
   * the records of alarms, work orders, applications and handovers that
   * began before are left out whole, so nothing in it continues a history
   * it lacks.
   */
  days?: number;
  /** Folder the journal and history are written in. */
  dir: string;
  progress?: (line: string) => void;
};

export type DeskYears = {
  fleet: SyntheticFleet;
  journalFile: string;
  historyFile: string;
  /** The period generated: the first instant and the desk's "now". */
  from: number;
  now: number;
  events: number;
  samples: number;
  byType: Record<string, number>;
  /** Every file in the folder, with its size in bytes. */
  files: { name: string; bytes: number }[];
  seconds: number;
};

const TIME_ZONE = 'Asia/Shanghai';
/** The default retention (shared/config/schema.ts): raw two weeks, 1-minute 13 months, 15-minute 5 years. */
export const YEARS_RETENTION: HistoryRetention = { rawDays: 14, minuteDays: 397, quarterHourDays: 1830 };
const BATCH = 5_000;

/** `YYYY-MM` `n` months before `month`. */
export function monthsBefore(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * Each month's generator numbers its work orders and applications from 1:
 * over the years they are numbered on, as one desk numbers them.
 */
function renumber(events: JournalInput[], offsets: { WO: number; AP: number }): { WO: number; AP: number } {
  const top = { WO: 0, AP: 0 };
  const shift = (id: string): string => {
    const match = /^(WO|AP)-(\d+)$/.exec(id);
    if (!match) return id;
    const prefix = match[1] as 'WO' | 'AP';
    const n = Number(match[2]);
    top[prefix] = Math.max(top[prefix], n);
    return `${prefix}-${String(offsets[prefix] + n).padStart(4, '0')}`;
  };
  for (const e of events) {
    e.subject = shift(e.subject);
    const data = e.data as Record<string, JsonValue>;
    if (typeof data.outageId === 'string') data.outageId = shift(data.outageId);
  }
  return { WO: offsets.WO + top.WO, AP: offsets.AP + top.AP };
}

/**
 * Rolls up and prunes in bounded steps, as the desk does in the background,
 * until nothing is left to fold, raw holds no more than its days, and the
 * pruning of the rollups has gone round every series once.
 */
function catchUp(history: HistoryStore, series: number, now: number): void {
  const rawFrom = now - YEARS_RETENTION.rawDays * 86_400_000;
  while (history.maintain()) {
    // folding a backlog
  }
  for (let round = 0; round < Math.ceil(series / 200) + 1; round++) history.maintain();
  for (;;) {
    const oldest = history.status().oldestRawTs;
    if (oldest === null || oldest >= rawFrom) return;
    history.maintain();
  }
}

function filesOf(dir: string): { name: string; bytes: number }[] {
  return readdirSync(dir)
    .sort()
    .map((name) => ({ name, bytes: statSync(join(dir, name)).size }));
}

/** A record that goes on over several events: one begun before the desk did is left out whole. */
const continuing = (type: string) =>
  ['alarm.', 'workorder.', 'application.', 'handover.'].some((kind) => type.startsWith(kind));

/** The events from `began` on, without the records begun before it. */
function since(events: JournalInput[], began: number): JournalInput[] {
  if (began === Number.NEGATIVE_INFINITY) return events;
  const earlier = new Set(
    events.filter((e) => (e.ts ?? 0) < began && continuing(e.type)).map((e) => e.subject),
  );
  return events.filter((e) => (e.ts ?? 0) >= began && !(continuing(e.type) && earlier.has(e.subject)));
}

export async function generateDeskYears(options: DeskYearsOptions): Promise<DeskYears> {
  const started = performance.now();
  const fleet = syntheticFleet(options.stations);
  const now = monthRange(options.endMonth, TIME_ZONE).from;
  const firstMonth = monthsBefore(options.endMonth, options.months);
  const began = options.days === undefined ? Number.NEGATIVE_INFINITY : now - options.days * 86_400_000;
  const journalFile = join(options.dir, 'journal.sqlite');
  const historyFile = join(options.dir, 'history.sqlite');
  const journal = Journal.open(journalFile, { now: () => now });
  const history = HistoryStore.open(historyFile, {
    retention: YEARS_RETENTION,
    now: () => now,
    flushEveryMs: 3_600_000,
    maintainEveryMs: 3_600_000,
    flushRows: Number.MAX_SAFE_INTEGER,
    maxPending: Number.MAX_SAFE_INTEGER,
  });
  const byType: Record<string, number> = {};
  let offsets = { WO: 0, AP: 0 };
  let carried: JournalInput[] = [];
  let events = 0;
  let samples = 0;
  try {
    for (let m = 0; m < options.months; m++) {
      const month = monthsBefore(options.endMonth, options.months - m);
      const { from, to } = monthRange(month, TIME_ZONE);
      const generated = syntheticMonth(fleet, from, to, deriveSeed(options.seed, `month ${month}`));
      offsets = renumber(generated.events, offsets);
      const rng = mulberry32(deriveSeed(options.seed, `desk ${month}`));
      const all = [
        ...carried,
        ...generated.events,
        ...stormEvents(fleet, from, to, rng),
        ...deskDayEvents(from, to, rng),
      ].sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));
      // What happens after the month's end waits for the next month, so the journal stays in time order.
      const cut = all.findIndex((e) => (e.ts ?? 0) >= to);
      const due = since(cut < 0 ? all : all.slice(0, cut), began);
      carried = cut < 0 ? [] : all.slice(cut);
      for (let i = 0; i < due.length; i += BATCH) journal.appendMany(due.slice(i, i + BATCH));
      for (const e of due) byType[e.type] = (byType[e.type] ?? 0) + 1;
      events += due.length;
      const every = options.sampleEveryHours * 3_600_000;
      const kept = generated.samples.filter((s) => s.ts % every === 0 && s.ts >= began);
      for (let i = 0; i < kept.length; i += 50_000) {
        history.record(kept.slice(i, i + 50_000));
        history.flush();
      }
      samples += kept.length;
      catchUp(history, fleet.devices.length, now);
      // Yields between months, so a caller's progress and timers run.
      await new Promise((resolve) => setImmediate(resolve));
      options.progress?.(`  ${month}: ${events} events, ${samples} samples so far`);
    }
  } finally {
    history.close();
    journal.close();
  }
  return {
    fleet,
    journalFile,
    historyFile,
    from: Math.max(began, monthRange(firstMonth, TIME_ZONE).from),
    now,
    events,
    samples,
    byType,
    files: filesOf(options.dir),
    seconds: (performance.now() - started) / 1000,
  };
}
