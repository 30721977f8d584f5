import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { takeFullBackup } from '../../electron/backup/full';
import { takeIncrementalBackup } from '../../electron/backup/incremental';
import { scanBackups } from '../../electron/backup/layout';
import { backupsToPrune, pruneBackups } from '../../electron/backup/prune';
import { restore } from '../../electron/backup/restore';
import { BackupScheduler } from '../../electron/backup/scheduler';
import { createLogger } from '../../electron/log/logger';
import { Journal } from '../../electron/store/journal';
import { BackupConfig } from '../../shared/config/schema';
import type { JournalInput } from '../../shared/journal/event';

const DAY = 86_400_000;
const KEEP = 1827;
/** "Now" of these tests; backups are dated before it as if taken over the years. */
const NOW = Date.UTC(2032, 5, 1);

const event = (i: number): JournalInput => ({
  type: 'handover.note',
  subject: 'shift',
  data: { n: i, text: '交接班 备注' },
  actor: { user: 'li.na', role: 'shift-lead' },
});

let dir: string;
let backups: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dutydesk-prune-'));
  backups = join(dir, 'backups');
});

/** An increment of what was appended since `afterSeq`, its file dated `daysAgo`. */
async function increment(journal: Journal, afterSeq: number, daysAgo: number): Promise<string> {
  const written = await takeIncrementalBackup(journal, backups, afterSeq);
  if (!written) throw new Error('nothing to back up');
  const at = new Date(NOW - daysAgo * DAY);
  utimesSync(written.file, at, at);
  return written.file;
}

/** Six years of backups: a full each year (dated), with one increment after each. */
async function years(journal: Journal) {
  const taken: { full: string; incr: string; daysAgo: number }[] = [];
  for (const daysAgo of [6 * 365 + 30, 5 * 365 + 40, 4 * 365, 2 * 365, 10]) {
    journal.appendMany(Array.from({ length: 20 }, (_, i) => event(i)));
    const { dir: full, manifest } = await takeFullBackup(journal, null, backups, NOW - daysAgo * DAY);
    journal.appendMany(Array.from({ length: 5 }, (_, i) => event(100 + i)));
    taken.push({ full, incr: await increment(journal, manifest.journal.lastSeq, daysAgo - 1), daysAgo });
  }
  return taken;
}

describe('backup pruning', () => {
  let journal: Journal;
  beforeEach(() => {
    journal = Journal.open(join(dir, 'journal.sqlite'));
  });
  afterEach(() => journal.close());

  it('removes only backups older than five years, and restore still rebuilds the whole journal', async () => {
    const taken = await years(journal);
    const [oldest, older, ...young] = taken;
    if (!oldest || !older) throw new Error('no backups');
    const result = pruneBackups(backups, NOW, KEEP);
    expect(result.removed).toEqual([oldest.full, oldest.incr, older.full, older.incr]);
    expect(result.keptForRestore).toEqual([]);
    for (const gone of result.removed) expect(existsSync(gone)).toBe(false);
    for (const kept of young) {
      expect(existsSync(kept.full)).toBe(true);
      expect(existsSync(kept.incr)).toBe(true);
    }
    // A second run finds nothing more to do.
    expect(pruneBackups(backups, NOW, KEEP).removed).toEqual([]);

    const report = await restore({ from: backups, data: join(dir, 'restored') });
    expect(report).toMatchObject({ events: journal.count(), lastHash: journal.last()?.hash });
    const copy = Journal.open(join(dir, 'restored', 'journal.sqlite'));
    try {
      expect(copy.verify()).toEqual({ ok: true, count: journal.count() });
    } finally {
      copy.close();
    }
  });

  it('never removes anything younger than the keep window, even one day short of it', async () => {
    journal.appendMany(Array.from({ length: 10 }, (_, i) => event(i)));
    const edge = await takeFullBackup(journal, null, backups, NOW - (KEEP - 1) * DAY);
    journal.append(event(11));
    const edgeIncr = await increment(journal, 10, KEEP - 1);
    journal.append(event(12));
    await takeFullBackup(journal, null, backups, NOW);
    expect(pruneBackups(backups, NOW, KEEP).removed).toEqual([]);
    expect(existsSync(edge.dir) && existsSync(edgeIncr)).toBe(true);
    // A longer window keeps more: the same folder two days later still loses nothing at 3650 days.
    expect(backupsToPrune(scanBackups(backups), NOW + 2 * DAY, 3650).removed).toEqual([]);
    expect(backupsToPrune(scanBackups(backups), NOW + 2 * DAY, KEEP).removed).toEqual([edge.dir, edgeIncr]);
  });

  it('keeps the newest full backup and the increments after it however old they are', async () => {
    // A desk whose full backups stopped seven years ago, with increments ever since.
    journal.appendMany(Array.from({ length: 10 }, (_, i) => event(i)));
    await takeFullBackup(journal, null, backups, NOW - 8 * 365 * DAY);
    journal.append(event(10));
    const beforeNewest = await increment(journal, 10, 8 * 365 - 5);
    journal.append(event(11));
    const { dir: newest } = await takeFullBackup(journal, null, backups, NOW - 7 * 365 * DAY);
    journal.append(event(12));
    const afterOld = await increment(journal, 12, 7 * 365 - 1);
    journal.append(event(13));
    const afterYoung = await increment(journal, 13, 1);

    const result = pruneBackups(backups, NOW, KEEP);
    expect(result.keptForRestore).toEqual([newest, afterOld]);
    expect(existsSync(newest) && existsSync(afterOld) && existsSync(afterYoung)).toBe(true);
    expect(result.removed).toHaveLength(2);
    expect(result.removed).toContain(beforeNewest);
    const report = await restore({ from: backups, data: join(dir, 'restored') });
    expect(report).toMatchObject({ events: 14, lastSeq: 14 });
  });

  it('removes nothing without a full backup, and nothing when the folder cannot be read completely', async () => {
    journal.appendMany(Array.from({ length: 3 }, (_, i) => event(i)));
    const lonely = await increment(journal, 0, 9 * 365);
    expect(pruneBackups(backups, NOW, KEEP)).toEqual({ removed: [], keptForRestore: [] });
    expect(existsSync(lonely)).toBe(true);

    await takeFullBackup(journal, null, backups, NOW - 9 * 365 * DAY);
    await takeFullBackup(journal, null, backups, NOW);
    const damaged = join(backups, 'full-20200101T000000Z');
    mkdirSync(damaged);
    writeFileSync(join(damaged, 'manifest.json'), '{"format": "dutydesk-backup"');
    const before = readdirSync(backups).sort();
    expect(() => pruneBackups(backups, NOW, KEEP)).toThrow(/full-20200101T000000Z.*manifest\.json/);
    expect(readdirSync(backups).sort()).toEqual(before);
  });

  it('runs after each full backup the scheduler takes, with the configured window', async () => {
    journal.appendMany(Array.from({ length: 5 }, (_, i) => event(i)));
    const { dir: ancient } = await takeFullBackup(journal, null, backups, NOW - 6 * 365 * DAY);
    journal.append(event(6));
    const lines: string[] = [];
    const scheduler = new BackupScheduler(
      {
        dir: backups,
        // No full backup falls due by itself during the test: only the explicit ones run.
        fullEveryMs: 10 * 365 * DAY,
        incrementalEveryMs: 3_600_000,
        firstFullAfterMs: 60_000,
        keepDays: BackupConfig.parse({}).keepDays,
      },
      {
        journal,
        history: null,
        log: createLogger('test', (l) => lines.push(l)),
        onChange: () => {},
        now: () => NOW,
      },
    );
    scheduler.start();
    // An increment prunes nothing; the full backup after it does.
    await scheduler.incremental();
    const [written] = scanBackups(backups).incrementals;
    if (!written) throw new Error('no increment');
    utimesSync(written.file, new Date(NOW - DAY), new Date(NOW - DAY));
    expect(existsSync(ancient)).toBe(true);
    await scheduler.full();
    await scheduler.stop();
    expect(existsSync(ancient)).toBe(false);
    expect(existsSync(written.file)).toBe(true);
    expect(scheduler.status()).toMatchObject({ lastError: null, lastSeq: 6 });
    expect(lines.join('')).toMatch(/removed 1 backups older than 1827 days/);
    const left = scanBackups(backups);
    expect(left.fulls.map((f) => f.manifest.createdAt)).toEqual([NOW]);
  });
});

describe('backup retention settings', () => {
  it('defaults to five years (1827 days) and refuses less, naming the rule', () => {
    expect(BackupConfig.parse({}).keepDays).toBe(1827);
    expect(BackupConfig.parse({ keepDays: 3650 }).keepDays).toBe(3650);
    const short = BackupConfig.safeParse({ keepDays: 1826 });
    expect(short.success).toBe(false);
    expect(short.error?.issues[0]).toMatchObject({
      path: ['keepDays'],
      message: 'at least 1827 days: records are kept five years',
    });
  });
});
