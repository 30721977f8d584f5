/**
 * What the duty state holds on the five-year desk (issue 16): the heap the
 * alarms, work orders and applications take once the closed ones a start
 * left in the journal are back, against the same desk with one day of
 * records, and what a page of older closed work orders costs when they
 * are read back from the journal. In this process, with the heap measured
 * after a forced collection before the desk starts and after.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Journal } from '../electron/store/journal';
import type { DeskYears } from './five-year';
import { summarize } from './stats';
import { defaultKeptDesksOptions, type KeptDesksOptions, restoredDuty, withKeptDesks } from './years-desk';

export type YearsHeldOptions = KeptDesksOptions;

export const defaultYearsHeldOptions: YearsHeldOptions = { ...defaultKeptDesksOptions, rounds: 3 };

type DeskHeld = {
  events: number;
  /** Work orders in all, and of them open or closed in the last 7 days (what a screen first asks for). */
  orders: number;
  recent: number;
  /** Heap of the duty state after a forced collection, per start (the first a whole replay, the rest from the snapshot). */
  heapBytes: number[];
  /** From the queue restored to the closed orders back from the journal, ms per start from a snapshot (none on the first). */
  archiveMs: number[];
  /** `workorders.list` for a screen (open and the last 7 days closed), ms per start. */
  recentMs: number[];
  /** Every page of 200 older closed orders, ms. */
  pageMs: number[];
};

export type YearsHeldResult = {
  options: YearsHeldOptions;
  years: DeskHeld;
  day: DeskHeld;
  load: { before: number; after: number };
};

const WEEK_MS = 7 * 86_400_000;
const PAGE = 200;
const reader = { user: 'bench', role: 'monitor' } as const;

let collect: (() => void) | null = null;
function heapAfterCollection(): number {
  // Exposed when this bench first measures, not when the bench runner loads every section.
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

async function held(desk: DeskYears, dir: string, rounds: number, say: (line: string) => void) {
  // A copy, so the snapshot each stop writes beside it does not change the kept desk.
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'journal.sqlite');
  copyFileSync(desk.journalFile, file);
  const figures: DeskHeld = {
    events: desk.events,
    orders: 0,
    recent: 0,
    heapBytes: [],
    archiveMs: [],
    recentMs: [],
    pageMs: [],
  };
  for (let round = 1; round <= rounds; round++) {
    const before = heapAfterCollection();
    const journal = Journal.open(file, { now: () => desk.now });
    const duty = restoredDuty(journal, desk, 'snapshot');
    const restored = performance.now();
    await duty.archived();
    if (round > 1) figures.archiveMs.push(performance.now() - restored);
    figures.heapBytes.push(heapAfterCollection() - before);
    const list = (params: Parameters<(typeof duty.api)['workorders.list']>[0]) =>
      duty.api['workorders.list'](params, reader);
    let began = performance.now();
    const recent = await list({ closedWithinMs: WEEK_MS });
    figures.recentMs.push(performance.now() - began);
    figures.recent = recent.workOrders.length;
    figures.orders = recent.workOrders.length + recent.older;
    for (let next = recent.next; next !== null; ) {
      began = performance.now();
      const page = await list({ closedBefore: next, limit: PAGE });
      figures.pageMs.push(performance.now() - began);
      next = page.next;
    }
    duty.stop();
    journal.close();
    say(`  round ${round}: ${mb(figures.heapBytes.at(-1) ?? 0)} held, ${figures.orders} work orders`);
  }
  return figures;
}

export async function measureYearsHeld(
  options: YearsHeldOptions,
  say: (line: string) => void,
): Promise<YearsHeldResult> {
  return withKeptDesks(
    options,
    { name: 'years-held', small: 'day' },
    say,
    async ({ years, small, scratch }) => {
      say('  one-day desk…');
      const day = await held(small, join(scratch, 'day'), options.rounds, say);
      say('  five-year desk…');
      const y = await held(years, join(scratch, 'years'), options.rounds, say);
      return { options, years: y, day };
    },
  );
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
const median = (values: number[]) => summarize(values).p50;

export function yearsHeldReport(r: YearsHeldResult): string {
  const { years: y, day: d, options: o } = r;
  const heap = (f: DeskHeld) => median(f.heapBytes);
  const pages = y.pageMs.length > 0 ? summarize(y.pageMs) : null;
  return [
    `The duty state (alarms, work orders, applications) of a generated desk (${o.stations * 10} chargers, ${o.stations} PV inverters, seed ${o.seed}) brought back in this process as the engine does at start, then the closed orders that start left in the journal (\`restoredDuty\`, \`archived()\`): ${o.months} months of records (${y.events.toLocaleString('en-US')} events) against the last day alone (${d.events.toLocaleString('en-US')} events). "Heap": this process's heap after a forced collection with the duty state held, less the same before it started; median of ${o.rounds} starts (the first a whole replay, the others from the snapshot the one before wrote). Then \`workorders.list\` as a screen first asks (open orders and those closed in the last 7 days), and every page of ${PAGE} older closed orders back to the first.`,
    '',
    '| | five years | one day | ratio |',
    '| --- | --- | --- | --- |',
    `| heap of the duty state | ${mb(heap(y))} | ${mb(heap(d))} | ${(heap(y) / heap(d)).toFixed(2)}× |`,
    `| work orders in all (open or closed in the last 7 days) | ${y.orders.toLocaleString('en-US')} (${y.recent}) | ${d.orders.toLocaleString('en-US')} (${d.recent}) | — |`,
    `| heap per work order made | ${(heap(y) / Math.max(1, y.orders)).toFixed(0)} B | ${(heap(d) / Math.max(1, d.orders)).toFixed(0)} B | — |`,
    y.archiveMs.length > 0
      ? `| closed orders back from the journal after a start from the snapshot (slices of 8 ms, a rest as long after each), median | ${(median(y.archiveMs) / 1000).toFixed(2)} s | — | — |`
      : '',
    `| \`workorders.list\` for a screen, median | ${median(y.recentMs).toFixed(1)} ms | ${median(d.recentMs).toFixed(1)} ms | ${(median(y.recentMs) / median(d.recentMs)).toFixed(2)}× |`,
    pages
      ? `| a page of ${PAGE} older closed orders, read back from the journal: median / p90 / max (${y.pageMs.length} pages) | ${pages.p50.toFixed(1)} / ${pages.p90.toFixed(1)} / ${pages.max.toFixed(1)} ms | — | — |`
      : '',
    '',
    `Machine load (1-minute average) ${r.load.before.toFixed(1)} before, ${r.load.after.toFixed(1)} after, on 2 cores shared with other work.`,
  ]
    .filter((line, i, all) => line !== '' || all[i - 1] !== '')
    .join('\n');
}
