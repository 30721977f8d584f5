import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { takeFullBackup } from '../../electron/backup/full';
import { scanBackups } from '../../electron/backup/layout';
import { BackupScheduler } from '../../electron/backup/scheduler';
import type { PruningHeld } from '../../electron/clock-steps/pruning-held';
import { PRUNING_HELD, RetentionClock } from '../../electron/clock-steps/retention-clock';
import { CLOCK_STEPPED, ClockStepWatch } from '../../electron/clock-steps/watch';
import { HistoryStore } from '../../electron/history/store';
import type { Logger } from '../../electron/log/logger';
import { Journal } from '../../electron/store/journal';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 10, 23, 0, 0, 0);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dutydesk-clock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

/** A wall clock the test steps and a steady clock that only moves when time passes. */
function clocks(start = T0) {
  const c = {
    wall: start,
    steady: 1_000,
    sources: { wall: () => c.wall, monotonic: () => c.steady },
    pass(ms: number) {
      c.wall += ms;
      c.steady += ms;
    },
  };
  return c;
}

describe('desk clock steps', () => {
  it('journals a step back of an hour and forward of a day, and the chain stays intact across them', () => {
    let wall = T0;
    let steady = 1_000;
    const warnings: string[] = [];
    const log: Logger = {
      debug() {},
      info() {},
      warn: (m) => warnings.push(m),
      error() {},
      child: () => log,
    };
    const journal = Journal.open(join(dir, 'journal.sqlite'), { now: () => wall });
    try {
      const watch = new ClockStepWatch({
        journal,
        log,
        sources: { wall: () => wall, monotonic: () => steady },
      });
      const record = (n: number) =>
        journal.append({
          type: 'alarm.acked',
          subject: `st001-ac${n}:fanFault`,
          data: { n },
          actor: { user: 'mon-a', role: 'monitor' },
        });
      const pass = (ms: number) => {
        wall += ms;
        steady += ms;
      };

      pass(5_000);
      record(1);
      // Drift and a slow timer are not steps.
      wall += 1_500;
      expect(watch.check()).toBeNull();

      pass(5_000);
      wall -= HOUR;
      expect(watch.check()).toEqual({ from: wall + HOUR, to: wall, stepMs: -HOUR });
      record(2);

      pass(5_000);
      wall += 24 * HOUR;
      expect(watch.check()?.stepMs).toBe(24 * HOUR);
      record(3);

      const events = journal.read();
      expect(events.map((e) => e.type)).toEqual([
        'alarm.acked',
        CLOCK_STEPPED,
        'alarm.acked',
        CLOCK_STEPPED,
        'alarm.acked',
      ]);
      // The record after the step back is stamped earlier than the one before it; the step says why.
      expect(events[2]?.ts).toBeLessThan(events[0]?.ts ?? 0);
      expect(events[1]?.data).toMatchObject({ stepMs: -HOUR });
      expect(journal.verify()).toEqual({ ok: true, count: 5 });
      expect(warnings).toEqual([
        `desk clock stepped by ${-HOUR} ms (journalled)`,
        `desk clock stepped by ${24 * HOUR} ms (journalled)`,
      ]);
    } finally {
      journal.close();
    }
  });
});

describe('pruning under clock steps', () => {
  const retention = { rawDays: 2, minuteDays: 3, quarterHourDays: 1827 };
  /** Raw samples 2.5 days, 1.5 days and an hour old at T0: the first is past the two raw days. */
  const AGES = [2.5 * DAY, 1.5 * DAY, HOUR];

  function history(c: ReturnType<typeof clocks>, held: PruningHeld[]) {
    const store = HistoryStore.open(join(dir, 'history.sqlite'), {
      retention,
      pruneClock: new RetentionClock(c.sources),
      onPruningHeld: (h) => held.push(h),
      flushEveryMs: 3_600_000,
      maintainEveryMs: 3_600_000,
    });
    store.record(
      AGES.map((age, i) => ({ deviceId: 'sx01-dc1', key: 'power', ts: T0 - age, value: i, quality: 'good' })),
    );
    store.flush();
    return store;
  }
  const maintain = (store: HistoryStore) => {
    while (store.maintain());
  };
  it('a day forward: the round that sees the step deletes nothing, and later rounds keep by the steady clock', () => {
    const c = clocks();
    const held: PruningHeld[] = [];
    const store = history(c, held);
    try {
      c.pass(5_000);
      maintain(store);
      expect(store.status().rawRows).toBe(2);
      expect(held).toEqual([]);

      c.pass(5_000);
      c.wall += DAY;
      maintain(store);
      expect(held).toHaveLength(1);
      expect(held[0]?.step.stepMs).toBe(DAY);
      expect(held[0]?.trusted).toBe(T0 + 10_000);
      expect(store.status().rawRows).toBe(2);

      // By the stepped clock the 1.5-day sample is 2.5 days old; by the steady clock it is not.
      c.pass(5_000);
      maintain(store);
      expect(held).toHaveLength(1);
      expect(store.status().rawRows).toBe(2);

      // Pruning still works: once the steady clock has counted past the sample's two days, it goes.
      c.pass(0.5 * DAY + 10_000);
      maintain(store);
      expect(store.status().rawRows).toBe(1);
    } finally {
      store.close();
    }
  });

  it('an hour back: one round held, then pruning by the earlier wall clock keeps more, never less', () => {
    const c = clocks();
    const held: PruningHeld[] = [];
    const store = history(c, held);
    try {
      c.pass(0.5 * DAY - 10_000);
      maintain(store);
      expect(store.status().rawRows).toBe(2);
      c.wall -= HOUR;
      c.pass(5_000);
      maintain(store);
      expect(held.map((h) => h.step.stepMs)).toEqual([-HOUR]);
      // 30 s past the 1.5-day sample's two days by the steady clock, an hour short of them by the wall.
      c.pass(35_000);
      maintain(store);
      expect(store.status().rawRows).toBe(2);
      c.pass(HOUR);
      maintain(store);
      expect(store.status().rawRows).toBe(1);
      expect(held).toHaveLength(1);
    } finally {
      store.close();
    }
  });

  it('old backups are not pruned on a clock that jumped a day; the hold is journalled', async () => {
    const c = clocks();
    const keepDays = 10;
    const journal = Journal.open(join(dir, 'journal.sqlite'), { now: () => c.wall });
    const backups = join(dir, 'backups');
    try {
      journal.append({
        type: 'handover.note',
        subject: 'shift',
        data: { n: 1 },
        actor: { user: 'li.na', role: 'shift-lead' },
      });
      // A full backup 9.5 days old: inside the ten days kept, outside them by a clock a day fast.
      const { dir: old } = await takeFullBackup(journal, null, backups, T0 - 9.5 * DAY);
      const scheduler = new BackupScheduler(
        { dir: backups, fullEveryMs: DAY, incrementalEveryMs: HOUR, firstFullAfterMs: DAY, keepDays },
        {
          journal,
          history: null,
          log: silent,
          now: () => c.wall,
          pruneClock: new RetentionClock(c.sources),
          onChange: () => {},
        },
      );
      c.pass(5_000);
      c.wall += DAY;
      await scheduler.full();
      c.pass(5_000);
      await scheduler.full();
      await scheduler.stop();
      expect(scanBackups(backups).fulls.map((f) => f.dir)).toContain(old);
      expect(scanBackups(backups).fulls).toHaveLength(3);
      const holds = journal.read({ type: PRUNING_HELD });
      expect(holds).toHaveLength(1);
      expect(holds[0]).toMatchObject({ subject: 'backups', data: { stepMs: DAY, trusted: T0 + 5_000 } });
      expect(journal.verify()).toMatchObject({ ok: true });
    } finally {
      journal.close();
    }
  });
});
