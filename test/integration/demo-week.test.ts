import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoFleetFlags, startDeskEngine } from '../../electron/demo/start';
import { DEMO_WEEK_EVENT } from '../../electron/demo/week/marker';
import { DEMO_RESET_DONE } from '../../electron/demo/week/reset';
import { writeDemoWeek } from '../../electron/demo/week/write';
import type { Engine } from '../../electron/engine/engine';
import { Journal } from '../../electron/store/journal';
import { loadProfiles } from '../../node/profiles';
import type { JournalEvent } from '../../shared/journal/event';
import { startFleet } from '../../sim/fleet';
import { refusal } from '../helpers/contract-calls';
import { overWebSocket, quietLog, resources, signIn, TEST_ADMIN } from '../helpers/desk';

/**
 * The demo desk's first start on a fresh data folder: the week before it,
 * written through the desk's own services into the real journal and history
 * files, the same for the same seed and start instant, written once, and
 * written again only after a shift lead's reset.
 */
const AT = '2026-06-15T10:30:00+08:00';
const ANCHOR = Date.parse(AT);
const DAY = 86_400_000;
const FLAGS: DemoFleetFlags = { at: AT, seed: '7' };

const freshDir = () => mkdtempSync(join(tmpdir(), 'dutydesk-week-'));
const journalFile = (dataDir: string) => join(dataDir, 'demo', 'journal.sqlite');

function start(dataDir: string, flags: DemoFleetFlags = FLAGS, accounts = false): Promise<Engine> {
  return startDeskEngine(
    {
      shell: 'headless',
      configPath: null,
      resourcesDir: resources,
      dataDir,
      log: quietLog,
      ...(accounts ? { accounts: true, adminSetup: { ...TEST_ADMIN, source: 'the test' } } : {}),
    },
    flags,
  );
}

function allEvents(dataDir: string): JournalEvent[] {
  const journal = Journal.open(journalFile(dataDir));
  try {
    expect(journal.verify()).toMatchObject({ ok: true });
    const events: JournalEvent[] = [];
    for (;;) {
      const page = journal.read({ afterSeq: events.at(-1)?.seq ?? 0, limit: 5000 });
      if (page.length === 0) return events;
      events.push(...page);
    }
  } finally {
    journal.close();
  }
}

/**
 * The week as written: everything up to its marker, without the random
 * event ids and their hashes; an event named in another's data (a signed
 * handover's notes) by its place in the journal instead.
 */
function week(dataDir: string) {
  const events = allEvents(dataDir);
  const end = events.findIndex((e) => e.type === DEMO_WEEK_EVENT);
  expect(end).toBeGreaterThan(0);
  const seqOf = new Map(events.map((e) => [e.id, `#${e.seq}`]));
  const named = (value: unknown): unknown =>
    typeof value === 'string'
      ? (seqOf.get(value) ?? value)
      : Array.isArray(value)
        ? value.map(named)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, named(v)]))
          : value;
  return events.slice(0, end + 1).map(({ ts, type, subject, data, actor, reason }) => ({
    ts,
    type,
    subject,
    data: named(data),
    actor,
    reason,
  }));
}

/**
 * The week's samples in the history file, in its intake or already sorted
 * into raw: how many, and their sums.
 */
function historyRows(dataDir: string) {
  const db = new Database(join(dataDir, 'demo', 'history.sqlite'), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT count(*) AS n, total(value) AS v, total(ts) AS t
         FROM (SELECT ts, value FROM incoming UNION ALL SELECT ts, value FROM raw) WHERE ts <= ?`,
      )
      .get(ANCHOR) as { n: number; v: number; t: number };
  } finally {
    db.close();
  }
}

describe('the demo desk with a week behind it', () => {
  const first = freshDir();
  let engine: Engine;

  beforeAll(async () => {
    engine = await start(first);
  }, 120_000);
  afterAll(async () => {
    await engine?.stop();
  });

  it('reports a month with charging sessions, accepted work orders and a breached SLA', async () => {
    const reader = { user: 'test', role: 'monitor' } as const;
    const monthly = await engine.api['report.monthly']({ month: '2026-06' }, reader);
    expect(monthly.totals.sessions).toBeGreaterThan(500);
    expect(monthly.totals.sessionEnergyKwh).toBeGreaterThan(1000);
    expect(monthly.totals.workOrders).toBeGreaterThanOrEqual(5);
    expect(monthly.pv.length).toBeGreaterThan(0);

    const sla = await engine.api['report.sla']({ month: '2026-06' }, reader);
    expect(sla.workOrders.accepted).toBeGreaterThanOrEqual(4);
    const dispatch = sla.clocks.filter((c) => c.clock === 'dispatch');
    expect(dispatch.reduce((n, c) => n + c.breached, 0)).toBeGreaterThanOrEqual(1);
    expect(dispatch.reduce((n, c) => n + c.met, 0)).toBeGreaterThanOrEqual(3);

    const { workOrders } = await engine.api['workorders.list']({}, reader);
    expect(workOrders.filter((w) => w.state === 'accepted').length).toBeGreaterThanOrEqual(4);
    // The stuck gun's crew is on its way as the demo starts: open work for the first handover.
    expect(workOrders.some((w) => w.state === 'dispatched')).toBe(true);

    const { applications } = await engine.api['applications.list']({}, reader);
    expect(applications.map((a) => [a.kind, a.state]).sort()).toEqual([
      ['outage', 'ended'],
      ['resume', 'approved'],
    ]);

    // Its files say they are demo data, in the language they are written in.
    const csv = await engine.api['report.export'](
      { report: 'monthly', format: 'csv', month: '2026-06', lang: 'en' },
      reader,
    );
    const head = Buffer.from(csv.base64, 'base64').toString('utf8').split('\n').slice(0, 3).join('\n');
    expect(head).toContain('DEMO DATA');
    const zh = await engine.api['report.export'](
      { report: 'monthly', format: 'csv', month: '2026-06', lang: 'zh-CN' },
      reader,
    );
    expect(Buffer.from(zh.base64, 'base64').toString('utf8')).toContain('演示数据');

    const signed = await engine.api['handover.search']({ from: ANCHOR - 8 * DAY, limit: 100 }, reader);
    const accepted = signed.results.filter((r) => r.state === 'accepted');
    expect(accepted.length).toBeGreaterThanOrEqual(12);
    expect(accepted.every((r) => r.signedBy !== r.acceptedBy)).toBe(true);
    // The desk sorts the week's history into its rollups meanwhile, on this thread in a test: generous.
  }, 120_000);

  it('fills the week-long trends from the history store', async () => {
    const reader = { user: 'test', role: 'monitor' } as const;
    const { devices } = await engine.api['fleet.snapshot']({}, reader);
    const pv = devices.find((d) => d.kind === 'pv-inverter');
    if (!pv) throw new Error('the demo fleet has no inverter');
    // The desk sorts the written samples into raw and rollups in the background: wait for it.
    let points = 0;
    for (let tries = 0; tries < 120 && points === 0; tries++) {
      const result = await engine.api['history.query'](
        { deviceId: pv.id, keys: ['power'], from: ANCHOR - 7 * DAY, to: ANCHOR, maxPoints: 700 },
        reader,
      );
      points = result.series[0]?.points.filter((p) => (p.max ?? 0) > 1000).length ?? 0;
      if (points === 0) await new Promise((r) => setTimeout(r, 500));
    }
    // Seven days of sunshine: dozens of generating buckets a day.
    expect(points).toBeGreaterThan(7 * 20);
  }, 120_000);

  it('writes the same week for the same seed and start, and another for another seed', async () => {
    const second = freshDir();
    const other = freshDir();
    await (await start(second)).stop();
    await (await start(other, { at: AT, seed: '8' })).stop();
    const weekOf = week(second);
    expect(weekOf.length).toBeGreaterThan(1000);
    expect(weekOf.every((e) => e.ts > ANCHOR - 7 * DAY && e.ts <= ANCHOR)).toBe(true);
    expect(week(first)).toEqual(weekOf);
    expect(week(other)).not.toEqual(weekOf);
  }, 120_000);

  it('writes the same history for the same seed and start', async () => {
    // Written twice without a desk after it, whose retention would prune raw samples months before the real clock.
    const fleet = await startFleet({ seed: 7 });
    const crews = JSON.parse(readFileSync(join(resources, 'demo', 'crews.json'), 'utf8'));
    const profiles = loadProfiles(join(resources, 'profiles'));
    const write = (dataDir: string) =>
      writeDemoWeek({
        dir: join(dataDir, 'demo'),
        config: { ...fleet.config, crews },
        profiles,
        anchor: ANCHOR,
        seed: 7,
        log: quietLog,
      });
    try {
      const [a, b] = [freshDir(), freshDir()];
      expect(await write(a)).toEqual(await write(b));
      const rows = historyRows(a);
      expect(rows.n).toBeGreaterThan(50_000);
      expect(historyRows(b)).toEqual(rows);
    } finally {
      await fleet.stop();
    }
  }, 120_000);

  it('does not write the week again on a second start', async () => {
    await engine.stop();
    const before = allEvents(first);
    engine = await start(first);
    const after = allEvents(first);
    expect(after.filter((e) => e.type === DEMO_WEEK_EVENT)).toHaveLength(1);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.filter((e) => e.type === 'charging.session' && e.ts <= ANCHOR).length).toBe(
      before.filter((e) => e.type === 'charging.session' && e.ts <= ANCHOR).length,
    );
  }, 120_000);
});

describe('resetting the demo', () => {
  it('needs a shift lead and a typed confirmation, is journalled, and writes the week again at the next start', async () => {
    const dataDir = freshDir();
    let engine = await start(dataDir, FLAGS, true);
    const weekBefore = week(dataDir);
    const admin = await overWebSocket(engine);
    const monitor = await overWebSocket(engine);
    const lead = await overWebSocket(engine);
    try {
      await signIn(admin.client);
      const person = { password: 'demo-reset-test-1', reason: 'the test needs one' };
      await admin.client.request('account.create', { user: 'mon', role: 'monitor', ...person });
      await admin.client.request('account.create', { user: 'lead', role: 'shift-lead', ...person });
      await signIn(monitor.client, { user: 'mon', password: person.password });
      await signIn(lead.client, { user: 'lead', password: person.password });

      const asked = { confirm: 'reset the demo', reason: 'new trainees start on Monday' } as const;
      expect(await refusal(monitor.client.request('demo.reset', asked))).toMatch(/^forbidden: /);
      expect(await refusal(lead.client.request('demo.reset', { ...asked, confirm: 'yes' as never }))).toMatch(
        /^bad-params: .*reset the demo/,
      );
      // Work done on the demo since its week: gone after the reset.
      await lead.client.request('handover.note', {
        shiftId: (await lead.client.request('handover.current', {})).record.shift.id,
        text: '演示：交班备注',
      });
      expect(await lead.client.request('demo.reset', asked)).toMatchObject({ restartNeeded: true });
    } finally {
      await Promise.all([admin.close(), monitor.close(), lead.close()]);
      await engine.stop();
    }
    const requested = allEvents(dataDir).filter((e) => e.type === 'demo.reset-requested');
    expect(requested.map((e) => [e.actor.user, e.reason])).toEqual([
      ['lead', 'new trainees start on Monday'],
    ]);

    engine = await start(dataDir, FLAGS, true);
    await engine.stop();
    expect(week(dataDir)).toEqual(weekBefore);
    const events = allEvents(dataDir);
    expect(events.some((e) => e.type === 'handover.note' && e.ts > ANCHOR)).toBe(false);
    const done = events.filter((e) => e.type === DEMO_RESET_DONE);
    expect(done.map((e) => [e.actor.user, e.reason])).toEqual([['lead', 'new trainees start on Monday']]);

    // Started once more without a new request: nothing is reset.
    engine = await start(dataDir, FLAGS, true);
    await engine.stop();
    expect(allEvents(dataDir).filter((e) => e.type === DEMO_RESET_DONE)).toHaveLength(1);
  }, 180_000);
});
