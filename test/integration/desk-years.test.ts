import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskYears } from '../../bench/five-year';
import { generateDeskYears, monthsBefore } from '../../bench/five-year';
import { snapshotFile } from '../../electron/duty-snapshot/file';
import { DutySnapshots } from '../../electron/duty-snapshot/start';
import type { Logger } from '../../electron/log/logger';
import { Journal } from '../../electron/store/journal';
import { CLOSED_HELD_MS } from '../../electron/workorders/closed';
import { startDuty } from '../../electron/workorders/duty';
import type { WorkOrderView } from '../../shared/api/contract';
import type { EventFrame } from '../../shared/api/frames';
import { DEFAULT_SLA_SETTINGS } from '../../shared/triage/sla';

/**
 * The five-year desk of bench/five-year.ts at 1/100 scale (one station of
 * ten chargers and a PV inverter, sixty months), written into a real
 * journal and history as the benchmark writes the full-size one.
 */

const DAY = 86_400_000;
const dirs: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-years-'));
  dirs.push(dir);
  return dir;
};

/** What makes an event the same event whatever id and desk it got: all but id, seq and hashes. */
function contentOf(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare<[], { type: string; subject: string; ts: number; data: string; actor: string }>(
        'SELECT type, subject, ts, data, actor_user AS actor FROM journal ORDER BY seq',
      )
      .all()
      .map((r) => `${r.type}|${r.subject}|${r.ts}|${r.actor}|${r.data}`);
  } finally {
    db.close();
  }
}

let desk: DeskYears;

/** A duty desk on the five-year journal at the desk's "now", restored from its snapshot or by whole replay. */
/** When a closed order closed, as the desk places it in the newest-first list. */
function closedAt(o: WorkOrderView): number {
  return o.state === 'accepted'
    ? (o.acceptedAt ?? 0)
    : (o.steps.findLast((s) => s.step === 'cancelled')?.at ?? 0);
}

function dutyOn(
  journal: Journal,
  snapshot: boolean,
  emit: (frame: EventFrame) => void = () => {},
  backgroundAfter?: Promise<void>,
) {
  const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };
  const duty = startDuty({
    journal,
    emit,
    log: quiet,
    sla: DEFAULT_SLA_SETTINGS,
    clock: { now: () => desk.now, after: () => () => {} },
    snapshotFile: snapshot ? snapshotFile(journal.file) : null,
    snapshotFromEvents: 0,
    ...(backgroundAfter ? { backgroundAfter } : {}),
  });
  duty.setFleet(desk.fleet.stations, desk.fleet.devices, new Map(), DEFAULT_SLA_SETTINGS);
  duty.restore();
  return duty;
}

beforeAll(async () => {
  desk = await generateDeskYears({
    stations: 1,
    months: 60,
    endMonth: '2026-11',
    seed: 16,
    sampleEveryHours: 1,
    dir: folder(),
  });
}, 600_000);

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the five-year desk at 1/100 scale', () => {
  it('names its months', () => {
    expect(monthsBefore('2026-11', 60)).toBe('2021-11');
    expect(monthsBefore('2026-01', 1)).toBe('2025-12');
  });

  it('holds five years of every kind of record, in time order, on an intact chain', () => {
    expect(desk.now - desk.from).toBeGreaterThan(5 * 365 * DAY);
    const journal = Journal.open(desk.journalFile);
    try {
      expect(journal.verify()).toEqual({ ok: true, count: desk.events });
    } finally {
      journal.close();
    }
    const db = new Database(desk.journalFile, { readonly: true });
    try {
      const first = db.prepare<[], { ts: number }>('SELECT ts FROM journal ORDER BY seq LIMIT 1').get();
      const last = db.prepare<[], { ts: number }>('SELECT ts FROM journal ORDER BY seq DESC LIMIT 1').get();
      expect(first?.ts).toBeGreaterThanOrEqual(desk.from);
      expect(first?.ts).toBeLessThan(desk.from + 2 * DAY);
      expect(last?.ts).toBeLessThan(desk.now);
      expect(last?.ts).toBeGreaterThan(desk.now - 2 * DAY);
      const backwards = db
        .prepare<[], { n: number }>(
          'SELECT count(*) AS n FROM journal AS a JOIN journal AS b ON b.seq = a.seq + 1 WHERE b.ts < a.ts',
        )
        .get();
      expect(backwards?.n).toBe(0);
      // One desk numbers its work orders on over the years: no id is opened twice.
      const orders = db
        .prepare<[], { n: number; ids: number }>(
          "SELECT count(*) AS n, count(DISTINCT subject) AS ids FROM journal WHERE type = 'workorder.created'",
        )
        .get();
      expect(orders?.n).toBe(orders?.ids);
    } finally {
      db.close();
    }
    const t = desk.byType;
    const days = (desk.now - desk.from) / DAY;
    // Ten chargers (twelve guns) at about four sessions a gun a day.
    expect((t['charging.session'] ?? 0) / days).toBeGreaterThan(12 * 2);
    expect((t['charging.session'] ?? 0) / days).toBeLessThan(12 * 6);
    // Three faults a charger a month; most on-site, each with its work order.
    expect(t['workorder.created']).toBeGreaterThan(10 * 3 * 60 * 0.4);
    expect(t['application.filed']).toBeGreaterThan(60);
    // Two shifts a day, each signed into and out of, with a note or two; checks once a day.
    // (The last shift's sign-out falls after the desk's "now".)
    expect(Math.abs((t['auth.login'] ?? 0) - (t['auth.logout'] ?? 0))).toBeLessThanOrEqual(1);
    expect((t['auth.login'] ?? 0) / days).toBeCloseTo(2, 1);
    expect((t['handover.check'] ?? 0) / days).toBeCloseTo(3, 1);
    expect(t['handover.note']).toBeGreaterThan(2 * days);
    // Storms: in some summers the station goes off the network with its devices under it.
    expect(t['alarm.unsuppressed']).toBeGreaterThan(0);
  });

  it('keeps telemetry as the retention rules do: raw two weeks, minutes 13 months, quarter hours five years', () => {
    const db = new Database(desk.historyFile, { readonly: true });
    try {
      const extent = (table: string) =>
        db
          .prepare<[], { oldest: number; rows: number }>(
            `SELECT min(${table === 'raw' ? 'ts' : 'bucket'}) AS oldest, count(*) AS rows FROM ${table}`,
          )
          .get();
      const raw = extent('raw');
      const minute = extent('r1m');
      const quarter = extent('r15m');
      expect(raw?.oldest).toBeGreaterThanOrEqual(desk.now - 14 * DAY);
      expect(minute?.oldest).toBeGreaterThanOrEqual(desk.now - 397 * DAY);
      expect(minute?.oldest).toBeLessThan(desk.now - 390 * DAY);
      expect(quarter?.oldest).toBeLessThan(desk.from + DAY);
      // Hourly readings of eleven meters: one quarter-hour bucket per reading over the five years.
      expect(quarter?.rows).toBe(desk.samples);
      expect(db.prepare<[], { n: number }>('SELECT count(*) AS n FROM incoming').get()?.n).toBe(0);
    } finally {
      db.close();
    }
    expect(desk.files.map((f) => f.name)).toEqual(
      expect.arrayContaining(['history.sqlite', 'journal.sqlite']),
    );
  });

  it('starts its duty state from a snapshot reading a small part of five years of journal', () => {
    const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };
    const clock = { now: () => desk.now, after: () => () => {} };
    const journal = Journal.open(desk.journalFile);
    try {
      const duty = startDuty({ journal, emit: () => {}, log: quiet, sla: DEFAULT_SLA_SETTINGS, clock });
      duty.setFleet(desk.fleet.stations, desk.fleet.devices, new Map(), DEFAULT_SLA_SETTINGS);
      duty.restore();
      duty.stop();
      const file = snapshotFile(journal.file);
      const start = new DutySnapshots({ journal, file, log: quiet, clock, fromEvents: 0 }).history();
      expect(start.from).toBe('snapshot');
      const whole = journal.count();
      expect(start.read).toBeGreaterThan(0);
      // Sixty months of journal; what is read is the whole history of the subjects open or changed in the
      // last day (at this scale most of the station's alarm points) and the tail: under a tenth of it.
      expect(start.read).toBeLessThan(whole / 10);
    } finally {
      journal.close();
    }
  });

  it('lists every closed work order after a snapshot start, as a whole replay does, once they are back', async () => {
    const journal = Journal.open(desk.journalFile);
    const actor = { user: 'test', role: 'monitor' } as const;
    const open = (snapshot: boolean, emit?: (frame: EventFrame) => void) => dutyOn(journal, snapshot, emit);
    const byId = <T extends { id: string }>(list: readonly T[]) =>
      [...list].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    try {
      const whole = open(false);
      const full = byId((await whole.api['workorders.list']({}, actor)).workOrders);
      whole.stop();
      const announced = new Set<string>();
      const duty = open(true, (frame) => {
        if (frame.event !== 'workorders.delta') return;
        for (const o of (frame.data as { workOrders: { id: string }[] }).workOrders) announced.add(o.id);
      });
      const atStart = new Set((await duty.api['workorders.list']({}, actor)).workOrders.map((o) => o.id));
      const later = full.filter((o) => !atStart.has(o.id));
      // Five years of orders, nearly all accepted long ago: the start brings back a few, the archive the rest.
      expect(later.length).toBeGreaterThan(full.length / 2);
      await duty.archived();
      // The archive shows the screens the orders the desk holds; those closed before CLOSED_HELD_MS stay in
      // the journal (unless their alarm's current incident names them), and are listed from there.
      const dropped = later.filter((o) => closedAt(o) < desk.now - CLOSED_HELD_MS && !announced.has(o.id));
      expect(dropped.length).toBeGreaterThan(later.length / 2);
      for (const o of later) if (closedAt(o) >= desk.now - CLOSED_HELD_MS) expect(announced).toContain(o.id);
      expect(byId((await duty.api['workorders.list']({}, actor)).workOrders)).toEqual(full);
      // Those left in the journal page in the same places as a whole replay puts them, by when they closed.
      const pages = async (d: typeof duty) => {
        const recent = await d.api['workorders.list']({ closedWithinMs: 7 * DAY }, actor);
        const older = await d.api['workorders.list'](
          { closedBefore: recent.next ?? '0:', limit: 500 },
          actor,
        );
        return [recent.older, ...older.workOrders.map((o) => o.id)];
      };
      const again = open(false);
      expect(await pages(duty)).toEqual(await pages(again));
      again.stop();
      duty.stop();
    } finally {
      journal.close();
    }
  }, 120_000);

  it('gives a screen the open orders and the last week closed, and pages back through the rest newest first, each once', async () => {
    const journal = Journal.open(desk.journalFile);
    const actor = { user: 'test', role: 'monitor' } as const;
    const duty = dutyOn(journal, false);
    try {
      const list = (params: Parameters<(typeof duty.api)['workorders.list']>[0]) =>
        duty.api['workorders.list'](params, actor);
      const all = (await list({})).workOrders;
      const week = 7 * DAY;
      const recent = await list({ closedWithinMs: week });
      const closed = (state: string) => state === 'accepted' || state === 'cancelled';
      // Every open order, and of the closed ones only the last week's: five years of orders do not all come.
      expect(recent.workOrders.filter((o) => !closed(o.state)).length).toBe(
        all.filter((o) => !closed(o.state)).length,
      );
      for (const o of recent.workOrders.filter((w) => closed(w.state)))
        expect(closedAt(o)).toBeGreaterThanOrEqual(desk.now - week);
      expect(recent.workOrders.length).toBeLessThan(all.length / 20);
      expect(recent.older).toBe(all.length - recent.workOrders.length);
      // Paging back, 97 at a time (a size that does not divide the count): every older closed order once, newest first.
      const paged: typeof all = [];
      let next = recent.next;
      let left = recent.older;
      while (next !== null) {
        const page = await list({ closedBefore: next, limit: 97 });
        expect(page.workOrders.length).toBe(Math.min(97, left));
        expect(page.older).toBe(left - page.workOrders.length);
        left = page.older;
        paged.push(...page.workOrders);
        next = page.next;
      }
      expect(left).toBe(0);
      const ids = [...recent.workOrders, ...paged].map((o) => o.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(ids)).toEqual(new Set(all.map((o) => o.id)));
      const times = paged.map(closedAt);
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(times[0]).toBeLessThan(desk.now - week);
    } finally {
      duty.stop();
      journal.close();
    }
  }, 120_000);

  it('brings the closed orders back only once the engine says the first screen was shown (the cold start is not slowed)', async () => {
    const journal = Journal.open(desk.journalFile);
    const actor = { user: 'test', role: 'monitor' } as const;
    // A desk that ran and stopped: its snapshot is what the next start reads.
    dutyOn(journal, true).stop();
    let show = () => {};
    const shown = new Promise<void>((resolve) => {
      show = resolve;
    });
    const announced: string[] = [];
    const duty = dutyOn(
      journal,
      true,
      (frame) => {
        if (frame.event === 'workorders.delta') announced.push(frame.event);
      },
      shown,
    );
    try {
      let archived = false;
      void duty.archived().then(() => {
        archived = true;
      });
      const atStart = (await duty.api['workorders.list']({}, actor)).workOrders.length;
      // The restore's own delta (the open orders) is not the archive's.
      announced.length = 0;
      // Many turns of the event loop (the wall and queue served meanwhile): the archive has not begun.
      for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setTimeout(resolve, 1));
      expect(archived).toBe(false);
      expect(announced).toEqual([]);
      expect((await duty.api['workorders.list']({}, actor)).workOrders.length).toBe(atStart);
      show();
      await duty.archived();
      expect((await duty.api['workorders.list']({}, actor)).workOrders.length).toBeGreaterThan(atStart * 2);
    } finally {
      duty.stop();
      journal.close();
    }
  }, 120_000);

  it('answers an action on a closed order the archive has not reached yet as a whole replay does, and brings it back once', async () => {
    const journal = Journal.open(desk.journalFile);
    const lead = { user: 'lead', role: 'shift-lead' } as const;
    const open = (snapshot: boolean) => dutyOn(journal, snapshot);
    const refusal = (act: Promise<unknown>) =>
      act.then(
        () => 'done',
        (error: Error) => error.message,
      );
    try {
      const whole = open(false);
      const full = (await whole.api['workorders.list']({}, lead)).workOrders;
      const outage = (await whole.api['applications.list']({}, lead)).applications.find(
        (a) => a.kind === 'outage' && a.state === 'ended',
      );
      const oldest = full.find((o) => o.state === 'accepted');
      if (!oldest || !outage) throw new Error('the desk has no accepted order or ended outage');
      const reopen = { id: oldest.id, reason: 'the charger failed again' };
      const resume = { kind: 'resume', outageId: outage.id, note: 'repaired' } as const;
      const expected = {
        reopen: await refusal(whole.api['workorder.reopen'](reopen, lead)),
        resume: await refusal(whole.api['application.file'](resume, lead)),
      };
      whole.stop();
      expect(expected.reopen).toContain('the work order is closed');

      // The desk ran before: it left a snapshot, which this start reads.
      open(true).stop();
      const duty = open(true);
      const atStart = (await duty.api['workorders.list']({}, lead)).workOrders.map((o) => o.id);
      expect(atStart).not.toContain(oldest.id);
      // At once, before the archive's first slice: the order and the outage are read from the journal for the action.
      expect({
        reopen: await refusal(duty.api['workorder.reopen'](reopen, lead)),
        resume: await refusal(duty.api['application.file'](resume, lead)),
      }).toEqual(expected);
      await duty.archived();
      const back = (await duty.api['workorders.list']({}, lead)).workOrders;
      expect(back.filter((o) => o.id === oldest.id)).toEqual(full.filter((o) => o.id === oldest.id));
      expect(back.length).toBe(full.length);
      duty.stop();
    } finally {
      journal.close();
    }
  }, 120_000);

  it('is the same desk from the same seed, and another from another', async () => {
    const options = { stations: 1, months: 2, endMonth: '2025-08', sampleEveryHours: 24 };
    const a = await generateDeskYears({ ...options, seed: 7, dir: folder() });
    const b = await generateDeskYears({ ...options, seed: 7, dir: folder() });
    const c = await generateDeskYears({ ...options, seed: 8, dir: folder() });
    expect(a.events).toBeGreaterThan(1000);
    expect(contentOf(b.journalFile)).toEqual(contentOf(a.journalFile));
    expect(contentOf(c.journalFile)).not.toEqual(contentOf(a.journalFile));
    expect(b.byType).toEqual(a.byType);
  }, 120_000);
});
