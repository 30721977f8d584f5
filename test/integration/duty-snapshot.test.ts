import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type DutySnapshot,
  readSnapshot,
  snapshotFile,
  writeSnapshot,
} from '../../electron/duty-snapshot/file';
import { DutySnapshots, SNAPSHOT_FROM_EVENTS } from '../../electron/duty-snapshot/start';
import { Journal } from '../../electron/store/journal';
import { mulberry32 } from '../../sim/random';
import { desk, FROM, month, stillAt, withoutIds } from '../helpers/duty-snapshot-desk';
import { capture } from '../helpers/log-lines';

/**
 * Start as snapshot + tail (issue 16): for random journals, the duty state a
 * desk brings back from its snapshot and the events after it is the state
 * a full replay of the journal brings back; a snapshot that does not match
 * its chain is refused with a warning and the whole journal is replayed.
 */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dutydesk-snapshot-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('duty state: snapshot + tail ≡ full replay', () => {
  for (let seed = 1; seed <= 16; seed++) {
    it(`random journal ${seed}: snapshots at random points, each desk started from the one before`, async () => {
      const rng = mulberry32(seed * 7919);
      const all = month(seed);
      const end = Math.floor(all.length * (0.3 + 0.7 * rng()));
      // One to three restarts before the last: each takes its snapshot, the next starts from it.
      const cuts = Array.from({ length: 1 + Math.floor(rng() * 3) }, () => Math.floor(end * rng())).sort(
        (a, b) => a - b,
      );
      // Two copies of the desk, restarted at the same points: one from its snapshots, one by whole replay.
      const journal = Journal.open(join(dir, 'journal.sqlite'));
      const control = Journal.open(join(dir, 'control.sqlite'));
      try {
        let written = 0;
        const write = (upTo: number) => {
          for (; written < upTo; written += Math.min(2000, upTo - written)) {
            const batch = all.slice(written, Math.min(upTo, written + 2000));
            journal.appendMany(batch);
            control.appendMany(batch);
          }
        };
        // Some restarts come long after the journal's last event (a desk down for days): deadlines passed meanwhile.
        const downFor = () => (rng() < 0.5 ? 0 : Math.floor(rng() * 4 * 86_400_000));
        for (const cut of cuts) {
          write(cut);
          const t = (all[Math.max(0, cut - 1)]?.ts ?? FROM) + downFor();
          for (const [copy, snapshot] of [
            [journal, true],
            [control, false],
          ] as const) {
            const restarted = desk(copy, t, snapshot);
            expect(await restarted.unbacked()).toEqual([]);
            restarted.duty.stop();
          }
          if (cut > 0) expect(readSnapshot(snapshotFile(journal.file)).snapshot?.seq).toBe(journal.count());
        }
        const cut = cuts.at(-1) ?? 0;
        write(end);
        const t = (all[end - 1]?.ts ?? FROM) + downFor();
        const fromSnapshot = desk(journal, t, true);
        const replayed = desk(control, t, false);
        // Every breach a restart journals is one its restored clocks show: none read before the work orders were back.
        expect(await fromSnapshot.unbacked()).toEqual([]);
        expect(await replayed.unbacked()).toEqual([]);
        // Event ids differ between the two copies; everything else must not.
        const s = withoutIds(await fromSnapshot.state());
        const f = withoutIds(await replayed.state());
        fromSnapshot.duty.stop();
        replayed.duty.stop();
        // What the restarts journalled (breaches of deadlines passed while down, devices out of service) is the same.
        const content = (j: Journal) =>
          j.read({ limit: 1_000_000 }).map((e) => `${e.type}|${e.subject}|${e.ts}|${JSON.stringify(e.data)}`);
        expect(content(journal)).toEqual(content(control));
        if (cut > 0) expect(fromSnapshot.lines.join('\n')).toMatch(/duty state from the snapshot at seq \d+/);
        // Events that no longer fit are reported by both; the snapshot desk skips those of earlier incidents.
        const fullWarnings = new Set(replayed.lines.filter((l) => l.startsWith('warn')));
        for (const line of fromSnapshot.lines.filter((l) => l.startsWith('warn'))) {
          expect(fullWarnings).toContain(line);
        }
        // Every alarm, work order and application, open or long closed, is as the full replay has it (in id order:
        // the lists' own order is the order each came back in).
        const sorted = <T extends { id: string }>(list: readonly T[]) =>
          [...list].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
        expect(sorted(s.alarms.alarms)).toEqual(sorted(f.alarms.alarms));
        expect(s.alarms.flood).toEqual(f.alarms.flood);
        expect(sorted(s.workOrders.workOrders)).toEqual(sorted(f.workOrders.workOrders));
        expect(sorted(s.applications.applications)).toEqual(sorted(f.applications.applications));
        expect(s.applications.exclusions).toEqual(f.applications.exclusions);
        // A clock step leaves the chain intact: its order is seq, not time.
        expect(journal.verify()).toEqual({ ok: true, count: journal.count() });
      } finally {
        journal.close();
        control.close();
      }
    }, 120_000);
  }
});

describe('a snapshot that does not match its chain', () => {
  type Taken = {
    journal: Journal;
    t: number;
    file: string;
    taken: DutySnapshot;
    full: Awaited<ReturnType<ReturnType<typeof desk>['state']>>;
  };

  /** A journal of 3000 events with the snapshot a desk took of it, closed after the test. */
  async function withSnapshot(test: (s: Taken) => Promise<void> | void): Promise<void> {
    const all = month(11);
    const journal = Journal.open(join(dir, 'journal.sqlite'));
    journal.appendMany(all.slice(0, 3000));
    const t = all[2999]?.ts ?? FROM;
    desk(journal, t, true).duty.stop();
    const file = snapshotFile(journal.file);
    const taken = readSnapshot(file).snapshot;
    if (!taken) throw new Error('no snapshot taken');
    try {
      await test({ journal, t, file, taken, full: await desk(journal, t, false).state() });
    } finally {
      journal.close();
    }
  }

  it(
    'is refused when its hash is not the chain’s: a warning, the whole journal replayed, a new one written',
    () =>
      withSnapshot(async ({ journal, t, file, taken, full }) => {
        writeSnapshot(file, { ...taken, hash: '0'.repeat(64) });
        const again = desk(journal, t, true);
        expect(again.lines.join('\n')).toMatch(
          /warn duty snapshot refused \(its hash at seq \d+ is not the chain’s\)|warn duty snapshot refused \(its hash at seq \d+ is not the chain's\)/,
        );
        const state = await again.state();
        expect(state.workOrders).toEqual(full.workOrders);
        expect(state.alarms.alarms.length).toBe(full.alarms.alarms.length);
        again.duty.stop();
        expect(readSnapshot(file).snapshot?.hash).toBe(taken.hash);
      }),
    60_000,
  );

  it(
    'is refused when it is past the end of the journal (an older copy of the journal)',
    () =>
      withSnapshot(async ({ journal, t, file, taken }) => {
        writeSnapshot(file, { ...taken, seq: taken.seq + 10 });
        const again = desk(journal, t, true);
        expect(again.lines.join('\n')).toContain(
          `it is at seq ${taken.seq + 10}, the journal ends at ${taken.seq}`,
        );
        again.duty.stop();
      }),
    60_000,
  );

  it(
    'is refused when it is not a snapshot at all, and deleting it costs one full replay',
    () =>
      withSnapshot(async ({ journal, t, file, full }) => {
        writeFileSync(file, '{"version": 1, "seq": "twelve"');
        const garbled = desk(journal, t, true);
        expect(garbled.lines.join('\n')).toMatch(/warn duty snapshot refused \(not a duty snapshot: /);
        expect((await garbled.state()).workOrders).toEqual(full.workOrders);
        garbled.duty.stop();
        rmSync(file);
        const none = desk(journal, t, true);
        expect(none.lines.filter((l) => l.includes('snapshot refused'))).toEqual([]);
        expect((await none.state()).workOrders).toEqual(full.workOrders);
        none.duty.stop();
        expect(readSnapshot(file).snapshot?.seq).toBe(journal.count());
      }),
    60_000,
  );

  it(
    'brings back no record from the snapshot alone: a subject it names but the journal lacks stays absent',
    () =>
      withSnapshot(async ({ journal, t, file, taken }) => {
        const none = { seqs: [], starts: [] };
        writeSnapshot(file, {
          ...taken,
          subjects: { ...taken.subjects, 'WO-9999': none, 'AP-9999': none, 'st001-ac1:forged': none },
        });
        const state = await desk(journal, t, true).state();
        expect(state.workOrders.workOrders.map((o) => o.id)).not.toContain('WO-9999');
        expect(state.applications.applications.map((a) => a.id)).not.toContain('AP-9999');
        expect(state.alarms.alarms.map((a) => a.id)).not.toContain('st001-ac1:forged');
      }),
    60_000,
  );

  it(
    'is refused when it names another subject’s event, or one past its seq, as a subject’s',
    () =>
      withSnapshot(async ({ journal, t, file, taken, full }) => {
        const [subject, entry] = Object.entries(taken.subjects).find(([, e]) => e.seqs.length > 1) ?? [];
        if (!subject || !entry) throw new Error('no subject with events in the snapshot');
        const other = Object.values(taken.subjects)
          .flatMap((e) => e.seqs)
          .find((seq) => !entry.seqs.includes(seq));
        for (const seqs of [
          [...entry.seqs, other ?? 1].sort((a, b) => a - b),
          [...entry.seqs, taken.seq + 50],
        ]) {
          writeSnapshot(file, { ...taken, subjects: { ...taken.subjects, [subject]: { ...entry, seqs } } });
          const again = desk(journal, t, true);
          expect(again.lines.join('\n')).toMatch(
            /warn duty snapshot refused \((its event at seq \d+ is not one of|it names the event at seq \d+ for|it names events after its seq)/,
          );
          expect((await again.state()).workOrders).toEqual(full.workOrders);
          again.duty.stop();
        }
      }),
    60_000,
  );
});

describe('derived data deleted', () => {
  /** Empties the postings as a tool from outside would: their append-only triggers dropped, then put back. */
  function deletePostings(file: string): void {
    const raw = new Database(file);
    try {
      const triggers = raw
        .prepare<[], { name: string; sql: string }>(
          "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('journal_postings', 'journal_chunks')",
        )
        .all();
      for (const { name } of triggers) raw.exec(`DROP TRIGGER ${name}`);
      raw.exec('DELETE FROM journal_postings; DELETE FROM journal_chunks;');
      for (const { sql } of triggers) raw.exec(sql);
    } finally {
      raw.close();
    }
  }

  it('a desk whose snapshot and postings were deleted comes back the same, and both are made again', async () => {
    const all = month(6);
    const file = join(dir, 'journal.sqlite');
    // Small chunks, so the postings span many of them.
    const chunk = 500;
    let journal = Journal.open(file, { indexChunk: chunk });
    try {
      for (let i = 0; i < 4_000; i += 100) journal.appendMany(all.slice(i, i + 100));
      const t = all[3_999]?.ts ?? FROM;
      desk(journal, t, true).duty.stop();
      const first = desk(journal, t, true);
      // The lists, not how they came back (whole replay or snapshot and archive).
      const lists = async (d: ReturnType<typeof desk>) => {
        const { archived: _how, ...state } = await d.state();
        return withoutIds(state);
      };
      const before = await lists(first);
      first.duty.stop();
      const order = before.workOrders.workOrders.at(-1)?.id ?? 'none';
      const lookups = [{ subject: order }, { type: 'alarm.raised' }].map((q) =>
        journal.read({ ...q, limit: 100_000 }),
      );
      const chunks = (f: string) => {
        const raw = new Database(f, { readonly: true });
        try {
          return raw.prepare('SELECT first_seq, last_seq FROM journal_chunks ORDER BY first_seq').all();
        } finally {
          raw.close();
        }
      };
      const posted = chunks(file);
      expect(posted.length).toBeGreaterThan(4);
      journal.close();

      rmSync(snapshotFile(file));
      deletePostings(file);
      expect(chunks(file)).toEqual([]);
      journal = Journal.open(file, { indexChunk: chunk });
      // Posted again on open, chunk by chunk as the appends had them.
      expect(chunks(file)).toEqual(posted);
      expect(
        [{ subject: order }, { type: 'alarm.raised' }].map((q) => journal.read({ ...q, limit: 100_000 })),
      ).toEqual(lookups);
      // No snapshot: the whole journal, nothing refused; its stop writes the snapshot the next start reads.
      const replayed = desk(journal, t, true);
      expect(await lists(replayed)).toEqual(before);
      expect(replayed.lines.filter((l) => l.includes('snapshot refused'))).toEqual([]);
      replayed.duty.stop();
      expect(readSnapshot(snapshotFile(file)).snapshot?.seq).toBe(journal.count());
      const again = desk(journal, t, true);
      expect(await lists(again)).toEqual(before);
      expect(again.lines.join('\n')).toMatch(/duty state from the snapshot at seq \d+/);
      again.duty.stop();
      expect(journal.verify()).toEqual({ ok: true, count: journal.count() });
    } finally {
      journal.close();
    }
  }, 60_000);
});

describe('the desk’s default', () => {
  it('starts a journal shorter than SNAPSHOT_FROM_EVENTS by whole replay, though a snapshot is kept', () => {
    const all = month(4);
    const journal = Journal.open(join(dir, 'journal.sqlite'));
    try {
      journal.appendMany(all);
      const t = all.at(-1)?.ts ?? FROM;
      desk(journal, t, true).duty.stop();
      expect(readSnapshot(snapshotFile(journal.file)).snapshot?.seq).toBe(journal.count());
      const { log, lines } = capture();
      const start = new DutySnapshots({ journal, file: snapshotFile(journal.file), log, clock: stillAt(t) });
      expect(journal.count()).toBeLessThan(SNAPSHOT_FROM_EVENTS);
      expect(start.history()).toMatchObject({ from: 'journal', archiveUpTo: 0 });
      expect(lines).toEqual([]);
    } finally {
      journal.close();
    }
  }, 60_000);
});
