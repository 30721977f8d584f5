import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/engine/engine';
import { createLogger } from '../../electron/log/logger';
import { trainingDesks } from '../../electron/training/launch';
import type { RunningDrillView } from '../../shared/api/drills';
import type { DrillReport } from '../../shared/training/report';
import { TRAINING_DRILL_EVENT } from '../../shared/training/report';
import { createAccounts } from '../helpers/accounts';
import {
  connectWebSocket,
  overWebSocket,
  resources,
  signIn,
  startDesk,
  type Transport,
} from '../helpers/desk';
import { withDeskJournal } from '../helpers/desk-journal';

/**
 * Drills started from the desk's own contract (issue 18): a shift lead
 * names a trainee from the desk's accounts; the training desk gets its own
 * address, where the trainee signs in with their own password as a monitor;
 * ending the drill puts exactly one training record into the real journal,
 * and the records page reads it against the configured pass mark.
 */

const LEAD = { user: 'li.qiang', password: 'lead password 1', role: 'shift-lead' } as const;
const MONITOR = { user: 'wang.fang', password: 'monitor password 1', role: 'monitor' } as const;
const TRAINEE = { user: 'zhao.min', password: 'trainee password 1', role: 'monitor' } as const;
const ALARM = 'sx03:comms.station';

let desk: Awaited<ReturnType<typeof startDesk>>;
let admin: Transport;
let lead: Transport;
let monitor: Transport;

beforeAll(async () => {
  desk = await startDesk({
    stations: 1,
    drills: trainingDesks({ resourcesDir: resources, rendererDir: null }),
    extend: (config) => ({ ...config, training: { passMark: 80 } }),
  });
  admin = await overWebSocket(desk.engine);
  await createAccounts(admin.client, 'drill staff', LEAD, MONITOR, TRAINEE);
  lead = await overWebSocket(desk.engine);
  await signIn(lead.client, LEAD);
  monitor = await overWebSocket(desk.engine);
  await signIn(monitor.client, MONITOR);
}, 60_000);

afterAll(async () => {
  for (const t of [admin, lead, monitor]) await t?.close();
  await desk?.stop();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a drill started from the desk', () => {
  let drill: RunningDrillView;

  it('is refused to a monitor and to names that are not trainees; a shift lead starts it', async () => {
    const start = { scenario: 'drill-gateway-comms-loss', trainees: [TRAINEE.user], speed: 60 as const };
    await expect(monitor.client.request('drill.start', start)).rejects.toThrow(/^forbidden/);

    const state = await lead.client.request('drills.list', {});
    expect(state.unavailable).toBeNull();
    expect(state.libraryErrors).toEqual([]);
    expect(state.library.map((s) => s.name)).toContain('drill-gateway-comms-loss');
    expect(state.library).toHaveLength(7);
    expect(state.library.every((s) => s.title['zh-CN'] && s.title.en && s.briefing.en)).toBe(true);
    expect(state.trainees.map((t) => t.user)).toEqual(expect.arrayContaining([TRAINEE.user, MONITOR.user]));

    await expect(lead.client.request('drill.start', { ...start, trainees: ['nobody'] })).rejects.toThrow(
      'invalid: nobody has no account on this desk: trainees sign in on the drill desk as themselves, so an admin creates their account first',
    );
    await expect(lead.client.request('drill.start', { ...start, speed: 5 as 60 })).rejects.toThrow(
      'bad-params: bad params for drill.start: speed: a drill runs at ×1, ×10, ×60',
    );
    await expect(
      lead.client.request('drill.start', { ...start, scenario: 'drill-not-in-the-library' }),
    ).rejects.toThrow('invalid: no drill "drill-not-in-the-library" in the library');

    drill = await lead.client.request('drill.start', start);
    expect(drill).toMatchObject({ trainees: [TRAINEE.user], lead: LEAD.user, speed: 60 });
    expect(drill.url).toBe(`http://127.0.0.1:${drill.port}/`);
    expect((await lead.client.request('drills.list', {})).running.map((r) => r.drillId)).toEqual([
      drill.drillId,
    ]);
    await expect(lead.client.request('drill.start', start)).rejects.toThrow(
      'invalid: zhao.min is in the drill "Gateway comms loss at one site" already: end that one first',
    );
  }, 60_000);

  it('the trainee signs in on the drill desk as themselves, a monitor; nobody else can', async () => {
    const there = await connectWebSocket(drill.port);
    try {
      const info = await there.client.request('desk.info', {});
      expect(info.drill).toMatchObject({ id: drill.drillId, trainees: [TRAINEE.user], lead: LEAD.user });
      // Accounts are on: before signing in, the drill desk only watches.
      await expect(there.client.request('alarm.ack', { id: ALARM })).rejects.toThrow(/^forbidden/);
      await expect(signIn(there.client, LEAD)).rejects.toThrow(/wrong|unknown|invalid/i);
      const state = await signIn(there.client, TRAINEE);
      expect(state.actingAs).toEqual({ user: TRAINEE.user, role: 'monitor' });

      let found = false;
      for (let tries = 0; tries < 300 && !found; tries++) {
        const { alarms } = await there.client.request('alarms.list', {});
        found = alarms.some((a) => a.id === ALARM && a.state === 'active-unacknowledged');
        if (!found) await pause(200);
      }
      expect(found).toBe(true);
      await there.client.request('alarm.ack', { id: ALARM });
    } finally {
      await there.close();
    }
  }, 90_000);

  it('ends with the assessor’s remarks: one record per trainee in the real journal, scored on their own steps', async () => {
    const outcome = await lead.client.request('drill.end', {
      drillId: drill.drillId,
      remarks: 'acknowledged quickly; no crew sent',
    });
    expect(outcome.scores.map((s) => s.trainee)).toEqual([TRAINEE.user]);
    const score = outcome.scores[0]?.score ?? 0;
    expect(outcome.scores[0]?.passed).toBe(score >= 80);
    expect((await lead.client.request('drills.list', {})).running).toEqual([]);

    const records = withDeskJournal(desk.dataDir, (j) => j.read({ limit: 100_000 })).filter((e) =>
      e.type.startsWith('training.'),
    );
    expect(records.map((e) => [e.type, e.subject, e.actor.user])).toEqual([
      [TRAINING_DRILL_EVENT, `training/${TRAINEE.user}`, LEAD.user],
    ]);
    const text = readFileSync(join(desk.dataDir, 'drills', drill.drillId, 'report.json'), 'utf8');
    expect(records[0]?.data).toMatchObject({
      reportHash: createHash('sha256').update(text).digest('hex'),
      score,
    });
    const report = JSON.parse(text) as DrillReport;
    expect(report.remarks).toBe('acknowledged quickly; no crew sent');
    const ack = report.scores[0]?.items.find((i) => i.item === 'ack');
    expect(ack).toMatchObject({ by: TRAINEE.user, points: 20 });
    expect(report.scores[0]?.items.find((i) => i.item === 'dispatch')?.points).toBe(0);
    await expect(lead.client.request('drill.end', { drillId: drill.drillId })).rejects.toThrow(
      `invalid: drill ${drill.drillId} is not running`,
    );
  }, 60_000);

  it('lists each operator’s drills against the pass mark, with certification derived from them', async () => {
    const records = await monitor.client.request('training.records', {});
    expect(records.passMark).toBe(80);
    const zhao = records.operators.find((o) => o.trainee === TRAINEE.user);
    expect(zhao?.drills.map((d) => [d.drillId, d.passed])).toEqual([[drill.drillId, false]]);
    expect(zhao).toMatchObject({ passed: 0, failed: 1, status: 'uncertified', certifiedAt: null });
    expect(records.operators.find((o) => o.trainee === MONITOR.user)).toMatchObject({
      drills: [],
      status: 'uncertified',
    });

    // A lower pass mark re-reads the same score: now a pass, so certified, retraining a year on.
    const view = await admin.client.request('config.get', {});
    await admin.client.request('config.update', {
      config: { ...view.config, training: { passMark: 10, retrainEveryDays: 365, dueSoonDays: 30 } },
      reason: 'drill test: a lower pass mark',
    });
    const again = await monitor.client.request('training.records', {});
    const passed = again.operators.find((o) => o.trainee === TRAINEE.user);
    const recordedAt = passed?.drills[0]?.recordedAt ?? 0;
    expect(passed).toMatchObject({
      passed: 1,
      status: 'certified',
      certifiedAt: recordedAt,
      retrainBy: recordedAt + 365 * 86_400_000,
    });

    const file = await monitor.client.request('training.export', { lang: 'en' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    const operators = book.getWorksheet('Operators');
    const row = operators
      ?.getRows(2, operators.rowCount - 1)
      ?.find((r) => r.getCell(1).value === TRAINEE.user);
    expect(row?.getCell(3).value).toBe('certified');
  }, 60_000);

  it('opens the report only while it is the one its record points at', async () => {
    const pdf = await monitor.client.request('drill.report', {
      drillId: drill.drillId,
      format: 'pdf',
      lang: 'en',
    });
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.fileName).toBe(`drill-drill-gateway-comms-loss-${drill.drillId}.pdf`);

    const file = join(desk.dataDir, 'drills', drill.drillId, 'report.json');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('no crew sent', 'crew sent'));
    await expect(
      monitor.client.request('drill.report', { drillId: drill.drillId, format: 'xlsx', lang: 'en' }),
    ).rejects.toThrow(/does not match the hash its training record carries: it was changed/);
    writeFileSync(file, text);
  }, 60_000);

  it('a config with a pass mark out of range is refused, naming the field', async () => {
    await expect(
      startDesk({ stations: 1, extend: (config) => ({ ...config, training: { passMark: 120 } }) }),
    ).rejects.toThrow(/training\.passMark: the pass mark is a score from 0 to 100/);
  });
});

describe('a drill running when the desk stops', () => {
  it('is marked abandoned at the next start, named in the log and listed, with nothing in the real journal', async () => {
    const lines: string[] = [];
    const log = createLogger('desk', (line) => lines.push(line));
    const own = await startDesk({
      stations: 1,
      drills: trainingDesks({ resourcesDir: resources, rendererDir: null }),
      log,
    });
    let current: Engine | null = own.engine;
    try {
      const staff = await overWebSocket(own.engine);
      await createAccounts(staff.client, 'drill staff', LEAD, TRAINEE);
      const shiftLead = await overWebSocket(own.engine);
      await signIn(shiftLead.client, LEAD);
      const started = await shiftLead.client.request('drill.start', {
        scenario: 'drill-gateway-comms-loss',
        trainees: [TRAINEE.user],
        speed: 60,
      });
      await staff.close();
      await shiftLead.close();
      await own.engine.stop();
      current = null;
      expect(lines.some((l) => l.includes(`drill ${started.drillId}`) && l.includes('abandoned'))).toBe(true);

      // A start that died before its folder said anything: abandoned too, named by its id only.
      const bare = randomUUID();
      mkdirSync(join(own.dataDir, 'drills', bare));

      lines.length = 0;
      current = await own.reopen();
      const reader = await overWebSocket(current);
      const state = await reader.client.request('drills.list', {});
      await reader.close();
      expect(state.running).toEqual([]);
      expect(state.abandoned).toEqual([
        { drillId: bare, manifest: null, foundAt: expect.any(Number), thisStart: true },
        {
          drillId: started.drillId,
          manifest: expect.objectContaining({
            scenario: 'drill-gateway-comms-loss',
            trainees: [TRAINEE.user],
            lead: LEAD.user,
            speed: 60,
          }),
          foundAt: expect.any(Number),
          thisStart: true,
        },
      ]);
      expect(
        lines.filter(
          (l) => l.includes('WARN') && l.includes(`drill ${started.drillId} (drill-gateway-comms-loss`),
        ),
      ).toHaveLength(1);
      await current.stop();
      current = null;

      // Found once: a later start lists it still, but no longer as news, and logs nothing more of it.
      lines.length = 0;
      current = await own.reopen();
      const again = await overWebSocket(current);
      const later = await again.client.request('drills.list', {});
      await again.close();
      expect(later.abandoned.map((d) => [d.drillId, d.thisStart])).toEqual([
        [bare, false],
        [started.drillId, false],
      ]);
      expect(lines.filter((l) => l.includes(started.drillId))).toEqual([]);

      const events = withDeskJournal(own.dataDir, (j) => j.read({ limit: 100_000 }));
      expect(events.filter((e) => e.type.startsWith('training.'))).toEqual([]);
      expect(events.filter((e) => JSON.stringify(e).includes(started.drillId))).toEqual([]);
    } finally {
      await current?.stop();
      await own.fleet.stop();
    }
  }, 120_000);
});
