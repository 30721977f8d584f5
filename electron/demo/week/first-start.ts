import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadProfiles } from '../../../node/profiles';
import type { DeskConfigInput } from '../../../shared/config/schema';
import { DEFAULT_FLEET_SEED } from '../../../sim/fleet';
import type { Logger } from '../../log/logger';
import { Journal } from '../../store/journal';
import type { DemoWeekSummary } from './marker';
import { DEMO_RESET_DONE, pendingReset } from './reset';
import { writeDemoWeek } from './write';

export type FirstStartOptions = {
  /** The desk's data folder; the demo desk keeps its journal in `demo/` beneath it. */
  dataDir: string;
  resourcesDir: string;
  config: DeskConfigInput;
  /** The demo fleet's start instant (--at, checked), or null for now. */
  at: number | null;
  seed: number | undefined;
  log: Logger;
  now?: () => number;
};

/** The demo desk's journal folder under a data folder. */
export const demoDir = (dataDir: string) => join(dataDir, 'demo');

/**
 * On the demo desk's first start (no demo journal yet) writes the week
 * before it, ending at the fleet's start instant, so every screen has
 * something to show; a later start finds the journal and writes nothing,
 * unless a shift lead asked for a reset since: then the week is written
 * again in place of the old record, and the new journal says who asked.
 */
export async function firstStartWeek(options: FirstStartOptions): Promise<DemoWeekSummary | null> {
  const dir = demoDir(options.dataDir);
  const file = join(dir, 'journal.sqlite');
  if (!existsSync(file)) return writeWeek(options, dir);
  const reset = withJournal(file, pendingReset);
  if (!reset) return null;
  const week = await writeWeek(options, dir);
  withJournal(file, (journal) =>
    journal.append({
      type: DEMO_RESET_DONE,
      subject: 'demo',
      data: { requestedAt: reset.requestedAt, replacedHead: reset.replacedHead },
      reason: reset.reason,
      actor: reset.actor,
    }),
  );
  options.log.info(`demo reset to its generated week, as ${reset.actor.user} asked: ${reset.reason}`);
  return week;
}

function withJournal<T>(file: string, use: (journal: Journal) => T): T {
  const journal = Journal.open(file);
  try {
    return use(journal);
  } finally {
    journal.close();
  }
}

function writeWeek(options: FirstStartOptions, dir: string): Promise<DemoWeekSummary> {
  return writeDemoWeek({
    dir,
    config: options.config,
    profiles: loadProfiles(join(options.resourcesDir, 'profiles')),
    anchor: options.at ?? (options.now ?? Date.now)(),
    seed: options.seed ?? DEFAULT_FLEET_SEED,
    log: options.log,
  });
}
