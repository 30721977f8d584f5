/**
 * No pauses while derived data builds (issue 16): the engine thread's
 * event-loop lag while the report period index and the handover search
 * index are built from nothing on the five-year desk, built as before (in
 * 8 ms slices on this thread) and as the engine now builds them (in their
 * workers, out/main/*-index-worker.js), against the same thread idle, in
 * one process and one run. Each build starts from a deleted file on the
 * same copy of the journal; the phases alternate within each round so a
 * busy patch of the shared machine hits both ways.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { HandoverSearchIndex, handoverSearchFile } from '../electron/handover/search-index';
import { searchIndexInWorker } from '../electron/handover/search-index-client';
import type { Logger } from '../electron/log/logger';
import { PeriodIndex, periodIndexFile } from '../electron/reports/period-index';
import { periodIndexInWorker } from '../electron/reports/period-index-client';
import { Journal } from '../electron/store/journal';
import { DEFAULT_SHIFT_SCHEDULE } from '../shared/handover/schedule';
import { summarize } from './stats';
import { keptDeskYears } from './years-desk';

export type DerivedLagOptions = {
  stations: number;
  months: number;
  rounds: number;
  /** Where the generated desk is kept (shared with years-start: its `years` folder); null: temporary. */
  dir: string | null;
};

export const defaultDerivedLagOptions: DerivedLagOptions = { stations: 10, months: 60, rounds: 3, dir: null };

/** The thread's event-loop lag while some work ran, how long it ran, and the collections that paused it meanwhile. */
export type Lag = {
  p50: number;
  p99: number;
  max: number;
  ms: number;
  gc: { pauses: number; over20: number; maxMs: number; sumMs: number };
};
type Phase = 'idle' | 'period, this thread' | 'period, worker' | 'search, this thread' | 'search, worker';
const PHASES: Phase[] = [
  'idle',
  'period, this thread',
  'period, worker',
  'search, this thread',
  'search, worker',
];

export type DerivedLagResult = {
  options: DerivedLagOptions;
  events: number;
  lag: Record<Phase, Lag[]>;
  load: { before: number; after: number };
};

const WORKERS = join(import.meta.dirname, '..', 'main');
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };
const removeFile = (file: string) => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
};

/** The lag of this thread while `work` runs; garbage collection stops the thread too, so its pauses beside it. */
export async function lagWhile(work: () => Promise<unknown>): Promise<Lag> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const pauses: number[] = [];
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push(entry.duration);
  });
  gc.observe({ entryTypes: ['gc'] });
  const began = performance.now();
  histogram.enable();
  await work();
  histogram.disable();
  gc.disconnect();
  return {
    p50: histogram.percentile(50) / 1e6,
    p99: histogram.percentile(99) / 1e6,
    max: histogram.max / 1e6,
    ms: performance.now() - began,
    gc: {
      pauses: pauses.length,
      over20: pauses.filter((p) => p > 20).length,
      maxMs: Math.max(0, ...pauses),
      sumMs: pauses.reduce((a, b) => a + b, 0),
    },
  };
}

export async function measureDerivedLag(
  options: DerivedLagOptions,
  say: (line: string) => void,
): Promise<DerivedLagResult> {
  const load = loadavg()[0] ?? 0;
  const root = options.dir ?? mkdtempSync(join(tmpdir(), 'dutydesk-bench-derived-lag-'));
  const scratch = mkdtempSync(join(tmpdir(), 'dutydesk-bench-derived-lag-run-'));
  try {
    say(`  writing (or taking the kept) ${options.months}-month desk…`);
    const { desk } = await keptDeskYears({
      // In the order years-start gives them: the kept desk's manifest is compared as written.
      stations: options.stations,
      seed: 16,
      endMonth: '2026-11',
      sampleEveryHours: 24,
      months: options.months,
      dir: join(root, 'years'),
    });
    const journalFile = join(scratch, 'journal.sqlite');
    copyFileSync(desk.journalFile, journalFile);
    const journal = Journal.open(journalFile);
    const periods = periodIndexFile(journalFile);
    const searches = handoverSearchFile(journalFile);
    const lag = Object.fromEntries(PHASES.map((p) => [p, [] as Lag[]])) as Record<Phase, Lag[]>;
    const work: Record<Phase, () => Promise<void>> = {
      idle: () => new Promise((resolve) => setTimeout(resolve, 3_000)),
      'period, this thread': async () => {
        const index = PeriodIndex.open(journal, periods, { log: quiet });
        await index?.catchUp();
        index?.close();
      },
      'period, worker': async () => {
        const index = periodIndexInWorker(pathToFileURL(join(WORKERS, 'period-index-worker.js')), {
          journalFile,
          indexFile: periods,
        });
        await index.catchUp();
        index.close();
      },
      'search, this thread': async () => {
        const index = HandoverSearchIndex.kept(journal, searches, quiet);
        await index.catchUp(DEFAULT_SHIFT_SCHEDULE);
        index.close();
      },
      'search, worker': async () => {
        const index = searchIndexInWorker(
          pathToFileURL(join(WORKERS, 'search-index-worker.js')),
          { journalFile, indexFile: searches },
          () => {
            throw new Error('the search worker did not run');
          },
          { log: quiet },
        );
        await index.catchUp(DEFAULT_SHIFT_SCHEDULE);
        index.close();
      },
    };
    try {
      for (let round = 1; round <= options.rounds; round++) {
        for (const phase of PHASES) {
          removeFile(periods);
          removeFile(searches);
          const figures = await lagWhile(work[phase]);
          lag[phase].push(figures);
          say(
            `  round ${round}, ${phase}: ${(figures.ms / 1000).toFixed(1)} s, lag p99 ${figures.p99.toFixed(1)} ms, max ${figures.max.toFixed(0)} ms`,
          );
          // The worker's connections close as it ends; the next phase starts from nothing.
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    } finally {
      journal.close();
    }
    return { options, events: desk.events, lag, load: { before: load, after: loadavg()[0] ?? 0 } };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    if (options.dir === null) rmSync(root, { recursive: true, force: true });
  }
}

export function derivedLagReport(r: DerivedLagResult): string {
  const median = (values: number[]) => summarize(values).p50;
  const idle = median(r.lag.idle.map((l) => l.p99));
  const row = (phase: Phase) => {
    const runs = r.lag[phase];
    const p99 = median(runs.map((l) => l.p99));
    const range = (key: 'p99' | 'max') =>
      `${Math.min(...runs.map((l) => l[key])).toFixed(1)}–${Math.max(...runs.map((l) => l[key])).toFixed(1)}`;
    const target = phase === 'idle' ? '—' : p99 <= 20 ? 'met' : '**not met**';
    return `| ${phase} | ${(median(runs.map((l) => l.ms)) / 1000).toFixed(1)} s | ${p99.toFixed(1)} ms (${range('p99')}) | ${(p99 / idle).toFixed(2)}× | ${range('max')} ms | ${Math.max(...runs.map((l) => l.gc.over20))} / ${Math.max(...runs.map((l) => l.gc.maxMs)).toFixed(0)} ms | ${target} |`;
  };
  return [
    `The engine thread's event-loop lag (\`monitorEventLoopDelay\`, 1 ms resolution) while each derived index is built from nothing on a copy of the ${r.options.months}-month desk (${r.options.stations * 10} chargers, ${r.options.stations} PV inverters, seed 16, ${r.events.toLocaleString('en-US')} events), against the same thread idle for 3 s, in one process. "This thread": as the desk built them before, in slices of about 8 ms that yield; "worker": as the engine builds them now (\`out/main/period-index-worker.js\`, \`search-index-worker.js\`), the engine thread only posting calls. ${r.options.rounds} rounds, the phases in turn within each; medians, with the range over rounds in brackets. GC: collections of the engine thread over 20 ms (most in a round) and the longest.`,
    '',
    '| phase | build time | lag p99 | ÷ idle p99 | lag max | GC > 20 ms / longest | p99 ≤ 20 ms |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...PHASES.map(row),
    '',
    `Machine load (1-minute average) ${r.load.before.toFixed(1)} before, ${r.load.after.toFixed(1)} after, on 2 cores shared with other builds.`,
  ].join('\n');
}
