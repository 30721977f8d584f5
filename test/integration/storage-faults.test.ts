import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/store/database';
import { Journal } from '../../electron/store/journal';
import { startStore } from '../../electron/store/service';
import { STORAGE_REASONS, StoreUnavailable, storageFault } from '../../electron/store/writable';
import type { EventFrame } from '../../shared/api/frames';
import type { StoreStatus } from '../../shared/api/store';
import { BackupConfig, HistoryRetention } from '../../shared/config/schema';
import type { RunningFleet } from '../../sim/fleet';
import { alarmWhere, refusal } from '../helpers/contract-calls';
import {
  type ContractClient,
  type DeskWithClients,
  quietLog,
  signIn,
  startDeskWithClients,
  type Transport,
} from '../helpers/desk';

/**
 * Issue 16, "Disk full" and "Read-only data folder": the desk's data folder
 * sits on a 4 MB tmpfs that the test fills with a file. Mounting needs root,
 * as in this project's container. Without it the journal-level test runs on
 * SQLite's own full condition (PRAGMA max_page_count) and says so in its
 * name; the tests that need a real file system say in theirs that they did
 * not run.
 */
const root = mkdtempSync(join(tmpdir(), 'dutydesk-storage-'));
const mounts: string[] = [];

function smallDisk(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir], { stdio: 'ignore' });
  mounts.push(dir);
  return dir;
}

const canMount = (() => {
  try {
    smallDisk('probe');
    return true;
  } catch {
    return false;
  }
})();
const NEEDS_ROOT = canMount ? '' : ' — NOT RUN: mounting a tmpfs needs root';

/** Writes a file until the disk refuses with ENOSPC; returns it, for the test to free the space. */
function fill(dir: string): string {
  const file = join(dir, 'filler');
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(16 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  // What the file system still takes in smaller pieces: nothing is left for a WAL frame.
  const rest = openSync(file, 'a');
  try {
    for (;;) writeSync(rest, Buffer.alloc(512, 1));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(rest);
  }
  return file;
}

/**
 * A committed checkpoint that truncates the WAL, as SQLite's own tools may:
 * afterwards every commit needs new space, so a full disk refuses the next
 * one instead of letting it reuse WAL frames already on disk.
 */
function truncateWal(file: string): void {
  const db = new Database(file);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** The journal as it is on disk, through a read-only connection: the chain check and the acknowledgements. */
function onDisk(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const journal = new Journal(db);
    const acked = journal.read({ type: 'alarm.acked', limit: 10_000 }).map((e) => e.subject);
    return { verify: journal.verify(), count: journal.count(), acked };
  } finally {
    db.close();
  }
}

/** Polls store.status until `accept` holds; history flushes once a second at its own pace. */
async function statusWhere(
  client: ContractClient,
  accept: (s: StoreStatus) => boolean,
): Promise<StoreStatus> {
  const end = Date.now() + 15_000;
  for (;;) {
    const status = await client.request('store.status', {});
    if (accept(status)) return status;
    if (Date.now() > end) throw new Error(`store status never got there: ${JSON.stringify(status)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

afterAll(() => {
  for (const dir of mounts) execFileSync('umount', ['-l', dir]);
  rmSync(root, { recursive: true, force: true });
});

describe.runIf(canMount)(`a full data disk under a running desk (4 MB tmpfs)${NEEDS_ROOT}`, () => {
  let desk: DeskWithClients<'admin'>;
  let fleet: RunningFleet;
  let data: string;
  let admin: Transport;

  beforeAll(async () => {
    data = smallDisk('desk');
    desk = await startDeskWithClients({ stations: 2, dataDir: data }, { admin: {} });
    fleet = desk.fleet;
    admin = desk.clients.admin;
    await signIn(admin.client);
  }, 30_000);

  afterAll(() => desk?.stop());

  it('refuses an acknowledgement with the reason, keeps the wall and every earlier event, and takes the next one once space is freed', async () => {
    const { client } = admin;
    const chargers = fleet.config.devices.filter((d) => d.profile === 'dc-120kw-dual').slice(0, 2);
    if (chargers.length < 2) throw new Error('the fleet needs two DC chargers');
    const [first, second] = chargers.map((d) => `${d.id}:insulationFault`) as [string, string];
    for (const d of chargers) fleet.anomaly(d.id, 'insulation-fault');
    await alarmWhere(client, first, (a) => a.state === 'active-unacknowledged');
    await alarmWhere(client, second, (a) => a.state === 'active-unacknowledged');
    await client.request('alarm.ack', { id: first });
    const journalFile = join(data, 'journal.sqlite');
    const before = onDisk(journalFile);
    expect(before.acked).toEqual([first]);

    truncateWal(journalFile);
    const filler = fill(data);
    const message = await refusal(client.request('alarm.ack', { id: second }));
    expect(message).toBe(`unavailable: ${STORAGE_REASONS.full}`);

    const status = await client.request('store.status', {});
    expect(status.journal.writable).toMatchObject({ ok: false, cause: 'full', reason: STORAGE_REASONS.full });
    const pushed = client.events.filter((e) => e.event === 'store.changed').map((e) => e.data as StoreStatus);
    expect(pushed.some((s) => !s.journal.writable.ok)).toBe(true);

    // Telemetry history on the same disk reports its failed writes in the status, and goes on trying.
    const history = await statusWhere(client, (s) => s.history.error !== null);
    expect(history.history.error).toMatch(/^history not written/);

    // The wall keeps updating: fresh deltas arrive after the refusal.
    const seen = client.deltas.length;
    await client.waitFor(() => (client.deltas.length > seen + 2 ? true : undefined));

    // Nothing acknowledged before is lost, and the refused write left the chain as it was.
    const during = onDisk(journalFile);
    expect(during.verify).toEqual({ ok: true, count: during.count });
    expect(during.acked).toEqual([first]);
    expect(during.count).toBeGreaterThanOrEqual(before.count);

    rmSync(filler);
    await client.request('alarm.ack', { id: second });
    const after = onDisk(journalFile);
    expect(after.acked).toEqual([first, second]);
    expect(after.verify).toEqual({ ok: true, count: after.count });
    expect((await client.request('store.status', {})).journal.writable).toEqual({ ok: true });
    await statusWhere(client, (s) => s.history.error === null);
  }, 60_000);
});

/**
 * A journal whose disk can be filled and freed again: a 4 MB tmpfs filled
 * with a file, or without root the connection's max_page_count held at the
 * pages the file has.
 */
function fillableJournal(now: () => number) {
  if (canMount) {
    const dir = smallDisk('journal');
    const journal = Journal.open(join(dir, 'journal.sqlite'), { now });
    return {
      dir,
      journal,
      fill() {
        truncateWal(journal.file);
        const filler = fill(dir);
        return () => rmSync(filler);
      },
    };
  }
  const dir = mkdtempSync(join(root, 'journal-'));
  const db = openDatabase(join(dir, 'journal.sqlite'));
  const journal = new Journal(db, { now });
  return {
    dir,
    journal,
    fill() {
      const limit = db.pragma('max_page_count', { simple: true }) as number;
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
      return () => db.pragma(`max_page_count = ${limit}`);
    },
  };
}

/** The writable state of the last store.changed, once the store has sent what this turn changed. */
async function pushedWritable(frames: readonly EventFrame[]) {
  await new Promise((resolve) => setImmediate(resolve));
  const last = frames.filter((f) => f.event === 'store.changed').at(-1);
  return (last?.data as StoreStatus | undefined)?.journal.writable;
}

const FULL_BY = canMount ? '4 MB tmpfs' : 'SQLite PRAGMA max_page_count, as mounting a tmpfs needs root';

describe(`the journal on a disk that fills up (${FULL_BY})`, () => {
  it('a refused append leaves the chain exactly as it was and is pushed in store.changed; the probe clears the state once space returns', async () => {
    let now = 1_000;
    const { dir, journal, fill: fillUp } = fillableJournal(() => now);
    const frames: EventFrame[] = [];
    const probes: (() => void)[] = [];
    const store = startStore({
      journal,
      dir,
      retention: HistoryRetention.parse({}),
      backup: BackupConfig.parse({ enabled: false }),
      log: quietLog,
      emit: (frame) => frames.push(frame),
      repeat: (probe) => {
        probes.push(probe);
        return () => probes.splice(probes.indexOf(probe), 1);
      },
    });
    try {
      const actor = { user: 'admin', role: 'admin' as const };
      journal.append({ type: 'test.kept', subject: 's', data: { n: 1 }, actor });
      const last = journal.last();
      const free = fillUp();
      now = 2_000;
      let refused: unknown;
      try {
        journal.append({ type: 'test.refused', subject: 's', data: { text: 'x'.repeat(200_000) }, actor });
      } catch (error) {
        refused = error;
      }
      expect(refused).toBeInstanceOf(StoreUnavailable);
      expect((refused as StoreUnavailable).code).toBe('unavailable');
      expect(journal.last()).toEqual(last);
      expect(journal.verify()).toEqual({ ok: true, count: 1 });
      expect(journal.writable.current()).toEqual({
        ok: false,
        cause: 'full',
        reason: STORAGE_REASONS.full,
        since: 2_000,
      });
      expect(probes).toHaveLength(1);
      expect(await pushedWritable(frames)).toMatchObject({ ok: false, cause: 'full' });

      // Still full, the probe fails and keeps the time the fault was first seen. Only a real disk
      // shows it: under max_page_count the probe's one-row update fits in a page the file has.
      if (canMount) {
        now = 3_000;
        probes[0]?.();
        expect(journal.writable.current()).toMatchObject({ ok: false, since: 2_000 });
      }

      free();
      probes[0]?.();
      expect(journal.writable.current()).toEqual({ ok: true });
      expect(probes).toHaveLength(0);
      expect(await pushedWritable(frames)).toEqual({ ok: true });
      expect(journal.append({ type: 'test.after', subject: 's', data: {}, actor }).seq).toBe(2);
    } finally {
      void store.stop();
      journal.close();
    }
  });
});

describe('a data folder that turns read-only', () => {
  it('(SQLite PRAGMA query_only: a tmpfs with the journal open for writing cannot be remounted read-only) refuses appends with the read-only reason, the chain as it was, and recovers', () => {
    const db = openDatabase(join(mkdtempSync(join(root, 'ro-')), 'journal.sqlite'));
    const journal = new Journal(db, { now: () => 5_000 });
    const actor = { user: 'admin', role: 'admin' as const };
    try {
      journal.append({ type: 'test.kept', subject: 's', data: {}, actor });
      const last = journal.last();
      db.pragma('query_only = ON');
      expect(() => journal.append({ type: 'test.refused', subject: 's', data: {}, actor })).toThrow(
        STORAGE_REASONS['read-only'],
      );
      expect(journal.writable.current()).toMatchObject({ ok: false, cause: 'read-only', since: 5_000 });
      expect(journal.last()).toEqual(last);
      expect(journal.verify()).toEqual({ ok: true, count: 1 });
      db.pragma('query_only = OFF');
      expect(journal.append({ type: 'test.after', subject: 's', data: {}, actor }).seq).toBe(2);
      expect(journal.writable.current()).toEqual({ ok: true });
    } finally {
      journal.close();
    }
  });

  it.runIf(canMount)(
    `a disk I/O error on a folder mounted read-only, or on a full one, is told apart by asking the file system${NEEDS_ROOT}`,
    () => {
      const ro = smallDisk('ro');
      execFileSync('mount', ['-o', 'remount,ro', ro]);
      expect(storageFault(join(ro, 'journal.sqlite'), { code: 'SQLITE_IOERR_WRITE' })).toBe('read-only');
      const full = smallDisk('full');
      fill(full);
      expect(storageFault(join(full, 'journal.sqlite'), { code: 'SQLITE_IOERR_FSYNC' })).toBe('full');
      const roomy = smallDisk('roomy');
      expect(storageFault(join(roomy, 'journal.sqlite'), { code: 'SQLITE_IOERR_WRITE' })).toBeNull();
    },
  );
});
