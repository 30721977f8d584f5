import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticFleet } from '../../bench/report-month';
import type { Logger } from '../../electron/log/logger';
import { periodEvents } from '../../electron/reports/journal-reader';
import {
  DUTY_EVENT_TYPES,
  PeriodIndex,
  type PeriodLookup,
  periodIndexFile,
} from '../../electron/reports/period-index';
import { periodIndexInWorker } from '../../electron/reports/period-index-client';
import { ReportService } from '../../electron/reports/service';
import { Journal } from '../../electron/store/journal';
import { resourcesDir } from '../../node/resources';
import type { ReportKind } from '../../shared/api/reports';
import { DEFAULT_SHIFT_SCHEDULE } from '../../shared/handover/schedule';
import type { JournalInput } from '../../shared/journal/event';
import { monthRange } from '../../shared/report/period';
import { RULES_EVENT } from '../../shared/report/rules';
import { DEFAULT_SLA_SETTINGS } from '../../shared/triage/sla';
import { workerForSuite } from '../helpers/bundle';
import { capture } from '../helpers/log-lines';
import { randomJournal } from './report-period-journal';

/**
 * A month's reports read the month (and what was open when it began), not
 * the desk's whole past (issue 16): for random journals over several
 * months, every report of every month computed through the period index is
 * the report a fold of the whole journal gives, to the byte of its CSV; and
 * the index is derived data — deleted, garbled or another journal's, it is
 * rebuilt, and reports never depend on it being there.
 */

const ZONE = 'Asia/Shanghai';
const MONTHS = ['2026-03', '2026-04', '2026-05', '2026-06'];
const ASKED = ['2026-02', ...MONTHS, '2026-07'];
const KINDS: ReportKind[] = ['monthly', 'sla', 'availability', 'alarmKpi'];
const fleet = syntheticFleet(2);
const ranges = MONTHS.map((m) => monthRange(m, ZONE));
const END = ranges.at(-1)?.to ?? 0;
const MONITOR = { user: 'mon-a', role: 'monitor' };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dutydesk-period-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Small postings chunks and carry-in points, so a few months cross many of both. */
const openJournal = (file: string) => Journal.open(file, { indexChunk: 300 });
const openIndex = (journal: Journal, log?: Logger) =>
  PeriodIndex.open(journal, periodIndexFile(journal.file), { boundary: 250, ...(log ? { log } : {}) });

function write(journal: Journal, events: readonly JournalInput[]): void {
  for (let at = 0; at < events.length; at += 2000) journal.appendMany(events.slice(at, at + 2000));
}

function service(journal: Journal, index: PeriodLookup | null, now: number, log?: Logger) {
  return new ReportService({
    journal,
    index,
    ...(log ? { log } : {}),
    fleet: () => ({ ...fleet, sla: DEFAULT_SLA_SETTINGS, shifts: DEFAULT_SHIFT_SCHEDULE }),
    // No history: energy comes from the recorded sessions on both sides.
    counter: async () => null,
    resourcesDir: resourcesDir(),
    now: () => now,
  });
}

/** Every report of `month` as CSV text, and as the objects the screen gets. */
async function reports(reports: ReportService, month: string) {
  const csv: string[] = [];
  for (const report of KINDS) {
    const file = await reports.export({ report, format: 'csv', month, lang: 'zh-CN' });
    expect(file.chunks).toBe(1);
    csv.push(Buffer.from(file.base64, 'base64').toString('utf8'));
  }
  const objects = {
    monthly: await reports.monthly(month),
    sla: await reports.sla(month),
    availability: await reports.availability(month),
    alarmKpi: await reports.alarmKpi(month),
  };
  return { csv, objects };
}

describe('a period report ≡ the report of a fold of the whole journal', () => {
  for (let seed = 1; seed <= 6; seed++) {
    it(`random journal ${seed}: every month, through the index and by the whole journal`, async () => {
      const journal = openJournal(join(dir, 'journal.sqlite'));
      const all = randomJournal(fleet, ranges, seed);
      // Part of it first: the index is built, then kept up as the rest arrives.
      const cut = Math.floor(all.length * 0.55);
      write(journal, all.slice(0, cut));
      const index = openIndex(journal);
      expect(index).not.toBeNull();
      await index?.catchUp();
      write(journal, all.slice(cut));
      const now = seed % 3 === 0 ? (ranges[3]?.from ?? 0) + 9 * 86_400_000 : END + 3_600_000;
      const indexed = service(journal, index, now);
      const whole = service(journal, null, now);
      let carried = 0;
      for (const month of ASKED) {
        const a = await reports(indexed, month);
        const b = await reports(whole, month);
        expect(a.csv).toEqual(b.csv);
        expect(a.objects).toEqual(b.objects);
        const { from, to } = monthRange(month, ZONE);
        if ((index?.carryAt(Number.MAX_SAFE_INTEGER).seq ?? 0) > 0) {
          carried += periodEvents(journal, index, from, to).named.length;
        }
      }
      // The index was used: months after the first began from a carry-in point with named points.
      expect(index?.indexedTo()).toBeGreaterThan(cut - 250);
      expect(carried).toBeGreaterThan(0);
      index?.close();
      journal.close();
    });
  }

  it('the whole-journal read is every alarm, work-order, application and revision event before the end', () => {
    const journal = openJournal(join(dir, 'journal.sqlite'));
    write(journal, randomJournal(fleet, ranges, 7));
    const types = new Set<string>([...DUTY_EVENT_TYPES, RULES_EVENT]);
    for (const { from, to } of ranges) {
      const read = periodEvents(journal, null, from, to).events.filter((e) => types.has(e.type));
      const everything = journal.read({ limit: 1_000_000 }).filter((e) => types.has(e.type) && e.ts < to);
      expect(read.map((e) => e.seq)).toEqual(everything.map((e) => e.seq));
    }
    journal.close();
  });
});

describe('carry-in rules the random journals never reach', () => {
  it('a condition still active under a normal state is carried: the device stays down in later months', async () => {
    const journal = openJournal(join(dir, 'journal.sqlite'));
    const device = fleet.devices[0];
    const [march, april, may] = ranges;
    if (!device || !march || !april || !may) throw new Error('the fleet or the months are missing');
    const subject = `${device.id}:fanFault`;
    const alarm = (type: string, ts: number, from: string, to: string): JournalInput => ({
      type,
      subject,
      ts,
      data: {
        from,
        to,
        cause: 'fanFault',
        source: 'status',
        deviceId: device.id,
        stationId: device.stationId,
      },
      reason: null,
      actor: { user: 'dutydesk', role: 'system' },
    });
    const raisedAt = march.from + 5 * 86_400_000;
    // A journal from elsewhere: back in service as normal, the condition never cleared.
    write(journal, [
      alarm('alarm.raised', raisedAt, 'normal', 'active-unacknowledged'),
      alarm('alarm.removed-from-service', raisedAt + 60_000, 'active-unacknowledged', 'out-of-service'),
      alarm('alarm.returned-to-service', raisedAt + 120_000, 'out-of-service', 'normal'),
    ]);
    // Nothing else about the point for months: the months after March see it only through a carry-in point.
    const filler: JournalInput[] = [];
    for (let t = raisedAt + 3_600_000; t < may.to; t += 3 * 3_600_000) {
      filler.push({
        type: 'auth.lock',
        subject: 'account:mon-a',
        ts: t,
        data: {},
        reason: null,
        actor: MONITOR,
      });
    }
    write(journal, filler);
    const index = openIndex(journal);
    await index?.catchUp();
    const carried = index?.carryAt(Number.MAX_SAFE_INTEGER);
    expect(carried?.seq).toBeGreaterThan(3);
    expect(carried?.alarms).toEqual([subject]);
    const now = may.to + 3_600_000;
    for (const month of ['2026-04', '2026-05']) {
      const whole = await service(journal, null, now).availability(month);
      const indexed = await service(journal, index, now).availability(month);
      expect(indexed).toEqual(whole);
      // The whole fold counts the device in fault all month long.
      const row = whole.devices.find((d) => d.deviceId === device.id);
      expect(row?.faultMs).toBeGreaterThan(27 * 86_400_000);
    }
    index?.close();
    journal.close();
  });
});

describe('the period index is derived data', () => {
  async function monthCsv(journal: Journal, index: PeriodIndex | null) {
    return (await reports(service(journal, index, END + 3_600_000), '2026-05')).csv;
  }

  it('deleted, it is rebuilt from the journal and the reports are the same', async () => {
    const journal = openJournal(join(dir, 'journal.sqlite'));
    write(journal, randomJournal(fleet, ranges, 8));
    const first = openIndex(journal);
    const before = await monthCsv(journal, first);
    first?.close();
    for (const suffix of ['', '-wal', '-shm'])
      rmSync(`${periodIndexFile(journal.file)}${suffix}`, { force: true });
    const again = openIndex(journal);
    expect(again?.indexedTo()).toBe(0);
    expect(await monthCsv(journal, again)).toEqual(before);
    expect(again?.indexedTo()).toBeGreaterThan(0);
    expect(await monthCsv(journal, null)).toEqual(before);
    again?.close();
    journal.close();
  });

  it('a garbled file is rebuilt, with a warning', async () => {
    const journal = openJournal(join(dir, 'journal.sqlite'));
    write(journal, randomJournal(fleet, ranges, 9));
    const expected = await monthCsv(journal, null);
    writeFileSync(
      periodIndexFile(journal.file),
      'not a database at all, and long enough to look like a header',
    );
    const { log, lines } = capture();
    const index = openIndex(journal, log);
    expect(index).not.toBeNull();
    expect(lines.join('\n')).toMatch(/report period index .* rebuilding it/);
    expect(await monthCsv(journal, index)).toEqual(expected);
    index?.close();
    journal.close();
  });

  it("another journal's index, or one its journal no longer matches, is refused and rebuilt", async () => {
    const events = randomJournal(fleet, ranges, 10);
    const a = openJournal(join(dir, 'a.sqlite'));
    write(a, events);
    const indexA = openIndex(a);
    await indexA?.catchUp();
    indexA?.close();
    // Same events, another desk: the same seqs, other hashes.
    const b = openJournal(join(dir, 'b.sqlite'));
    write(b, events);
    copyFileSync(periodIndexFile(a.file), periodIndexFile(b.file));
    const { log, lines } = capture();
    const indexB = openIndex(b, log);
    expect(lines.join('\n')).toMatch(/belongs to another desk/);
    expect(indexB?.indexedTo()).toBe(0);
    expect(await monthCsv(b, indexB)).toEqual(await monthCsv(b, null));
    indexB?.close();
    b.close();
    a.close();
  });

  it('a journal restored from an older copy does not match the index past its end: rebuilt', async () => {
    const events = randomJournal(fleet, ranges, 11);
    const file = join(dir, 'journal.sqlite');
    const early = openJournal(file);
    write(early, events.slice(0, 3000));
    early.close();
    copyFileSync(file, join(dir, 'backup.sqlite'));
    const journal = openJournal(file);
    write(journal, events.slice(3000));
    const index = openIndex(journal);
    await index?.catchUp();
    expect(index?.indexedTo()).toBeGreaterThan(3000);
    index?.close();
    journal.close();
    for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    copyFileSync(join(dir, 'backup.sqlite'), file);
    const restored = openJournal(file);
    const { log, lines } = capture();
    const rebuilt = openIndex(restored, log);
    expect(lines.join('\n')).toMatch(/does not match the journal at seq \d+/);
    expect(await monthCsv(restored, rebuilt)).toEqual(await monthCsv(restored, null));
    rebuilt?.close();
    restored.close();
  });
});

describe('the period index built in a worker thread (as the engine builds it)', () => {
  const workerFile = workerForSuite('period-index-worker', 'electron/reports/period-index-worker.ts');

  it('every month through the worker-built index ≡ the whole journal, as the journal grows', async () => {
    const journal = openJournal(join(dir, 'journal.sqlite'));
    const all = randomJournal(fleet, ranges, 12);
    const cut = Math.floor(all.length * 0.5);
    write(journal, all.slice(0, cut));
    const indexFile = periodIndexFile(journal.file);
    const index = periodIndexInWorker(workerFile(), { journalFile: journal.file, indexFile, boundary: 250 });
    await index.catchUp();
    const early = index.carryAt(Number.MAX_SAFE_INTEGER).seq;
    expect(early).toBeGreaterThan(cut - 250);
    // Appended on this thread after the first build: the worker reads them through its own connection.
    write(journal, all.slice(cut));
    const now = END + 3_600_000;
    const indexed = service(journal, index, now);
    const whole = service(journal, null, now);
    for (const month of ASKED) {
      const a = await reports(indexed, month);
      expect(a.csv).toEqual((await reports(whole, month)).csv);
      expect(a.objects).toEqual((await reports(whole, month)).objects);
    }
    expect(index.carryAt(Number.MAX_SAFE_INTEGER).seq).toBeGreaterThan(early);
    index.close();
    // What the worker wrote is the index this thread builds: reopened here, it has nothing to catch up.
    const here = openIndex(journal);
    expect(here?.indexedTo()).toBe(Math.floor(journal.count() / 250) * 250);
    here?.close();
    journal.close();
  });

  it('a worker that cannot run: reports fold the whole journal, say so, and count the same', async () => {
    const journal = openJournal(join(dir, 'journal.sqlite'));
    write(journal, randomJournal(fleet, ranges, 13));
    const index = periodIndexInWorker(join(dir, 'no-such-worker.js'), {
      journalFile: journal.file,
      indexFile: periodIndexFile(journal.file),
    });
    const { log, lines } = capture();
    const now = END + 3_600_000;
    const a = await reports(service(journal, index, now, log), '2026-05');
    expect(a.csv).toEqual((await reports(service(journal, null, now), '2026-05')).csv);
    expect(lines.join('\n')).toMatch(
      /report period index not kept up: .*worker.*reports fold the whole journal/,
    );
    index.close();
    journal.close();
  });
});
