import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
