import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLOCK_STEPPED, ClockStepWatch } from '../../electron/clock-steps/watch';
import type { Logger } from '../../electron/log/logger';
import { Journal } from '../../electron/store/journal';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 23, 0, 0, 0);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dutydesk-clock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

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
