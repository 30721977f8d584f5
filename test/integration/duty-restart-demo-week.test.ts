import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskClock } from '../../electron/alarms/clock';
import { devicesOf, weekConfig, writeDemoWeek } from '../../electron/demo/week/write';
import { snapshotFile } from '../../electron/duty-snapshot/file';
import { Journal } from '../../electron/store/journal';
import { crewsOf } from '../../electron/workorders/dispatch';
import { startDuty } from '../../electron/workorders/duty';
import { loadProfiles } from '../../node/profiles';
import type { DeskConfig } from '../../shared/config/schema';
import { slaSettingsOf } from '../../shared/triage/sla';
import { startFleet } from '../../sim/fleet';
import { quietLog, resources } from '../helpers/desk';
import { falseBreaches } from '../helpers/duty-breaches';

/**
 * Restarting the desk on the demo's generated week (issue 16): a snapshot
 * start journalled dispatch and arrival breaches for the overheating
 * wallbox's alarm, whose order was dispatched and on site in time and
 * accepted days before. The alarm queue read its clocks while it was
 * rebuilt, before the work orders that stop them were back, so every
 * restored alarm past its deadlines looked undispatched; a whole replay
 * did the same on a desk started after those deadlines. Whatever the
 * start, a restart journals only deadlines its restored clocks show passed.
 */
const ANCHOR = Date.parse('2026-06-15T10:30:00+08:00');
const DAY = 86_400_000;
const profiles = loadProfiles(join(resources, 'profiles'));
const stillAt = (t: number): DeskClock => ({ now: () => t, after: () => () => {} });

let week: string;
let config: DeskConfig;
beforeAll(async () => {
  const fleet = await startFleet({ seed: 7 });
  const crews = JSON.parse(readFileSync(join(resources, 'demo', 'crews.json'), 'utf8'));
  config = weekConfig({ ...fleet.config, crews });
  await fleet.stop();
  week = join(mkdtempSync(join(tmpdir(), 'dutydesk-restart-week-')), 'demo');
  await writeDemoWeek({ dir: week, config, profiles, anchor: ANCHOR, seed: 7, log: quietLog });
}, 120_000);
afterAll(() => rmSync(join(week, '..'), { recursive: true, force: true }));

/** A copy of the week's journal (and its snapshot), restarted at `t`; what the restart journalled, and the state. */
async function restart(t: number, snapshot: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-restart-'));
  const file = join(dir, 'journal.sqlite');
  copyFileSync(join(week, 'journal.sqlite'), file);
  const taken = snapshotFile(join(week, 'journal.sqlite'));
  if (existsSync(taken)) copyFileSync(taken, snapshotFile(file));
  const journal = Journal.open(file);
  const lines: string[] = [];
  const log = {
    debug: () => {},
    info: (m: string) => lines.push(m),
    warn: (m: string) => lines.push(`warn ${m}`),
    error: (m: string) => lines.push(`error ${m}`),
    child: () => log,
  };
  const sla = slaSettingsOf(config.sla);
  const duty = startDuty({
    journal,
    emit: () => {},
    log,
    sla,
    clock: stillAt(t),
    snapshotFile: snapshot ? snapshotFile(file) : null,
    snapshotFromEvents: 0,
  });
  try {
    const before = journal.count();
    duty.setFleet(config.stations, devicesOf(config, profiles), profiles, sla, config.alarmRules);
    duty.setCrews(crewsOf(config));
    duty.restore();
    const reader = { user: 'test', role: 'monitor' } as const;
    const state = {
      alarms: (await duty.api['alarms.list']({}, reader)).alarms,
      workOrders: (await duty.api['workorders.list']({}, reader)).workOrders,
    };
    const journalled = journal.read({ afterSeq: before, limit: 10_000 });
    return { journalled, state, lines };
  } finally {
    duty.stop();
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('restarting the demo week’s desk', () => {
  for (const snapshot of [true, false]) {
    const how = snapshot ? 'from its snapshot' : 'by whole replay';
    it(`${how} as the week ends journals no breach: every deadline passed already did`, async () => {
      const { journalled, lines } = await restart(ANCHOR, snapshot);
      if (snapshot) expect(lines.join('\n')).toMatch(/duty state from the snapshot at seq \d+/);
      expect(journalled.filter((e) => e.type.endsWith('.sla-breached'))).toEqual([]);
    }, 60_000);

    it(`${how} three days later journals only deadlines its restored clocks show passed`, async () => {
      const { journalled, state } = await restart(ANCHOR + 3 * DAY, snapshot);
      expect(falseBreaches(journalled, state)).toEqual([]);
      // The overheating wallbox's order was on site in time and accepted long before.
      const overheat = journalled.filter((e) => e.subject.endsWith(':overTemperature'));
      expect(overheat).toEqual([]);
      // The stuck gun's crew, dispatched as the week ended, has not checked in: that one is real, and all there is.
      expect(journalled.map((e) => [e.type, (e.data as { clockId?: string }).clockId])).toEqual([
        ['workorder.sla-breached', 'arrive'],
      ]);
    }, 60_000);
  }
});
