/**
 * The desk after five years of records (issue 16): a synthetic five-year
 * desk (five-year.ts) written into a real journal and history, with its
 * event count and the size of every file. `--years-dir DIR` keeps the desk
 * in DIR and takes it from there on the next run with the same options.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeskYears } from './five-year';
import { keptDeskYears } from './years-desk';

export type YearsBenchOptions = {
  stations: number;
  months: number;
  sampleEveryHours: number;
  seed: number;
  endMonth: string;
  /** Where the desk is kept between runs; null: a temporary folder, removed after. */
  dir: string | null;
};

export const defaultYearsOptions: YearsBenchOptions = {
  stations: 100,
  months: 60,
  sampleEveryHours: 1,
  seed: 16,
  endMonth: '2026-11',
  dir: null,
};

export type YearsBenchResult = { options: YearsBenchOptions; desk: DeskYears; reused: boolean };

export async function measureYears(
  options: YearsBenchOptions,
  say: (line: string) => void,
): Promise<YearsBenchResult> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'dutydesk-bench-years-'));
  try {
    const { desk, reused } = await keptDeskYears({ ...options, dir, progress: say });
    return { options, desk, reused };
  } finally {
    if (options.dir === null) rmSync(dir, { recursive: true, force: true });
  }
}

const n = (v: number) => v.toLocaleString('en-US');
const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);

export function yearsReport(r: YearsBenchResult): string {
  const { desk, options } = r;
  const chargers = desk.fleet.devices.filter((d) => d.kind !== 'pv-inverter').length;
  const types = Object.entries(desk.byType).sort((a, b) => b[1] - a[1]);
  return [
    `${options.months} months ending before ${options.endMonth}, seed ${options.seed}: ${chargers} chargers and ${desk.fleet.devices.length - chargers} PV inverters at ${options.stations} stations; meter readings every ${options.sampleEveryHours} h into history, rolled up and pruned as the default retention keeps them (raw 14 days, 1-minute 397 days, 15-minute 1,830 days). Written in ${desk.seconds.toFixed(0)} s${r.reused ? ' (an earlier run; this one took the kept desk)' : ''}.`,
    '',
    `**${n(desk.events)} journal events**, ${n(desk.samples)} meter readings.`,
    '',
    '| file | size (MB) | bytes per journal event |',
    '| --- | --- | --- |',
    ...desk.files.map((f) => `| ${f.name} | ${mb(f.bytes)} | ${(f.bytes / desk.events).toFixed(0)} |`),
    '',
    '| event type | count | per day |',
    '| --- | --- | --- |',
    ...types.map(
      ([type, count]) =>
        `| ${type} | ${n(count)} | ${(count / ((desk.now - desk.from) / 86_400_000)).toFixed(1)} |`,
    ),
  ].join('\n');
}
