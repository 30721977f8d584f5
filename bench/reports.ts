/**
 * Report exports: a month of a 200-charger fleet (synthetic, bench/report-
 * month.ts) in a real journal and telemetry history, exported as CSV, XLSX
 * and PDF by the desk's ReportService — journal read, the report computed,
 * the meters' counters read from history, the file written — each by a
 * fresh service so nothing is cached between runs. Baselines in the same
 * run: a bare CSV string join of the same per-charger rows (the least any
 * export costs), and a bare SELECT of the month's journal rows (the least
 * reading the month costs). Target: every export within seconds (≤ 5 s).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { HistoryStore } from '../electron/history/store';
import { counterFromHistory, ReportService } from '../electron/reports/service';
import { Journal } from '../electron/store/journal';
import { resourcesDir } from '../node/resources';
import type { ExportFormat, ReportKind } from '../shared/api/reports';
import { DEFAULT_SHIFT_SCHEDULE } from '../shared/handover/schedule';
import { monthOf, monthRange } from '../shared/report/period';
import { DEFAULT_SLA_SETTINGS } from '../shared/triage/sla';
import { syntheticFleet, syntheticMonth } from './report-month';
import { median } from './stats';

export type ReportBenchOptions = { stations: number; rounds: number };
export const defaultReportOptions: ReportBenchOptions = { stations: 20, rounds: 3 };

type Timed = { report: ReportKind; format: ExportFormat; ms: number; bytes: number };

export type ReportBenchResult = {
  chargers: number;
  pv: number;
  events: number;
  samples: number;
  month: string;
  rounds: number;
  setupSeconds: number;
  baselineCsvMs: number;
  baselineReadMs: number;
  computeMs: number;
  exports: Timed[];
  load: { before: number; after: number };
};

const FORMATS: ExportFormat[] = ['csv', 'xlsx', 'pdf'];
const REPORTS: ReportKind[] = ['monthly', 'sla', 'availability', 'alarmKpi'];

async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

export async function measureReports(
  options: ReportBenchOptions,
  progress: (line: string) => void,
): Promise<ReportBenchResult> {
  const load = loadavg()[0] ?? 0;
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-bench-reports-'));
  try {
    const fleet = syntheticFleet(options.stations);
    // Last month: complete, and already rolled up in history as an old month would be.
    const now = Date.now();
    const tz = DEFAULT_SHIFT_SCHEDULE.timeZone;
    const month = monthOf(monthRange(monthOf(now, tz), tz).from - 1, tz);
    const { from, to } = monthRange(month, tz);
    const setup = performance.now();
    const { events, samples } = syntheticMonth(fleet, from, to);
    const journal = Journal.open(join(dir, 'journal.sqlite'));
    for (let i = 0; i < events.length; i += 5000) journal.appendMany(events.slice(i, i + 5000));
    const history = HistoryStore.open(join(dir, 'history.sqlite'), {
      retention: { rawDays: 14, minuteDays: 397, quarterHourDays: 1830 },
      flushEveryMs: 3_600_000,
      maintainEveryMs: 3_600_000,
    });
    for (let i = 0; i < samples.length; i += 20_000) {
      history.record(samples.slice(i, i + 20_000));
      history.flush();
    }
    while (history.maintain()) {
      // rolled up in bounded steps, as the desk does in the background
    }
    const setupSeconds = (performance.now() - setup) / 1000;
    const chargers = fleet.devices.filter((d) => d.kind !== 'pv-inverter').length;
    progress(
      `  ${chargers} chargers, ${fleet.devices.length - chargers} PV inverters: ${events.length} journal events, ${samples.length} history samples (setup ${setupSeconds.toFixed(1)} s)`,
    );

    const service = () =>
      new ReportService({
        journal,
        fleet: () => ({ ...fleet, sla: DEFAULT_SLA_SETTINGS, shifts: DEFAULT_SHIFT_SCHEDULE }),
        counter: counterFromHistory(async (q) => history.query(q)),
        resourcesDir: resourcesDir(),
        now: () => now,
      });

    const report = await service().monthly(month);
    const baselineCsv: number[] = [];
    const baselineRead: number[] = [];
    const compute: number[] = [];
    const runs = new Map<string, { ms: number[]; bytes: number }>();
    const raw = new Database(join(dir, 'journal.sqlite'), { readonly: true });
    const select = raw.prepare('SELECT * FROM journal WHERE ts >= ? AND ts < ?');
    for (let round = 0; round < options.rounds; round++) {
      baselineCsv.push(
        (
          await timed(() =>
            report.chargers
              .map((c) =>
                [
                  c.stationId,
                  c.name,
                  c.kind,
                  c.sessions,
                  c.energyKwh ?? '',
                  c.energySource,
                  c.sessionEnergyKwh,
                  c.faults,
                  c.workOrders,
                  c.availability ?? '',
                ].join(','),
              )
              .join('\r\n'),
          )
        ).ms,
      );
      baselineRead.push((await timed(() => select.all(from, to).length)).ms);
      compute.push((await timed(() => service().monthly(month))).ms);
      for (const kind of REPORTS) {
        for (const format of FORMATS) {
          const { ms, value } = await timed(() =>
            service().export({ report: kind, format, month, lang: 'zh-CN' }),
          );
          const key = `${kind}|${format}`;
          const entry = runs.get(key) ?? { ms: [], bytes: value.bytes };
          entry.ms.push(ms);
          runs.set(key, entry);
        }
      }
      progress(`  round ${round + 1}/${options.rounds} done`);
    }
    raw.close();
    history.close();
    journal.close();
    return {
      chargers,
      pv: fleet.devices.length - chargers,
      events: events.length,
      samples: samples.length,
      month,
      rounds: options.rounds,
      setupSeconds,
      baselineCsvMs: median(baselineCsv),
      baselineReadMs: median(baselineRead),
      computeMs: median(compute),
      exports: [...runs].map(([key, r]) => {
        const [kind, format] = key.split('|') as [ReportKind, ExportFormat];
        return { report: kind, format, ms: median(r.ms), bytes: r.bytes };
      }),
      load: { before: load, after: loadavg()[0] ?? 0 },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const TARGET_MS = 5000;

export function reportsReport(r: ReportBenchResult): string {
  const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(0));
  const lines = [
    `A synthetic month (${r.month}) of ${r.chargers} chargers and ${r.pv} PV inverters: ${r.events.toLocaleString('en-US')} journal events (sessions, faults, comms losses, work orders, applications) in a real journal, ${r.samples.toLocaleString('en-US')} hourly meter readings in a real telemetry history (rolled up). Each export by a fresh ReportService (no cache): journal read, report computed, meter counters read, file written. Medians of ${r.rounds} rounds; ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}.`,
    '',
    `Baselines in the same run: a bare CSV string join of the ${r.chargers} per-charger rows **${ms(r.baselineCsvMs)} ms**; a bare SELECT of the month's journal rows **${ms(r.baselineReadMs)} ms**. Computing the monthly report alone (no file): ${ms(r.computeMs)} ms (${(r.computeMs / r.baselineReadMs).toFixed(1)}× the bare read).`,
    '',
    '| report | format | time | bytes | ÷ bare CSV join | ÷ bare journal read | target ≤ 5 s |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...r.exports.map(
      (e) =>
        `| ${e.report} | ${e.format} | ${ms(e.ms)} ms | ${e.bytes.toLocaleString('en-US')} | ${(e.ms / r.baselineCsvMs).toFixed(0)}× | ${(e.ms / r.baselineReadMs).toFixed(1)}× | ${e.ms <= TARGET_MS ? '**met**' : '**NOT met**'} |`,
    ),
    '',
    `Machine load (1-minute average) ${r.load.before.toFixed(1)} before, ${r.load.after.toFixed(1)} after. Setting the month up took ${r.setupSeconds.toFixed(1)} s.`,
  ];
  return lines.join('\n');
}
