import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeskClock } from '../electron/alarms/clock';
import { snapshotFile } from '../electron/duty-snapshot/file';
import type { Logger } from '../electron/log/logger';
import type { Journal } from '../electron/store/journal';
import { startDuty } from '../electron/workorders/duty';
import { DEFAULT_SLA_SETTINGS } from '../shared/triage/sla';
import { type DeskYears, type DeskYearsOptions, generateDeskYears } from './five-year';
import { syntheticFleet } from './report-month';

/**
 * A generated desk kept in a folder with what it was made from: the same
 * options (and seed) make the same desk, so a later run may take it as it
 * is instead of spending half an hour writing it again.
 */
type Manifest = { options: Omit<DeskYearsOptions, 'dir' | 'progress'>; desk: Omit<DeskYears, 'fleet'> };

const MANIFEST = 'desk-years.json';

export async function keptDeskYears(
  options: DeskYearsOptions,
): Promise<{ desk: DeskYears; reused: boolean }> {
  const { dir, progress, ...made } = options;
  const file = join(dir, MANIFEST);
  if (existsSync(file)) {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    if (JSON.stringify(kept.options) === JSON.stringify(made)) {
      return { desk: { ...kept.desk, fleet: syntheticFleet(made.stations) }, reused: true };
    }
    throw new Error(`${dir} holds a desk made with other options; give an empty folder`);
  }
  mkdirSync(dir, { recursive: true });
  const desk = await generateDeskYears(options);
  const { fleet: _fleet, ...kept } = desk;
  writeFileSync(file, `${JSON.stringify({ options: made, desk: kept } satisfies Manifest, null, 1)}\n`);
  return { desk, reused: false };
}

/** The five-year desk and a small one from the same seed that a bench compares it with, and how often it measures. */
export type KeptDesksOptions = {
  stations: number;
  months: number;
  sampleEveryHours: number;
  seed: number;
  endMonth: string;
  rounds: number;
  /** Where the desks are kept between runs (a folder each, shared by the benches); null: temporary. */
  dir: string | null;
};

export const defaultKeptDesksOptions: KeptDesksOptions = {
  stations: 10,
  months: 60,
  sampleEveryHours: 24,
  seed: 16,
  endMonth: '2026-11',
  rounds: 3,
  dir: null,
};

/**
 * Runs `measure` on the kept (or newly written) five-year desk and the small
 * one (the last month, or only its last day), with a scratch folder removed
 * after; the machine's load before and after is part of the result.
 */
export async function withKeptDesks<R>(
  options: KeptDesksOptions,
  bench: { name: string; small: 'month' | 'day' },
  say: (line: string) => void,
  measure: (desks: { years: DeskYears; small: DeskYears; scratch: string }) => Promise<R>,
): Promise<R & { load: { before: number; after: number } }> {
  const load = loadavg()[0] ?? 0;
  const root = options.dir ?? mkdtempSync(join(tmpdir(), `dutydesk-bench-${bench.name}-`));
  const scratch = mkdtempSync(join(tmpdir(), `dutydesk-bench-${bench.name}-run-`));
  try {
    const made = {
      stations: options.stations,
      seed: options.seed,
      endMonth: options.endMonth,
      sampleEveryHours: options.sampleEveryHours,
    };
    say(`  writing (or taking the kept) ${options.months}-month and one-${bench.small} desks…`);
    const years = await keptDeskYears({ ...made, months: options.months, dir: join(root, 'years') });
    const small = await keptDeskYears({
      ...made,
      months: 1,
      ...(bench.small === 'day' ? { days: 1 } : {}),
      dir: join(root, bench.small),
    });
    say(`  five-year desk: ${years.desk.events} events; one-${bench.small} desk: ${small.desk.events}`);
    const result = await measure({ years: years.desk, small: small.desk, scratch });
    return { ...result, load: { before: load, after: loadavg()[0] ?? 0 } };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    if (options.dir === null) rmSync(root, { recursive: true, force: true });
  }
}

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };
/** The generated desk's own instant: nothing falls due while a bench measures. */
const stillAt = (t: number): DeskClock => ({ now: () => t, after: () => () => {} });

/** The duty state (alarms, work orders, applications) brought back as the engine does at start, from its snapshot or the whole journal. */
export function restoredDuty(journal: Journal, desk: DeskYears, from: 'snapshot' | 'journal') {
  const duty = startDuty({
    journal,
    emit: () => {},
    log: quiet,
    sla: DEFAULT_SLA_SETTINGS,
    clock: stillAt(desk.now),
    snapshotFile: from === 'snapshot' ? snapshotFile(journal.file) : null,
    snapshotFromEvents: 0,
  });
  duty.setFleet(desk.fleet.stations, desk.fleet.devices, new Map(), DEFAULT_SLA_SETTINGS);
  duty.restore();
  return duty;
}
