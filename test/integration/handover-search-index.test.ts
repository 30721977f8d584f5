import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticFleet } from '../../bench/report-month';
import {
  HandoverSearchIndex,
  handoverSearchFile,
  type SearchIndexPort,
} from '../../electron/handover/search-index';
import { searchIndexInWorker } from '../../electron/handover/search-index-client';
import { HandoverService } from '../../electron/handover/service';
import type { Logger } from '../../electron/log/logger';
import { Journal } from '../../electron/store/journal';
import type { DeviceStatus } from '../../shared/api/model';
import { HANDOVER_EVENT, HANDOVER_EVENT_TYPES, handoverSubject } from '../../shared/handover/events';
import { projectRecord, recordFacts, searchableText, summarize } from '../../shared/handover/project';
import type { HandoverSummary } from '../../shared/handover/record';
import {
  DEFAULT_SHIFT_SCHEDULE,
  type ShiftSchedule,
  shiftAt,
  shiftById,
} from '../../shared/handover/schedule';
import { assembleSnapshot, recordedSnapshot } from '../../shared/handover/snapshot';
import type { JournalEvent, JournalInput } from '../../shared/journal/event';
import { mulberry32 } from '../../sim/random';
import { workerForSuite } from '../helpers/bundle';
import { capture } from '../helpers/log-lines';

/**
 * Handover search through its index (issue 16) finds exactly what
 * projecting every record finds — the search as it was before the index,
 * written out below — by date, station and text (Chinese, and Latin in any
 * case); it follows records as they change; and its file is derived data.
 */

const HOUR = 3_600_000;
const fleet = syntheticFleet(3);
const FIRST = Date.parse('2026-03-01T00:00:00Z'); // 08:00 Shanghai
const SHIFTS = 120;
const NOW = FIRST + SHIFTS * 12 * HOUR;
const TEXTS = [
  '巡检正常',
  '2号网关夜间离线',
  'Gateway RESET at 03:00',
  '雨天注意充电枪防水',
  'gun 2 cable worn',
];
const LEAD = { user: 'lead-a', role: 'shift-lead' } as const;

let dir: string;
const open: { close(): void }[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dutydesk-handover-search-'));
});
afterEach(() => {
  for (const o of open.splice(0).reverse()) o.close();
  rmSync(dir, { recursive: true, force: true });
});

function openJournal(): Journal {
  const journal = Journal.open(join(dir, 'journal.sqlite'), { indexChunk: 200 });
  open.push(journal);
  return journal;
}

function service(
  journal: Journal,
  options: { schedule?: () => ShiftSchedule; log?: Logger; searchIndex?: SearchIndexPort } = {},
) {
  const made = new HandoverService({
    journal,
    authenticator: { verify: async () => null },
    schedule: options.schedule ?? (() => DEFAULT_SHIFT_SCHEDULE),
    now: () => NOW,
    searchFile: handoverSearchFile(journal.file),
    ...(options.log ? { log: options.log } : {}),
    ...(options.searchIndex ? { searchIndex: options.searchIndex } : {}),
    sources: {
      stations: () => fleet.stations,
      devices: () => fleet.devices,
      status: () => [],
      alarms: async () => [],
      work: { openWorkOrders: async () => null, outagesInForce: async () => null },
    },
  });
  open.push({ close: () => made.stop() });
  return made;
}

/** Shifts with notes and checks; most signed with a snapshot naming silent devices, some accepted and corrected. */
function records(seed: number): JournalInput[] {
  const rng = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)] as T;
  const events: JournalInput[] = [];
  for (let n = 0; n < SHIFTS; n++) {
    const shift = shiftAt(DEFAULT_SHIFT_SCHEDULE, FIRST + n * 12 * HOUR + 1);
    const subject = handoverSubject(shift.id);
    const at = (h: number) => shift.startsAt + h * HOUR;
    const event = (type: string, ts: number, data: JournalInput['data']): JournalInput => ({
      type,
      subject,
      ts,
      data,
      reason: null,
      actor: LEAD,
    });
    for (let k = 0; k < 1 + Math.floor(rng() * 3); k++) {
      const stationId = rng() < 0.5 ? pick(fleet.stations).id : null;
      events.push(event(HANDOVER_EVENT.note, at(1 + k), { shiftId: shift.id, text: pick(TEXTS), stationId }));
    }
    if (rng() < 0.5) {
      const result = { check: 'cameras', status: 'problem', note: `摄像头 ${n} 号偏移`, simDataMb: null };
      events.push(event(HANDOVER_EVENT.check, at(2), { shiftId: shift.id, result }));
    }
    if (n === SHIFTS - 1 || rng() < 0.2) continue;
    const silent = fleet.devices.filter(() => rng() < 0.05);
    const status: DeviceStatus[] = silent.map((d) => ({
      deviceId: d.id,
      comms: 'comm-lost',
      state: 'unknown',
      faults: [],
      detail: 'no answer',
      since: at(3),
    }));
    const snapshot = assembleSnapshot({
      now: at(11),
      stations: fleet.stations,
      devices: silent,
      status,
      alarms: [],
      workOrders: null,
      outages: null,
      checks: [],
    });
    // Notes are named by the ids the journal gives them: the record signs those it was shown.
    events.push(event(HANDOVER_EVENT.signed, at(11.9), { shift, snapshot, notes: [] }));
  }
  return events;
}

/** The notes a signed record lists: those before the signature, by the ids the journal gave them. */
function write(journal: Journal, events: readonly JournalInput[]): void {
  const noted = new Map<string, string[]>();
  const rng = mulberry32(99);
  for (const e of events) {
    const data = e.data as { shiftId?: string; shift?: { id: string }; notes?: string[] };
    const shiftId = data.shiftId ?? data.shift?.id ?? '';
    if (e.type === HANDOVER_EVENT.signed) data.notes = noted.get(shiftId) ?? [];
    const written = journal.append(e);
    if (e.type === HANDOVER_EVENT.note) noted.set(shiftId, [...(noted.get(shiftId) ?? []), written.id]);
    if (e.type === HANDOVER_EVENT.signed && rng() < 0.6) {
      const accepted = journal.append({
        type: HANDOVER_EVENT.accepted,
        subject: e.subject,
        ts: (e.ts ?? 0) + 60_000,
        data: { shiftId, signed: written.id },
        reason: null,
        actor: { user: 'lead-b', role: 'shift-lead' },
      });
      if (rng() < 0.3) {
        journal.append({
          type: HANDOVER_EVENT.corrected,
          subject: e.subject,
          ts: (e.ts ?? 0) + 120_000,
          data: { shiftId, text: '更正：Gateway 已恢复', corrects: accepted.id },
          reason: null,
          actor: { user: 'lead-b', role: 'shift-lead' },
        });
      }
    }
  }
}

/** The search before the index: every record projected on each search, as service.ts did. */
function reference(journal: Journal, query: Parameters<HandoverService['search']>[0]) {
  const byShift = new Map<string, JournalEvent[]>();
  const all = HANDOVER_EVENT_TYPES.flatMap((type) => journal.read({ type, limit: 100_000 }));
  for (const e of all.sort((a, b) => a.seq - b.seq)) {
    const id = e.subject.slice('handover/'.length);
    byShift.set(id, [...(byShift.get(id) ?? []), e]);
  }
  const found: HandoverSummary[] = [];
  for (const [id, events] of byShift) {
    const facts = recordFacts(events);
    const shift = facts.signed?.shift ?? shiftById(DEFAULT_SHIFT_SCHEDULE, id);
    const record = projectRecord(shift, facts, recordedSnapshot(NOW, facts.checks, fleet.stations));
    if (query.from !== undefined && shift.startsAt < query.from) continue;
    if (query.to !== undefined && shift.startsAt >= query.to) continue;
    const summary = summarize(record, null);
    if (query.stationId !== undefined && !summary.stations.includes(query.stationId)) continue;
    const needle = query.text?.toLocaleLowerCase() ?? '';
    const excerpt = searchableText(record).find((t) => t.toLocaleLowerCase().includes(needle));
    if (needle === '') found.push(summary);
    else if (excerpt !== undefined) found.push({ ...summary, excerpt });
  }
  found.sort((a, b) => b.shift.startsAt - a.shift.startsAt);
  return { results: found.slice(0, query.limit), more: found.length > query.limit };
}

const QUERIES = [
  { limit: 500 },
  { limit: 7 },
  { from: FIRST + 20 * 12 * HOUR, to: FIRST + 50 * 12 * HOUR, limit: 100 },
  { stationId: 'st002', limit: 100 },
  { stationId: 'st003', from: FIRST + 60 * 12 * HOUR, limit: 5 },
  { text: '巡检', limit: 100 },
  { text: '网关', limit: 100 },
  { text: 'gateway', limit: 100 },
  { text: 'RESET AT', limit: 100 },
  { text: '摄像头', limit: 3 },
  { text: '交流桩', limit: 100 },
  { text: 'lead-b', limit: 100 },
  { text: '没有这句话', limit: 100 },
  { text: '网关', stationId: 'st001', to: FIRST + 70 * 12 * HOUR, limit: 100 },
];

describe('handover search through the index ≡ projecting every record', () => {
  it('by date, station and text, Chinese and Latin in any case, with the limit and "more"', async () => {
    const journal = openJournal();
    write(journal, records(1));
    const search = service(journal);
    for (const query of QUERIES) {
      const expected = reference(journal, query);
      expect(await search.search(query)).toEqual(expected);
    }
    // The queries find something and leave something out.
    expect(reference(journal, { text: 'gateway', limit: 500 }).results.length).toBeGreaterThan(10);
    expect(reference(journal, { stationId: 'st002', limit: 500 }).results.length).toBeLessThan(SHIFTS);
  });

  it('follows records as they change: a note added through the service, events of records already indexed', async () => {
    const journal = openJournal();
    write(journal, records(2));
    const search = service(journal);
    await search.prepareSearch();
    const last = shiftAt(DEFAULT_SHIFT_SCHEDULE, NOW - 1).id;
    await search.note(last, '3号桩 Cable 更换完毕', 'st003', LEAD);
    const found = await search.search({ text: 'cable 更换', limit: 10 });
    expect(found.results.map((r) => [r.shiftId, r.state, r.excerpt])).toEqual([
      [last, 'draft', '3号桩 Cable 更换完毕'],
    ]);
    write(journal, records(3).slice(0, 5));
    for (const query of QUERIES) expect(await search.search(query)).toEqual(reference(journal, query));
  });
});

describe('the search index is derived data', () => {
  it('deleted, garbled or of another desk, it is rebuilt and finds the same', async () => {
    const journal = openJournal();
    write(journal, records(4));
    const query = { text: '网关', limit: 100 };
    const expected = reference(journal, query);
    const first = service(journal);
    expect(await first.search(query)).toEqual(expected);
    first.stop();
    const file = handoverSearchFile(journal.file);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    const again = service(journal);
    expect(await again.search(query)).toEqual(expected);
    again.stop();

    for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    writeFileSync(file, 'not a database at all, and long enough to look like a header');
    const garbled = capture();
    const rebuilt = service(journal, { log: garbled.log });
    expect(await rebuilt.search(query)).toEqual(expected);
    rebuilt.stop();
    expect(garbled.lines.join('\n')).toMatch(/handover search index .* rebuilding it/);

    // The same records at another desk: the same seqs, other hashes.
    const other = Journal.open(join(dir, 'other.sqlite'));
    open.push(other);
    write(other, records(4));
    const fromA = service(journal);
    await fromA.prepareSearch();
    fromA.stop();
    copyFileSync(file, handoverSearchFile(other.file));
    const copied = capture();
    expect(await service(other, { log: copied.log }).search(query)).toEqual(reference(other, query));
    expect(copied.lines.join('\n')).toMatch(/belongs to another desk/);

    // Rows without the meta saying what they cover (e.g. copied without its WAL): not continued.
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    const bare = new Database(file);
    bare.exec("CREATE TABLE records (shift_id TEXT PRIMARY KEY); INSERT INTO records VALUES ('x')");
    bare.close();
    const orphan = capture();
    expect(await service(journal, { log: orphan.log }).search(query)).toEqual(expected);
    expect(orphan.lines.join('\n')).toMatch(/without saying which journal it covers: rebuilding it/);
  });

  it('a draft takes its shift from the schedule: under a schedule that has no such shift it is not found', async () => {
    const journal = openJournal();
    write(journal, records(5));
    let schedule = DEFAULT_SHIFT_SCHEDULE;
    const search = service(journal, { schedule: () => schedule });
    const before = (await search.search({ limit: 500 })).results;
    expect(before.some((r) => r.state === 'draft')).toBe(true);
    schedule = { ...DEFAULT_SHIFT_SCHEDULE, starts: ['09:00', '21:00'] };
    const after = (await search.search({ limit: 500 })).results;
    // The signed records keep the shift they were signed for; the drafts have none under this schedule.
    expect(after).toEqual(before.filter((r) => r.state !== 'draft'));
    schedule = DEFAULT_SHIFT_SCHEDULE;
    expect((await search.search({ limit: 500 })).results).toEqual(before);
  });
});

describe('the search index kept in a worker thread (as the engine keeps it)', () => {
  const workerFile = workerForSuite('search-index-worker', 'electron/handover/search-index-worker.ts');

  function inWorker(journal: Journal, file: URL | string, log?: Logger) {
    const indexFile = handoverSearchFile(journal.file);
    const local = { made: 0 };
    const searchIndex = searchIndexInWorker(
      file,
      { journalFile: journal.file, indexFile },
      () => {
        local.made++;
        return HandoverSearchIndex.kept(journal, indexFile, log);
      },
      log ? { log } : {},
    );
    return { search: service(journal, { searchIndex, ...(log ? { log } : {}) }), local };
  }

  it('finds what projecting every record finds, and follows what this thread appends', async () => {
    const journal = openJournal();
    write(journal, records(6));
    const { search, local } = inWorker(journal, workerFile());
    await search.prepareSearch();
    for (const query of QUERIES) expect(await search.search(query)).toEqual(reference(journal, query));
    const last = shiftAt(DEFAULT_SHIFT_SCHEDULE, NOW - 1).id;
    await search.note(last, '5号桩 Cable 更换完毕', 'st001', LEAD);
    const found = await search.search({ text: 'cable 更换', limit: 10 });
    expect(found.results.map((r) => [r.shiftId, r.excerpt])).toEqual([[last, '5号桩 Cable 更换完毕']]);
    write(journal, records(7).slice(0, 8));
    for (const query of QUERIES) expect(await search.search(query)).toEqual(reference(journal, query));
    // Every answer came from the worker.
    expect(local.made).toBe(0);
  });

  it('a worker that cannot run leaves the search on this thread, with a warning, finding the same', async () => {
    const journal = openJournal();
    write(journal, records(8));
    const { log, lines } = capture();
    const { search, local } = inWorker(journal, join(dir, 'no-such-worker.js'), log);
    for (const query of QUERIES) expect(await search.search(query)).toEqual(reference(journal, query));
    expect(local.made).toBe(1);
    expect(lines.join('\n')).toMatch(/handover search index: the worker .*kept on the engine's thread/);
  });
});
