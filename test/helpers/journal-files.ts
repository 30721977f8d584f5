import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach } from 'vitest';
import { Journal } from '../../electron/store/journal';
import type { JournalEvent, JournalInput } from '../../shared/journal/event';

export const monitor = { user: 'li.wei', role: 'monitor' };

/** The n-th test event: alternating types, three subjects, data with non-ASCII text and nesting. */
export const input = (n: number, extra: Partial<JournalInput> = {}): JournalInput => ({
  type: n % 2 ? 'alarm.raised' : 'alarm.acked',
  subject: `sx0${n % 3}-dc1`,
  data: { n, text: `事件 ${n}`, nested: { b: [n, null], a: true } },
  actor: monitor,
  ...extra,
});

export function fill(journal: Journal, count: number): JournalEvent[] {
  return Array.from({ length: count }, (_, i) => journal.append(input(i + 1)));
}

/**
 * A fresh folder for each test of the calling file, with every journal and raw
 * connection a test opened there closed, and the folder removed, after it.
 */
export function journalFolder() {
  let dir = '';
  const open: Journal[] = [];
  const raw: Database.Database[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dutydesk-journal-'));
  });
  afterEach(() => {
    for (const db of raw.splice(0)) if (db.open) db.close();
    for (const journal of open.splice(0)) journal.close();
    rmSync(dir, { recursive: true, force: true });
  });
  /** A connection the test opened some other way, closed with the rest. */
  const closedAfterTest = (db: Database.Database) => {
    raw.push(db);
    return db;
  };
  return {
    /** A path inside this test's folder. */
    fileIn: (...parts: string[]) => join(dir, ...parts),
    journalAt(file: string, options: Parameters<typeof Journal.open>[1] = {}): Journal {
      const journal = Journal.open(file, options);
      open.push(journal);
      return journal;
    },
    /** A second, unguarded connection to the same file, as a tool or an attacker would have. */
    rawAt(file: string, options: Database.Options = {}): Database.Database {
      return closedAfterTest(new Database(file, options));
    },
    closedAfterTest,
  };
}
